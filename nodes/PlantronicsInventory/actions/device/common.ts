import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { pageSizeFor } from '../../../shared/paging';
import type { ComplianceStatus } from '../../helpers/compliance';
import { matchesCompliance } from '../../helpers/compliance';
import { simplifyDevice } from '../../helpers/simplify';
import type { DeviceScope } from '../../transport';
import { MAX_PAGE_SIZE, listDevices } from '../../transport';

/** Fields every list operation has; `operations` says which operations show them. */
export function listFields(operations: string[]): INodeProperties[] {
	const show = { show: { resource: ['device'], operation: operations } };
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show.show, returnAll: [false] } },
		},
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: false,
			description: 'Whether to return a flat, readable record per device instead of the full nested one',
			displayOptions: show,
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			displayOptions: show,
			options: [
				{
					displayName: 'Device State',
					name: 'deviceState',
					type: 'string',
					default: '',
					description: 'Only devices in this state',
				},
				{
					displayName: 'Device Type',
					name: 'deviceType',
					type: 'string',
					default: '',
					placeholder: 'DECT',
					description: 'Only devices of this type, e.g. DECT, USB or Bluetooth',
				},
				{
					displayName: 'Last Seen After',
					name: 'lastSeenStartTime',
					type: 'dateTime',
					default: '',
					description: 'Only devices last seen at or after this time',
					displayOptions: { show: { '/operation': ['getAll'] } },
				},
				{
					displayName: 'Last Seen Before',
					name: 'lastSeenEndTime',
					type: 'dateTime',
					default: '',
					description: 'Only devices last seen at or before this time',
					displayOptions: { show: { '/operation': ['getAll'] } },
				},
				{
					displayName: 'Manufacturer',
					name: 'manufacturer',
					type: 'string',
					default: '',
					placeholder: 'Plantronics',
					description: 'Only devices of this manufacturer',
				},
				{
					displayName: 'Product Name',
					name: 'productName',
					type: 'string',
					default: '',
					placeholder: 'BT600',
					description: 'Only devices of this product',
				},
				{
					displayName: 'User Group',
					name: 'userGroup',
					type: 'string',
					default: '',
					description: 'Only devices of users in this enterprise user group',
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: show,
			options: [
				{
					displayName: 'Compliance Status',
					name: 'complianceStatus',
					type: 'options',
					options: [
						{ name: 'Any', value: 'any' },
						{ name: 'Compliant', value: 'compliant', description: 'Only devices whose firmware is compliant' },
						{ name: 'Non-Compliant', value: 'nonCompliant', description: 'Only devices whose firmware is not compliant' },
					],
					default: 'any',
					description: 'Filter on the firmware compliance of each device',
				},
				{
					displayName: 'Page Size',
					name: 'pageSize',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
					default: MAX_PAGE_SIZE,
					description: 'How many devices to ask for per request (the API allows at most 99)',
				},
			],
		},
	];
}

function nonEmptyFilters(filters: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(filters).filter(([, value]) => value !== '' && value !== undefined && value !== null),
	);
}

/** Runs a list operation for one input item and returns its devices as output records. */
export async function listForItem(this: IExecuteFunctions, itemIndex: number, scope: DeviceScope): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const filters = nonEmptyFilters(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		complianceStatus?: ComplianceStatus;
		pageSize?: number;
	};
	const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		throw inputError(this.getNode(), `"Page Size" must be a whole number from 1 to ${MAX_PAGE_SIZE}`, 'Change Options > Page Size.', itemIndex);
	}
	const complianceStatus = options.complianceStatus ?? 'any';
	const devices = await listDevices.call(this, {
		scope,
		filters,
		// With a compliance filter the pages hold devices that will be dropped: keep the full page size.
		pageSize: complianceStatus === 'any' ? pageSizeFor(limit, pageSize, MAX_PAGE_SIZE) : pageSize,
		limit,
		keep: (device) => matchesCompliance(device, complianceStatus),
		itemIndex,
	});
	return simplify ? devices.map(simplifyDevice) : devices;
}
