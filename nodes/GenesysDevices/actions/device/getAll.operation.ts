import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation, requiredWhen } from '../../../shared/fields';
import { checkOption, readInteger, readOption, readText } from '../../../shared/validation';
import type { GenesysSession } from '../../transport';
import { DEVICE_SCOPES, devicesPath, listDevices } from '../../transport';

/** The values of Telephony Network, as GWS spells them. */
export const TELEPHONY_NETWORKS = ['Private', 'Public'] as const;

/** Highest Limit accepted; a larger list needs Return All. */
export const MAX_LIMIT = 1_000_000;

/** Whose devices to list: also the Genesys Devices Trigger's. */
export const scopeFields: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{
				name: 'All Devices',
				value: 'all',
				description: 'Every device in the contact center (needs the Contact Center Admin role)',
			},
			{
				name: 'My Devices',
				value: 'me',
				description: 'The devices of the user in the credential',
			},
			{
				name: 'User',
				value: 'user',
				description: 'The devices of one user (needs the Contact Center Admin role)',
			},
		],
		default: 'all',
		description: 'Whose devices to list',
	},
	...requiredWhen({ displayName: 'User ID', name: 'userId', type: 'string', default: '', description: 'ID of the user whose devices to list' }, 'scope', ['user']),
];

const properties: INodeProperties[] = [
	...scopeFields,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		default: '*',
		placeholder: 'e.g. phoneNumber,deviceState,capabilities',
		description: 'Comma-separated device attributes to return; * returns all of them',
	},
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
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only devices whose attribute equals the value exactly',
		options: [
			{
				displayName: 'Device State',
				name: 'deviceState',
				type: 'string',
				default: '',
				placeholder: 'e.g. Active',
				description: 'For example Active or Inactive',
			},
			{
				displayName: 'E.164 Number',
				name: 'e164Number',
				type: 'string',
				default: '',
				placeholder: 'e.g. +16509870000',
			},
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				placeholder: 'e.g. CloudDevice',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. 3001',
			},
			{
				displayName: 'Telephony Network',
				name: 'telephonyNetwork',
				type: 'options',
				options: [
					{ name: 'Private', value: 'Private' },
					{ name: 'Public', value: 'Public' },
				],
				default: 'Private',
			},
			{
				displayName: 'Vendor',
				name: 'vendor',
				type: 'string',
				default: '',
				placeholder: 'e.g. Genesys',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Return URIs Only',
				name: 'urisOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether to return only the URI of each device (what the API lists when no fields are asked for); Fields is then ignored',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'string',
				default: '',
				placeholder: 'e.g. phoneNumber',
				description: 'Device attribute to sort the list by',
			},
		],
	},
];

export const description = forOperation(
	{ show: { resource: ['device'], operation: ['getAll'] } },
	properties,
);

const FILTER_NAMES = ['deviceState', 'e164Number', 'model', 'phoneNumber', 'telephonyNetwork', 'vendor'];

async function listPath(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	// An unknown scope must never fall through to "all": that lists the whole contact center.
	const scope = readOption(this, 'scope', itemIndex, 'Scope', DEVICE_SCOPES, 'all');
	const userId = scope === 'user' ? readText(this, 'userId', itemIndex, 'User ID') : '';
	return devicesPath(this, scope, userId, itemIndex);
}

/** "id, phoneNumber" -> "id,phoneNumber"; empty means all fields, never the bare URI list. */
function fieldList(this: IExecuteFunctions, itemIndex: number): string {
	const text = readText(this, 'fields', itemIndex, 'Fields', { required: false });
	const names = text
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	return names.length > 0 ? names.join(',') : '*';
}

function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return readInteger(this, 'limit', itemIndex, 'Limit', { min: 1, max: MAX_LIMIT, fallback: 50 });
}

// GWS documents no paging: the list comes in one answer and the limit is applied here.
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
): Promise<IDataObject[]> {
	const path = await listPath.call(this, itemIndex);
	const limit = readLimit.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;

	const qs: IDataObject = {};
	if (options.urisOnly !== true) qs.fields = fieldList.call(this, itemIndex);
	for (const name of FILTER_NAMES) {
		const value = filters[name];
		if (value === undefined || String(value).trim() === '') continue;
		qs[name] = name === 'telephonyNetwork' ? checkOption(this.getNode(), value, 'Telephony Network', TELEPHONY_NETWORKS, itemIndex) : String(value).trim();
	}
	if (typeof options.sortBy === 'string' && options.sortBy.trim() !== '') qs.sortBy = options.sortBy.trim();

	const devices = await listDevices(session, itemIndex, path, qs);
	return limit === undefined ? devices : devices.slice(0, limit);
}
