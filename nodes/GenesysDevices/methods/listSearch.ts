import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { filterEntries } from '../../shared/locator';
import { GenesysSession } from '../transport';

// statusCode 3 (forbidden) and 5 (no permission): the user may not list the whole contact center.
const NOT_ALLOWED = new Set(['3', '5']);

function toItems(devices: unknown, filter?: string): INodeListSearchResult {
	const entries: INodeListSearchItems[] = [];
	for (const device of Array.isArray(devices) ? (devices as IDataObject[]) : []) {
		if (device === null || typeof device !== 'object' || typeof device.id !== 'string') continue;
		const number = typeof device.phoneNumber === 'string' ? device.phoneNumber : '';
		const state = typeof device.deviceState === 'string' ? ` (${device.deviceState})` : '';
		entries.push({ name: `${number || device.id}${state}`, value: device.id });
	}
	return { results: filterEntries(entries, filter) };
}

const FIELDS = { fields: 'id,phoneNumber,deviceState' };

/** The devices of the user in the credential (what Perform Action can act on). */
export async function searchMyDevices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const answer = await new GenesysSession(this).read(0, '/api/v2/me/devices', FIELDS);
	return toItems(answer.devices, filter);
}

/** Every device of the contact center, or the user's own when the user may not list them all. */
export async function searchAllDevices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const session = new GenesysSession(this);
	try {
		return toItems((await session.read(0, '/api/v2/devices', FIELDS)).devices, filter);
	} catch (error) {
		if (!(error instanceof NodeApiError)) throw new NodeOperationError(this.getNode(), error as Error);
		if (!NOT_ALLOWED.has(String(error.context.vendorCode))) throw new NodeApiError(this.getNode(), {}, { message: error.message, description: error.description ?? undefined, httpCode: error.httpCode ?? undefined });
		return toItems((await session.read(0, '/api/v2/me/devices', FIELDS)).devices, filter);
	}
}
