import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { isHexUuid, pathSegment, readText } from '../../../shared/validation';
import type { UcConnection } from '../../transport';
import { ucConnection, ucRequest } from '../../transport';

/** The ids that name the device, shared by assign and unassign (index.ts adds the display options). */
export const idFields: INodeProperties[] = [
	{
		displayName: 'Customer Tenant ID',
		name: 'customerTenantId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f2b8c1e-…',
		description: 'The tenant ID of the customer',
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		description: 'The user the device is assigned to on the PBX',
	},
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID of the device on the communication platform (the PBX)',
	},
];

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;

export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Accept Charges',
			name: 'acceptCharges',
			type: 'boolean',
			default: false,
			description:
				'Whether to go ahead when the request incurs additional charges (sends accept-charges: true). Without it, a chargeable request fails and changes nothing.',
		},
		{
			displayName: 'Account Tenant ID',
			name: 'accountTenantId',
			type: 'string',
			default: '',
			description: 'For enterprise accounts: the account that holds the customer',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items to send at once (from 1 to 50). Without Continue On Fail, a failing item stops the run, but the items already sent alongside it are still carried out: the error lists them.',
		},
	],
};

interface UcOptions {
	acceptCharges?: boolean;
	accountTenantId?: string;
}

function checkedTenantId(context: IExecuteFunctions, value: string, label: string, itemIndex: number): string {
	if (!isHexUuid(value)) {
		throw inputError(context.getNode(), `"${label}" is not a tenant ID`, `"${label}" must be a UUID such as 3f2b8c1e-0a4d-4c1e-9b7a-2d5e8f9a1b3c.`, itemIndex);
	}
	return value;
}

/** Sends assign or unassign for one item and returns the answer with what was acted on. */
export async function actOnDevice(
	this: IExecuteFunctions,
	itemIndex: number,
	action: 'assign' | 'unassign',
	connection: UcConnection | undefined,
	clientType?: string,
): Promise<IDataObject> {
	const customerTenantId = checkedTenantId(this, readText(this, 'customerTenantId', itemIndex, 'Customer Tenant ID'), 'Customer Tenant ID', itemIndex);
	const userId = readText(this, 'userId', itemIndex, 'User ID');
	const deviceId = readText(this, 'deviceId', itemIndex, 'Device ID');
	const options = this.getNodeParameter('options', itemIndex, {}) as UcOptions;
	const accountTenantId = typeof options.accountTenantId === 'string' ? options.accountTenantId.trim() : '';
	const prefix = accountTenantId
		? `/v1.0/accounts/${checkedTenantId(this, accountTenantId, 'Account Tenant ID', itemIndex)}`
		: '/v1.0';
	const path =
		`${prefix}/customers/${customerTenantId}` +
		`/users/${pathSegment(this, userId, 'User ID', itemIndex)}` +
		`/devices/pbx/${pathSegment(this, deviceId, 'Device ID', itemIndex)}/${action}`;
	const acceptCharges = options.acceptCharges === true;
	const answer = await ucRequest.call(this, connection ?? (await ucConnection.call(this, itemIndex)), {
		path,
		body: clientType ? { clientType } : undefined,
		acceptCharges,
		itemIndex,
	});
	return {
		...answer,
		operation: action,
		customerTenantId,
		userId,
		deviceId,
		...(clientType ? { clientType } : {}),
		...(accountTenantId ? { accountTenantId } : {}),
		// Whether the request carried "accept-charges: true": the API does not say whether anything was charged.
		acceptChargesHeaderSent: acceptCharges,
	};
}
