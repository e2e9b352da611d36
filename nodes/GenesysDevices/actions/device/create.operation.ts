import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { forOperation, requiredWhen } from '../../../shared/fields';
import { checkOption, pathSegment, readText } from '../../../shared/validation';
import type { GenesysSession } from '../../transport';
import { TELEPHONY_NETWORKS } from './getAll.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{
				name: 'Me',
				value: 'me',
				description: 'Create the device for the user in the credential',
			},
			{
				name: 'User',
				value: 'user',
				description: 'Create the device for another user (needs the Contact Center Admin role)',
			},
		],
		default: 'me',
		description: 'Whom the new device is assigned to',
	},
	...requiredWhen({ displayName: 'User ID', name: 'userId', type: 'string', default: '', description: 'ID of the user the new device is assigned to' }, 'scope', ['user']),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3001',
		description: 'The phone number of the device',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				placeholder: 'e.g. CloudDevice',
				description: 'The device model',
			},
			{
				displayName: 'Telephony Network',
				name: 'telephonyNetwork',
				type: 'options',
				options: [
					{
						name: 'Private',
						value: 'Private',
						description: 'Local endpoints, IP phones or PBX hardphones (the server default)',
					},
					{ name: 'Public', value: 'Public', description: 'Connected over the PSTN via SIP Server' },
				],
				default: 'Private',
			},
		],
	},
];

export const description = forOperation(
	{ show: { resource: ['device'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
): Promise<IDataObject> {
	// Get Many shares the "scope" parameter and its "all": n8n keeps that value when the
	// operation changes, and Create has no "all", so it must not quietly become "me".
	const value = this.getNodeParameter('scope', itemIndex, 'me') as unknown;
	if (typeof value === 'string' && value.trim().toLowerCase() === 'all') {
		throw inputError(
			this.getNode(),
			`"Scope" must be Me or User for Create, but it is "${value.slice(0, 40)}"`,
			'"All Devices" belongs to Get Many. Choose whom the new device is for: Me (the user in the credential) or User.',
			itemIndex,
		);
	}
	const scope = checkOption(this.getNode(), value, 'Scope', ['me', 'user'], itemIndex);
	let path = '/api/v2/me/devices';
	if (scope === 'user') {
		const userId = pathSegment(this, readText(this, 'userId', itemIndex, 'User ID'), 'User ID', itemIndex);
		path = `/api/v2/users/${userId}/devices`;
	}
	const body: IDataObject = { phoneNumber: readText(this, 'phoneNumber', itemIndex, 'Phone Number') };
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const { model, telephonyNetwork } = additionalFields;
	if (model !== undefined && String(model).trim() !== '') body.model = String(model).trim();
	if (telephonyNetwork !== undefined && String(telephonyNetwork).trim() !== '') {
		body.telephonyNetwork = checkOption(this.getNode(), telephonyNetwork, 'Telephony Network', TELEPHONY_NETWORKS, itemIndex);
	}

	// The answer is {statusCode: 0, id, uri}; the output leaves the status code out.
	// Without an id the creation cannot be confirmed.
	const created = { ...(await session.write(itemIndex, path, body)) };
	delete created.statusCode;
	if (typeof created.id !== 'string' || created.id.trim() === '') {
		throw await session.answerError(itemIndex, {
			message: 'The answer has no id of the new device',
			hint: 'The device may or may not have been created: check in Genesys before running this again.',
		});
	}
	return created;
}
