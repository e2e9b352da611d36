import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { GenesysSession } from '../transport';

/** At most this many devices are offered in a list; the rest are reachable by ID or by typing a filter. */
export const MAX_LIST_RESULTS = 500;

// statusCode 3 (forbidden) and 5 (no permission): the user may not list the whole contact center.
const NOT_ALLOWED = new Set(['3', '5']);

function toItems(devices: unknown, filter?: string): INodeListSearchResult {
	const wanted = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	for (const device of Array.isArray(devices) ? (devices as IDataObject[]) : []) {
		if (device === null || typeof device !== 'object' || typeof device.id !== 'string') continue;
		const number = typeof device.phoneNumber === 'string' ? device.phoneNumber : '';
		const state = typeof device.deviceState === 'string' ? ` (${device.deviceState})` : '';
		const name = `${number || device.id}${state}`;
		if (wanted && !name.toLowerCase().includes(wanted) && !device.id.toLowerCase().includes(wanted)) continue;
		results.push({ name, value: device.id });
		if (results.length >= MAX_LIST_RESULTS) break;
	}
	return { results };
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
