import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import type { VendorErrorDetails } from '../../shared/errors';
import { DEFAULT_MAX_PAGES, TooManyPagesError, collectItems, pageNumberPages } from '../../shared/paging';
import { PLANTRONICS_REGION_HOSTS } from '../../shared/regions';
import type { RequestContext, VendorAnswer, VendorProfile } from '../../shared/transport';
import { BODY_LIMITS } from '../../shared/body';
import { sendRequest } from '../../shared/transport';
import { isHexUuid, resolveBaseUrl } from '../../shared/validation';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'plantronicsManagerProApi';

/** The API's own ceiling per page ("max 99" in the vendor's samples). */
export const MAX_PAGE_SIZE = 99;

/** One device record as the inventory API returns it. */
export interface InventoryDevice extends IDataObject {
	device: IDataObject & { id?: string; versionCompliant?: boolean };
}

/** Which devices to list: the whole tenant, one user's, or those of user groups. */
export type DeviceScope =
	| { kind: 'tenant' }
	| { kind: 'user'; username: string }
	| { kind: 'userGroup'; userGroups: string };

const DOCUMENTED_ERRORS: Record<number, Omit<VendorErrorDetails, 'message'> & { fallback: string }> = {
	400: {
		fallback: 'The request was malformed',
		hint: 'Check the Tenant API Code in the credential and the filter values (dates must be ISO timestamps).',
	},
	401: {
		fallback: 'Unauthorized',
		hint: 'The API key was rejected. Check the API key and that it was generated for this region.',
	},
	403: {
		fallback: 'Unauthorized token error',
		hint: 'The App ID is not authorised for this tenant. Check the App ID, and ask the tenant admin to authorise the app.',
	},
	404: {
		fallback: 'No device entity could be found',
		hint: 'Check the Tenant API Code in the credential and the username or user group.',
	},
	422: {
		fallback: 'A required parameter is missing',
		hint: 'Fill in every required field (for user groups: User Groups).',
	},
	500: {
		fallback: 'Internal server error',
		hint: 'This is on the Plantronics side. Try again later; if it persists, contact Poly support.',
	},
};

function vendorMessage(answer: VendorAnswer): string | undefined {
	const body = answer.json as IDataObject | undefined;
	for (const key of ['message', 'error', 'errorMessage', 'description']) {
		const value = body?.[key];
		if (typeof value === 'string' && value.trim()) return value;
	}
	return undefined;
}

export const plantronicsProfile: VendorProfile = {
	name: 'Plantronics Manager Pro',
	readError(answer) {
		const documented = DOCUMENTED_ERRORS[answer.statusCode];
		if (!documented) return undefined;
		return { message: vendorMessage(answer) ?? documented.fallback, hint: documented.hint };
	},
};

interface PlantronicsConnection {
	baseUrl: string;
	tenantApiCode: string;
	secrets: string[];
}

async function connection(this: RequestContext, itemIndex?: number): Promise<PlantronicsConnection> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const tenantApiCode = String(credentials.tenantApiCode ?? '').trim();
	if (!isHexUuid(tenantApiCode)) {
		throw inputError(
			this.getNode(),
			'The credential\'s "Tenant API Code" is not a valid tenant ID',
			'Open the credential and paste the tenant API code from Plantronics Manager Pro (Admin > Accounts > Company Profile): a hexadecimal ID like af0813e6-81c0-4a77-89d2-3338d0277c42.',
			itemIndex,
		);
	}
	return {
		baseUrl: resolveBaseUrl(this, credentials, PLANTRONICS_REGION_HOSTS),
		tenantApiCode,
		secrets: [String(credentials.apiKey ?? '')],
	};
}

function pathFor(tenantApiCode: string, scope: DeviceScope): string {
	const tenantPath = `/reports/assets/tenant/${encodeURIComponent(tenantApiCode)}/devices`;
	if (scope.kind === 'user') return `${tenantPath}/user/${encodeURIComponent(scope.username)}`;
	if (scope.kind === 'userGroup') return `${tenantPath}/usergroup`;
	return tenantPath;
}

export interface ListOptions {
	scope: DeviceScope;
	/** Exact-match filters sent as query parameters. */
	filters: IDataObject;
	pageSize: number;
	/** Stop once this many devices are kept (undefined: all). */
	limit?: number;
	keep?: (device: InventoryDevice) => boolean;
	itemIndex?: number;
}

/** Lists devices page by page (page from 0, `count` per page) until the last page or the limit. */
export async function listDevices(this: RequestContext, options: ListOptions): Promise<InventoryDevice[]> {
	const { baseUrl, tenantApiCode, secrets } = await connection.call(this, options.itemIndex);
	const url = `${baseUrl}${pathFor(tenantApiCode, options.scope)}`;
	const scopeQuery: IDataObject = options.scope.kind === 'userGroup' ? { userGroups: options.scope.userGroups } : {};

	const fetchPage = async (page: number, count: number) => {
		const answer = await sendRequest.call(this, plantronicsProfile, {
			credentialType: CREDENTIAL_TYPE,
			method: 'GET',
			url,
			qs: { ...options.filters, ...scopeQuery, page, count },
			idempotent: true,
			...BODY_LIMITS.plantronics,
			secrets,
			itemIndex: options.itemIndex,
			// A list answering 404 "no device entity" simply has no devices.
			acceptStatuses: [404],
		});
		if (answer.statusCode === 404) return { items: [] as InventoryDevice[], isLastPage: true };
		const body = answer.json as { _embedded?: { deviceInventoryList?: InventoryDevice[] }; page?: IDataObject };
		const items = body?._embedded?.deviceInventoryList ?? [];
		const { number, totalPages } = body?.page ?? {};
		const isLastPage =
			typeof number === 'number' && typeof totalPages === 'number' ? number >= totalPages - 1 : undefined;
		return { items, isLastPage };
	};

	try {
		return await collectItems(
			pageNumberPages(fetchPage, { firstPage: 0, pageSize: options.pageSize, maxPages: DEFAULT_MAX_PAGES }),
			options.limit,
			options.keep,
		);
	} catch (error) {
		if (error instanceof TooManyPagesError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				description: 'The server kept sending full pages. Narrow the request with filters, or contact Poly support.',
				itemIndex: options.itemIndex,
			});
		}
		throw error as NodeApiError;
	}
}
