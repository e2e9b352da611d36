import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readInteger, readText } from '../../../shared/validation';
import type { KolmisoftAnswer, KolmisoftConnection } from '../../transport';
import { asList, kolmisoftCall } from '../../transport';
import { userIdField } from './fields';

/** Highest Limit accepted; a larger list needs Return All. */
export const MAX_LIMIT = 1_000_000;

const properties: INodeProperties[] = [
	userIdField,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['getAll'] } }, properties);

/** Longest server text quoted in an error about the list's shape. */
const MAX_QUOTED = 100;

function quoted(text: string): string {
	return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/**
 * The devices of a documented `<devices>` list: `<device>` elements with fields,
 * or none. Anything else there is an error, never "no devices" or text items.
 */
function devicesOf(answer: KolmisoftAnswer): IDataObject[] {
	const { page } = answer;
	// No <devices> at all is not "no devices": it is not the documented answer.
	if (!('devices' in page)) throw answer.invalid('The answer to devices_get has no <devices> list');
	const list = page.devices as unknown;
	if (Array.isArray(list)) throw answer.invalid('The answer to devices_get has more than one <devices> list');
	if (list === '') return [];
	if (typeof list === 'string') throw answer.invalid(`The answer to devices_get has text instead of devices in <devices>: ${quoted(list)}`);
	const element = list as IDataObject;
	const error = answer.errorIn(element);
	if (error) throw error;
	const stranger = Object.keys(element).find((name) => name !== 'device');
	if (stranger !== undefined) throw answer.invalid(`The answer to devices_get has <${stranger.slice(0, MAX_QUOTED)}> in <devices>, not <device>`);
	const devices = asList(element.device as unknown);
	for (const device of devices) {
		if (device === null || typeof device !== 'object' || Array.isArray(device)) {
			throw answer.invalid(`The answer to devices_get has a <device> without fields: ${quoted(String(device))}`);
		}
	}
	return devices as IDataObject[];
}

/**
 * devices_get: every device of a user (the API has no paging, so the limit applies here).
 * Servers that know only the old name device_list are asked again under that name.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject[]> {
	const userId = readText(this, 'userId', itemIndex, 'User ID');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : readInteger(this, 'limit', itemIndex, 'Limit', { min: 1, max: MAX_LIMIT, fallback: 50 });
	const answer = await kolmisoftCall.call(this, connection, {
		method: 'devices_get',
		oldName: 'device_list',
		values: { user_id: userId },
		idempotent: true,
		itemIndex,
	});
	const devices = devicesOf(answer);
	return limit === undefined ? devices : devices.slice(0, limit);
}
