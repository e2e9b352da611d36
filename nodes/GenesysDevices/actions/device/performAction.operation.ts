import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { forOperation, requiredWhen } from '../../../shared/fields';
import { redactText } from '../../../shared/redact';
import { checkOption, pathSegment, readText } from '../../../shared/validation';
import type { GenesysSession } from '../../transport';
import { deviceLocator, readDeviceId } from './deviceLocator';
import { fetchDevice } from './get.operation';

/** Supervisor monitoring of another (agent's) device, all sent from the supervisor's own device. */
export const MONITORING_ACTIONS = ['BargeIn', 'Coach', 'ListenIn'];

const properties: INodeProperties[] = [
	deviceLocator(
		'searchMyDevices',
		'One of the devices of the user in the credential; for supervisor actions, the supervisor\'s own device',
	),
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: [
			{
				name: 'Barge In',
				value: 'BargeIn',
				description: "Join the target agent's calls: agent and customer both hear the supervisor",
				action: 'Barge in on agent calls',
			},
			{
				name: 'Cancel Supervisor Monitoring',
				value: 'CancelSupervisorMonitoring',
				description: 'Stop Listen In, Coach or Barge In (offered only while monitoring is on)',
				action: 'Cancel supervisor monitoring',
			},
			{ name: 'Coach', value: 'Coach', description: "Join the target agent's calls: only the agent hears the supervisor", action: 'Coach an agent' },
			{ name: 'Do Not Disturb Off', value: 'DoNotDisturbOff', description: 'Turn Do Not Disturb off', action: 'Turn do not disturb off' },
			{ name: 'Do Not Disturb On', value: 'DoNotDisturbOn', description: 'Turn Do Not Disturb on', action: 'Turn do not disturb on' },
			{ name: 'Forward Calls Off', value: 'ForwardCallsOff', description: 'Stop forwarding calls', action: 'Stop forwarding calls' },
			{ name: 'Forward Calls On', value: 'ForwardCallsOn', description: 'Forward calls to a destination', action: 'Forward calls to a destination' },
			{ name: 'Listen In', value: 'ListenIn', description: "Listen silently to the target agent's calls", action: 'Listen in on agent calls' },
		],
		default: 'DoNotDisturbOn',
	},
	...requiredWhen(
		{
			displayName: 'Destination',
			name: 'destination',
			type: 'string',
			default: '',
			placeholder: 'e.g. 5551234',
			description: 'The number to forward calls to',
		},
		'action',
		['ForwardCallsOn'],
	),
	...requiredWhen(
		{
			displayName: 'Target Device',
			name: 'targetDevice',
			type: 'string',
			default: '',
			placeholder: 'e.g. 9c14cad7-17c4-48d0-8492-7cf0ff92c224',
			description: 'The ID or the URI of the agent device to monitor; an ID is sent as {Base URL}/api/v2/devices/{ID}',
		},
		'action',
		MONITORING_ACTIONS,
	),
	{
		displayName: 'Monitoring Mode',
		name: 'supervisorMonitoringMode',
		type: 'options',
		options: [
			{ name: 'All Calls', value: 'AllCalls', description: 'Monitor every call of the agent until monitoring is cancelled' },
			{ name: 'Next Call', value: 'NextCall', description: 'Monitor only the next call the agent receives' },
		],
		default: 'AllCalls',
		displayOptions: { show: { action: MONITORING_ACTIONS } },
	},
	{
		displayName: 'Monitoring Scope',
		name: 'supervisorMonitoringScope',
		type: 'options',
		options: [
			{ name: 'Agent', value: 'Agent', description: 'Only while the agent has the call; a transfer releases the supervisor' },
			{ name: 'Call', value: 'Call', description: 'The whole call, wherever it is transferred' },
		],
		default: 'Call',
		displayOptions: { show: { action: MONITORING_ACTIONS } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Check Capabilities',
				name: 'checkCapabilities',
				type: 'boolean',
				default: true,
				description:
					"Whether to read the device first and stop with a clear error, before sending anything, when the action is not among the device's current capabilities",
			},
		],
	},
];

export const description = forOperation(
	{ show: { resource: ['device'], operation: ['performAction'] } },
	properties,
);


/** At most this many capabilities, each cut to this length, are quoted in an error. */
const MAX_QUOTED_CAPABILITIES = 20;
const MAX_CAPABILITY_LENGTH = 60;

/** The capabilities the server listed, as a short text with nothing secret in it. */
function quoteCapabilities(capabilities: unknown[], secrets: string[]): string {
	const names = capabilities
		.slice(0, MAX_QUOTED_CAPABILITIES)
		.map((entry) => (typeof entry === 'string' ? entry : '?'))
		.map((name) => (name.length > MAX_CAPABILITY_LENGTH ? `${name.slice(0, MAX_CAPABILITY_LENGTH)}…` : name));
	const more = capabilities.length > MAX_QUOTED_CAPABILITIES ? ` and ${capabilities.length - MAX_QUOTED_CAPABILITIES} more` : '';
	return names.length > 0 ? redactText(`${names.join(', ')}${more}`, secrets) : 'none';
}

async function assertActionOffered(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
	deviceId: string,
	action: string,
): Promise<void> {
	const device = await fetchDevice.call(this, itemIndex, session, deviceId);
	const capabilities = device.capabilities;
	if (!Array.isArray(capabilities)) {
		throw inputError(
			this.getNode(),
			`Device "${deviceId}" does not list its capabilities, so "${action}" was not sent`,
			'Turn off "Check Capabilities" in the options to send the action anyway.',
			itemIndex,
		);
	}
	if (!(capabilities as unknown[]).includes(action)) {
		const monitoring = MONITORING_ACTIONS.includes(action)
			? ' Supervisor actions need the supervisor role, and are not offered while another supervisor monitors the agent.'
			: '';
		throw inputError(
			this.getNode(),
			`Device "${deviceId}" does not offer "${action}" right now, so it was not sent`,
			`The device currently offers: ${quoteCapabilities(capabilities, await session.secrets())}. The capabilities depend on the device's state and the contact center configuration.${monitoring}`,
			itemIndex,
		);
	}
}

/** An options parameter's value, which an expression or an AI model may have set to anything. */
function readChoice(context: IExecuteFunctions, itemIndex: number, name: string, label: string): string {
	const property = properties.find((entry) => entry.name === name);
	const allowed = (property?.options ?? []).map((option) => String((option as { value: string }).value));
	const fallback = property?.default as string;
	return checkOption(context.getNode(), context.getNodeParameter(name, itemIndex, fallback), label, allowed, itemIndex);
}

async function targetDeviceUri(this: IExecuteFunctions, itemIndex: number, session: GenesysSession): Promise<string> {
	const target = readText(this, 'targetDevice', itemIndex, 'Target Device');
	if (!/^https?:\/\//i.test(target)) return await session.deviceUri(pathSegment(this, target, 'Target Device', itemIndex));
	try {
		return new URL(target).toString();
	} catch {
		throw inputError(this.getNode(), '"Target Device" is not a valid URI', 'Enter the device ID, or its full URI as GWS gives it.', itemIndex);
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
): Promise<IDataObject> {
	const deviceId = readDeviceId(this, itemIndex);
	const path = `/api/v2/me/devices/${pathSegment(this, deviceId, 'Device ID', itemIndex)}`;
	const action = readChoice(this, itemIndex, 'action', 'Action');
	const body: IDataObject = { operationName: action };
	if (action === 'ForwardCallsOn') body.destination = readText(this, 'destination', itemIndex, 'Destination');
	if (MONITORING_ACTIONS.includes(action)) {
		body.targetDeviceUri = await targetDeviceUri.call(this, itemIndex, session);
		body.supervisorMonitoringMode = readChoice(this, itemIndex, 'supervisorMonitoringMode', 'Monitoring Mode');
		body.supervisorMonitoringScope = readChoice(this, itemIndex, 'supervisorMonitoringScope', 'Monitoring Scope');
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	if (options.checkCapabilities !== false) {
		await assertActionOffered.call(this, itemIndex, session, deviceId, action);
	}
	await session.write(itemIndex, path, body);
	// GWS accepts the action with statusCode 0; the state change itself arrives later.
	return { deviceId, ...body, accepted: true };
}
