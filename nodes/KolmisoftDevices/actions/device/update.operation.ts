import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { checkOption, readInteger, readText } from '../../../shared/validation';
import type { KolmisoftConnection } from '../../transport';
import { kolmisoftCall } from '../../transport';
import { deviceIdField, listUserIdField, readDeviceId, readOptionalTexts } from './fields';

const properties: INodeProperties[] = [
	listUserIdField,
	deviceIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Dynamic (Username and Password)', value: '0', description: 'The device registers with its username and password' },
					{ name: 'IP Address', value: '1', description: 'The device is recognised by its host and port' },
				],
				default: '0',
				description: 'How the device authenticates (sent as 0 or 1, as the API documents)',
			},
			{ displayName: 'Caller ID Name', name: 'calleridName', type: 'string', default: '' },
			{ displayName: 'Caller ID Number', name: 'calleridNumber', type: 'string', default: '' },
			{ displayName: 'Comment', name: 'comment', type: 'string', default: '' },
			{ displayName: 'Extension', name: 'extension', type: 'string', default: '', description: 'Letters, digits, # and *' },
			{ displayName: 'Host', name: 'host', type: 'string', default: '', placeholder: 'e.g. 192.168.5.20', description: 'The IP address, for IP authentication' },
			{ displayName: 'PIN', name: 'pin', type: 'string', default: '', description: 'Digits only; not used by another device' },
			{ displayName: 'Port', name: 'port', type: 'number', typeOptions: { minValue: 1, maxValue: 65535 }, default: 5060, description: 'The port, for IP authentication' },
			{ displayName: 'Username', name: 'username', type: 'string', default: '', description: "The device's username, for dynamic authentication" },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['update'] } }, properties);

// Earlier versions of this node took "yes" (authenticates with username and password) or "no" (by IP).
const LEGACY_AUTHENTICATION: Record<string, string> = { yes: '0', no: '1' };

/** 0 (dynamic) or 1 (IP), as the API documents; empty when not updated. */
function readAuthentication(context: IExecuteFunctions, itemIndex: number): string {
	const text = readText(context, 'updateFields.authentication', itemIndex, 'Authentication', { required: false });
	if (text === '') return '';
	return LEGACY_AUTHENTICATION[text.toLowerCase()] ?? checkOption(context.getNode(), text, 'Authentication', ['0', '1'], itemIndex);
}

function readPort(context: IExecuteFunctions, itemIndex: number): string {
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (fields.port === undefined || fields.port === '') return '';
	return String(readInteger(context, 'updateFields.port', itemIndex, 'Port', { min: 1, max: 65535, fallback: 5060 }));
}

function checkPattern(context: IExecuteFunctions, itemIndex: number, value: string, pattern: RegExp, label: string, allowed: string) {
	if (value !== '' && !pattern.test(value)) {
		throw inputError(context.getNode(), `"${label}" may contain only ${allowed}`, `Check the value or the expression that fills "${label}".`, itemIndex);
	}
}

/** device_update. Never retried: it may have been applied. */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject> {
	const deviceId = readDeviceId(this, itemIndex);
	const texts = readOptionalTexts(this, 'updateFields', itemIndex, {
		username: 'Username',
		host: 'Host',
		calleridNumber: 'Caller ID Number',
		calleridName: 'Caller ID Name',
		extension: 'Extension',
		pin: 'PIN',
		comment: 'Comment',
	});
	checkPattern(this, itemIndex, texts.pin, /^\d+$/, 'PIN', 'digits');
	checkPattern(this, itemIndex, texts.extension, /^[A-Za-z0-9#*]+$/, 'Extension', 'letters, digits, # and *');
	// The first five are signed, in this order; the rest are sent unsigned, as the API documents.
	const values = {
		device: deviceId,
		authentication: readAuthentication(this, itemIndex),
		username: texts.username,
		host: texts.host,
		port: readPort(this, itemIndex),
		callerid_number: texts.calleridNumber,
		callerid_name: texts.calleridName,
		extension: texts.extension,
		pin: texts.pin,
		comment: texts.comment,
	};
	const changes = Object.entries(values).filter(([name]) => name !== 'device');
	if (changes.every(([, value]) => value === '')) {
		throw inputError(this.getNode(), 'Nothing to update', 'Add at least one field under "Update Fields".', itemIndex);
	}
	const answer = await kolmisoftCall.call(this, connection, { method: 'device_update', values, idempotent: false, itemIndex });
	const message = answer.successText();
	return { deviceId, success: true, message, ...((answer.page.device as IDataObject | undefined) ?? {}) };
}
