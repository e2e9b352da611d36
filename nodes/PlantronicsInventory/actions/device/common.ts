import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { DEFAULT_PARALLEL_REQUESTS, MAX_PARALLEL_REQUESTS, pageSizeFor } from '../../../shared/paging';
import type { RunLimits } from '../../../shared/runLimits';
import { checkDateTime, readInteger, readOption } from '../../../shared/validation';
import type { ComplianceStatus } from '../../helpers/compliance';
import { matchesCompliance } from '../../helpers/compliance';
import { recheckUndocumentedFilters } from '../../helpers/filters';
import { parallelRequestsOption } from '../../helpers/parallelRequests';
import { simplifyDevice } from '../../helpers/simplify';
import type { DeviceScope } from '../../transport';
import { MAX_PAGE_SIZE, listDevices } from '../../transport';

export type ListOperation = 'getAll' | 'getAllByUser' | 'getAllByUserGroup';

/** Paging stops after 2,500 pages of 99 anyway: a larger limit could never be reached. */
export const MAX_LIMIT = 250_000;

/** Every query filter the node knows, as the API names them. */
const FILTERS: Record<string, INodeProperties> = {
	deviceState: {
		displayName: 'Device State',
		name: 'deviceState',
		type: 'string',
		default: '',
		description: 'Only devices in this state',
	},
	deviceType: {
		displayName: 'Device Type',
		name: 'deviceType',
		type: 'string',
		default: '',
		placeholder: 'DECT',
		description: 'Only devices of this type, e.g. DECT, USB or Bluetooth',
	},
	lastSeenStartTime: {
		displayName: 'Last Seen After',
		name: 'lastSeenStartTime',
		type: 'dateTime',
		default: '',
		description: 'Only devices last seen at or after this time',
	},
	lastSeenEndTime: {
		displayName: 'Last Seen Before',
		name: 'lastSeenEndTime',
		type: 'dateTime',
		default: '',
		description: 'Only devices last seen at or before this time',
	},
	manufacturer: {
		displayName: 'Manufacturer',
		name: 'manufacturer',
		type: 'string',
		default: '',
		placeholder: 'Plantronics',
		description: 'Only devices of this manufacturer',
	},
	productName: {
		displayName: 'Product Name',
		name: 'productName',
		type: 'string',
		default: '',
		placeholder: 'BT600',
		description: 'Only devices of this product (the API documents it as the product ID, e.g. BT600)',
	},
	userGroup: {
		displayName: 'User Group',
		name: 'userGroup',
		type: 'string',
		default: '',
		description: 'Only devices of users in this enterprise user group',
	},
	userName: {
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		default: '',
		placeholder: 'dwalker',
		description: 'Only devices of this user, within the user groups',
	},
};

/**
 * The filters each operation offers: those its endpoint documents, plus the
 * ones saved workflows already use there (marked as undocumented).
 */
export const OPERATION_FILTERS: Record<ListOperation, { documented: string[]; undocumented: string[] }> = {
	getAll: {
		documented: ['lastSeenStartTime', 'lastSeenEndTime'],
		undocumented: ['deviceState', 'deviceType', 'manufacturer', 'productName', 'userGroup'],
	},
	getAllByUser: { documented: ['deviceState', 'deviceType', 'manufacturer', 'productName', 'userGroup'], undocumented: [] },
	getAllByUserGroup: {
		documented: ['deviceState', 'deviceType', 'manufacturer', 'productName', 'userName'],
		undocumented: ['userGroup'],
	},
};

const UNDOCUMENTED_NOTE =
	' (not documented for this operation: sent as given, then checked on each returned device whose record shows the value; a notice says what was left out or could not be checked)';

function filterOptions(operation: ListOperation): INodeProperties[] {
	const { documented, undocumented } = OPERATION_FILTERS[operation];
	return [
		...documented.map((name) => FILTERS[name]),
		...undocumented.map((name) => ({ ...FILTERS[name], description: `${FILTERS[name].description}${UNDOCUMENTED_NOTE}` })),
	].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Fields every list operation has, without display options (the operation files add them). */
export function listFields(operation: ListOperation): INodeProperties[] {
	return [
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
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: false,
			description: 'Whether to return a flat, readable record per device instead of the full nested one',
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: filterOptions(operation),
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
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
					description: 'How many devices to ask for per request (at most 99, as the vendor\'s samples say). With Compliance Status or a filter the node checks itself, every request asks this many, even under Limit.',
				},
				parallelRequestsOption(DEFAULT_PARALLEL_REQUESTS),
			],
		},
	];
}

const DATE_FILTERS: Record<string, string> = { lastSeenStartTime: 'Last Seen After', lastSeenEndTime: 'Last Seen Before' };

/**
 * The filters to send: empty ones left out, dates checked (an expression may
 * give anything) and sent in UTC, read in the workflow's time zone when they
 * carry no offset.
 */
function readFilters(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const sent: IDataObject = {};
	const instants: Record<string, number> = {};
	for (const [name, value] of Object.entries(filters)) {
		if (value === '' || value === undefined || value === null) continue;
		const label = DATE_FILTERS[name] ?? FILTERS[name]?.displayName ?? name;
		if (DATE_FILTERS[name]) {
			instants[name] = checkDateTime(context.getNode(), value, label, context.getTimezone(), itemIndex);
			sent[name] = new Date(instants[name]).toISOString();
			continue;
		}
		if (typeof value !== 'string' && typeof value !== 'number') {
			throw inputError(context.getNode(), `"${label}" must be text`, `Check the value or the expression that fills Filters > ${label}.`, itemIndex);
		}
		sent[name] = value;
	}
	const { lastSeenStartTime: start, lastSeenEndTime: end } = instants;
	if (start !== undefined && end !== undefined && start > end) {
		throw inputError(
			context.getNode(),
			`"Last Seen After" (${sent.lastSeenStartTime}) is later than "Last Seen Before" (${sent.lastSeenEndTime})`,
			'Swap the two dates, or check the expressions that fill Filters > Last Seen After and Last Seen Before.',
			itemIndex,
		);
	}
	return sent;
}

const COMPLIANCE_STATUSES: readonly ComplianceStatus[] = ['any', 'compliant', 'nonCompliant'];

const OPERATION_OF_SCOPE: Record<DeviceScope['kind'], ListOperation> = { tenant: 'getAll', user: 'getAllByUser', userGroup: 'getAllByUserGroup' };

/** Runs a list operation for one input item and returns its devices as output records. */
export async function listForItem(this: IExecuteFunctions, itemIndex: number, scope: DeviceScope, run: RunLimits): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : readInteger(this, 'limit', itemIndex, 'Limit', { min: 1, max: MAX_LIMIT, fallback: 50 });
	const pageSize = readInteger(this, 'options.pageSize', itemIndex, 'Page Size', { min: 1, max: MAX_PAGE_SIZE, fallback: MAX_PAGE_SIZE });
	const parallelRequests = readInteger(this, 'options.parallelRequests', itemIndex, 'Parallel Requests', {
		min: 1,
		max: MAX_PARALLEL_REQUESTS,
		fallback: DEFAULT_PARALLEL_REQUESTS,
	});
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const filters = readFilters(this, itemIndex);
	const complianceStatus = readOption(this, 'options.complianceStatus', itemIndex, 'Compliance Status', COMPLIANCE_STATUSES, 'any');
	const recheck = recheckUndocumentedFilters(filters, OPERATION_FILTERS[OPERATION_OF_SCOPE[scope.kind]].undocumented);
	const filtersLocally = complianceStatus !== 'any' || recheck.active;
	const devices = await listDevices.call(this, {
		scope,
		filters,
		// When the node drops devices itself, a page of Limit devices may not hold enough: ask full pages.
		pageSize: filtersLocally ? pageSize : pageSizeFor(limit, pageSize, MAX_PAGE_SIZE),
		limit,
		keep: (device) => matchesCompliance(device, complianceStatus) && recheck.keep(device),
		parallelRequests,
		itemIndex,
		run,
	});
	const notice = recheck.notice();
	if (notice !== undefined) this.addExecutionHints?.({ message: notice, location: 'outputPane' });
	return simplify ? devices.map(simplifyDevice) : devices;
}
