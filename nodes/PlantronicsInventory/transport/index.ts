import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { inputError, vendorApiError } from '../../shared/errors';
import type { VendorErrorDetails } from '../../shared/errors';
import { DEFAULT_MAX_PAGES, DEFAULT_PARALLEL_REQUESTS, TooManyPagesError, collectItems, pageNumberPages } from '../../shared/paging';
import { SharedBackoff } from '../../shared/retry';
import { PLANTRONICS_REGION_HOSTS } from '../../shared/regions';
import type { FetchedPage } from '../../shared/paging';
import type { RequestContext, VendorAnswer, VendorProfile } from '../../shared/transport';
import { BODY_LIMITS, RUN_BUDGETS, megabytes } from '../../shared/body';
import type { RunLimits } from '../../shared/runLimits';
import { sendRequest } from '../../shared/transport';
import { isHexUuid, resolveBaseUrl } from '../../shared/validation';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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
	credentials: ICredentialDataDecryptedObject;
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
		credentials,
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
	/** Pages in flight at once after the first (default DEFAULT_PARALLEL_REQUESTS; 1: one after another). */
	parallelRequests?: number;
	itemIndex?: number;
	/** The limits of this run (one execution, or one poll): its read budget and its time budget. */
	run: RunLimits;
}

const NO_DEVICE_ENTITY = /no device entity/i;
/** Markup: a web server's error page is HTML, the API's answer never is. */
const HTML_TAG = /<\/?[a-z!][^<>]*>/i;

function containsNoDeviceEntity(value: unknown, depth = 0): boolean {
	if (typeof value === 'string') return NO_DEVICE_ENTITY.test(value);
	if (depth >= 4 || value === null || typeof value !== 'object') return false;
	return Object.values(value as IDataObject).some((child) => containsNoDeviceEntity(child, depth + 1));
}

/**
 * The documented 404 of a list with no devices ("No device entity could be
 * found…"). The documents give only that sentence, not a body shape: it is
 * recognised as plain text, or in JSON under any key, but never inside an HTML
 * page. Any other 404 (a web server's page, a wrong path) means a wrong address.
 * The node and the credential test both decide with this function.
 */
export function isNoDeviceEntityAnswer(statusCode: number, bodyText: string): boolean {
	if (statusCode !== 404) return false;
	const trimmed = bodyText.trim();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return containsNoDeviceEntity(JSON.parse(trimmed));
		} catch {
			// Not JSON after all: read it as text.
		}
	}
	return !HTML_TAG.test(trimmed) && NO_DEVICE_ENTITY.test(trimmed);
}

const isWholeNumber = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

const isRecord = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The devices and paging metadata of one page of the HAL envelope, or the
 * reason the answer is not an inventory page: a wrong Base URL or a changed
 * API must not pass for "no devices".
 */
export function readPage(body: unknown, page: number): FetchedPage<InventoryDevice> | string {
	if (!isRecord(body)) return `the answer is ${body === undefined ? 'empty' : describeValue(body)}, not a device inventory page`;
	const embedded = body._embedded;
	if (embedded !== undefined && !isRecord(embedded)) return `"_embedded" is ${describeValue(embedded)}, not an object`;
	const list = embedded?.deviceInventoryList;
	// A HAL list with no devices may leave out "_embedded"; an answer with neither links nor paging is something else.
	if (list === undefined && body.page === undefined && body._links === undefined) {
		return 'the answer has no "_embedded.deviceInventoryList", "page" or "_links": it is not a device inventory page';
	}
	if (list !== undefined && !Array.isArray(list)) return `"_embedded.deviceInventoryList" is ${describeValue(list)}, not a list`;
	const items = (list ?? []) as unknown[];
	for (const [index, entry] of items.entries()) {
		if (!isRecord(entry)) return `entry ${index} of page ${page} is ${describeValue(entry)}, not a device record`;
		if (!isRecord(entry.device)) return `entry ${index} of page ${page} has no "device" object`;
	}
	// Without paging metadata a short page is the last; metadata that is there must be whole, or paging could run on.
	if (body.page === undefined) return { items: items as InventoryDevice[] };
	if (!isRecord(body.page)) return `"page" of page ${page} is ${describeValue(body.page)}, not an object`;
	const { number, totalPages } = body.page;
	const notWhole = (name: string, value: unknown) =>
		`"page.${name}" of page ${page} is ${typeof value === 'number' ? value : describeValue(value)}, not a whole number`;
	if (!isWholeNumber(number)) return notWhole('number', number);
	if (!isWholeNumber(totalPages)) return notWhole('totalPages', totalPages);
	if (number !== page) return `page ${page} was asked for, but the answer is page ${number}`;
	return { items: items as InventoryDevice[], isLastPage: number >= totalPages - 1, totalPages };
}

/**
 * Lists devices page by page (page from 0, `count` per page) until the last
 * page or the limit. The answer's paging metadata decides when it is there.
 */
export async function listDevices(this: RequestContext, options: ListOptions): Promise<InventoryDevice[]> {
	const { credentials, baseUrl, tenantApiCode, secrets } = await connection.call(this, options.itemIndex);
	const url = `${baseUrl}${pathFor(tenantApiCode, options.scope)}`;
	const scopeQuery: IDataObject = options.scope.kind === 'userGroup' ? { userGroups: options.scope.userGroups } : {};
	const errorContext = { vendorName: plantronicsProfile.name, secrets, itemIndex: options.itemIndex };
	// The pages line up only while the list stays as page 0 found it: the page count it announced (undefined
	// when it had no paging metadata) holds for every page, and no device comes back on another page.
	let announcedPages: number | undefined;
	let firstPageHadMetadata = false;
	const pageOfDevice = new Map<string, number>();
	const isBeforeAnnouncedEnd = (page: number) => announcedPages !== undefined && page > 0 && page < announcedPages;
	const listChanged = (what: string, httpStatus: number) =>
		vendorApiError(
			this.getNode(),
			{
				message: `The device list changed while it was read: ${what}`,
				hint: 'Devices were added to or left the inventory during the listing, so the pages read no longer line up and the listing is not complete. Run the node again (a trigger lists again at its next poll).',
			},
			{ ...errorContext, httpStatus },
		);
	const unexpected = (problem: string, httpStatus: number) =>
		vendorApiError(
			this.getNode(),
			{
				message: `Unexpected answer: ${problem}`,
				hint: 'Check the region (or, for Custom, the Base URL) in the credential. If it is right, the API has changed its answer: contact Poly support.',
			},
			{ ...errorContext, httpStatus },
		);

	const backoff = new SharedBackoff();
	const fetchPage = async (page: number, count: number, cancel: AbortSignal) => {
		const answer = await sendRequest.call(this, plantronicsProfile, {
			credentialType: CREDENTIAL_TYPE,
			credentials,
			method: 'GET',
			url,
			qs: { ...options.filters, ...scopeQuery, page, count },
			idempotent: true,
			...BODY_LIMITS.plantronics,
			secrets,
			itemIndex: options.itemIndex,
			acceptStatuses: [404],
			backoff,
			cancel,
			run: options.run,
		});
		if (answer.statusCode === 404) {
			if (isNoDeviceEntityAnswer(answer.statusCode, answer.text)) {
				if (isBeforeAnnouncedEnd(page)) throw listChanged(`${announcedPages} pages were announced, but page ${page} answered "no device entity"`, 404);
				// Page 0: no devices at all. A later page with no page count announced: the list ended on a full page.
				return { items: [] as InventoryDevice[], isLastPage: true };
			}
			throw vendorApiError(
				this.getNode(),
				{
					message: vendorMessage(answer) ?? 'Not found',
					hint: 'This is not the inventory API\'s "no device entity" answer: the address is wrong. Check the region (or, for Custom, the Base URL) in the credential.',
				},
				{ ...errorContext, httpStatus: 404 },
			);
		}
		if (options.run.exceedsBytes(answer.bytes.length, RUN_BUDGETS.plantronicsBytes)) {
			throw vendorApiError(
				this.getNode(),
				{
					message: `Stopped at page ${page}: this run has read more than ${megabytes(RUN_BUDGETS.plantronicsBytes)} MB of inventory, the most one run may hold`,
					hint: 'Narrow the request with filters or a Limit, or split it (by user group, for example). If the tenant is not that large, the server keeps answering pages: contact Poly support.',
				},
				{ ...errorContext, httpStatus: answer.statusCode },
			);
		}
		const read = readPage(answer.json, page);
		if (typeof read === 'string') throw unexpected(read, answer.statusCode);
		if (page === 0) {
			announcedPages = read.totalPages;
			firstPageHadMetadata = read.totalPages !== undefined;
		} else if (firstPageHadMetadata && read.totalPages === undefined) {
			throw unexpected(`page ${page} has no paging metadata, but page 0 had`, answer.statusCode);
		} else if (read.items.length === 0 && isBeforeAnnouncedEnd(page)) {
			throw listChanged(`${announcedPages} pages were announced, but page ${page} held no devices`, answer.statusCode);
		} else if (read.totalPages !== announcedPages) {
			throw listChanged(`${announcedPages} pages were announced, but page ${page} says ${read.totalPages}`, answer.statusCode);
		}
		for (const { device } of read.items) {
			if (typeof device.id !== 'string') continue;
			const seenOn = pageOfDevice.get(device.id);
			if (seenOn !== undefined && seenOn !== page) {
				throw listChanged(`page ${page} repeats the device ID "${device.id.slice(0, 100)}" of page ${seenOn}`, answer.statusCode);
			}
			pageOfDevice.set(device.id, page);
		}
		return read;
	};

	const paging = {
		firstPage: 0,
		pageSize: options.pageSize,
		maxPages: DEFAULT_MAX_PAGES,
		concurrency: options.parallelRequests ?? DEFAULT_PARALLEL_REQUESTS,
		backoff,
		limit: options.limit,
	};
	try {
		const devices = await collectItems(pageNumberPages(fetchPage, paging), options.limit, options.keep);
		if (backoff.throttled && 'addExecutionHints' in this) {
			this.addExecutionHints({ message: `${throttledNote(backoff)} Lower "Parallel Requests" (Options) if this happens often.`, location: 'outputPane' });
		}
		return devices;
	} catch (error) {
		if (error instanceof TooManyPagesError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				description: 'Narrow the request with filters, or contact Poly support.',
				itemIndex: options.itemIndex,
			});
		}
		if (backoff.throttled && (error instanceof NodeApiError || error instanceof NodeOperationError)) {
			error.description = `${error.description ?? ''} (${throttledNote(backoff)})`.trim();
		}
		throw error as NodeApiError;
	}
}

/** What the run did after the server throttled it, for the output's hint or the error. */
function throttledNote(backoff: SharedBackoff): string {
	const meaning = backoff.throttledBy === 429 ? 'too many requests' : 'service unavailable';
	return `Plantronics answered HTTP ${backoff.throttledBy} (${meaning}): the run waited as asked and read the rest of the pages one request at a time.`;
}
