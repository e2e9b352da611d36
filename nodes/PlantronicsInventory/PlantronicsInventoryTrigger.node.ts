import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { fingerprint, packFingerprints, unpackFingerprints } from './helpers/fingerprint';
import { simplifyDevice } from './helpers/simplify';
import { pathSegment } from '../shared/validation';
import type { DeviceScope, InventoryDevice } from './transport';
import { MAX_PAGE_SIZE, listDevices } from './transport';
import { plantronicsManagerProApiTest } from './transport/credentialTest';

/** How many devices a manual test run returns, so the user can map fields. */
const MANUAL_SAMPLE_SIZE = 10;

type TriggerEvent = 'nonCompliantDevice' | 'newDevice';

export class PlantronicsInventoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plantronics Inventory Trigger',
		name: 'plantronicsInventoryTrigger',
		icon: { light: 'file:plantronics.svg', dark: 'file:plantronics.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ { nonCompliantDevice: "On non-compliant device", newDevice: "On new device" }[$parameter["event"]] }}',
		// n8n's node picker shows a trigger's description on the entry it shares with the action node.
		description:
			'List the headsets of Plantronics Manager Pro (Poly) by tenant, user or user group, or start a workflow when one falls out of firmware compliance or a new one appears',
		defaults: { name: 'Plantronics Inventory Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plantronicsManagerProApi', required: true, testedBy: 'plantronicsManagerProApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Device',
						value: 'newDevice',
						description: 'A device ID that was never seen before',
					},
					{
						name: 'Non-Compliant Device',
						value: 'nonCompliantDevice',
						description: 'A device whose firmware was not non-compliant at the previous poll and now is',
					},
				],
				default: 'nonCompliantDevice',
			},
			{
				displayName: 'Scope',
				name: 'scope',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Whole Tenant', value: 'tenant' },
					{ name: 'One User', value: 'user' },
					{ name: 'User Groups', value: 'userGroup' },
				],
				default: 'tenant',
				description: 'Which devices to watch',
			},
			{
				displayName: 'Username',
				name: 'username',
				type: 'string',
				required: true,
				default: '',
				displayOptions: { show: { scope: ['user'] } },
			},
			{
				displayName: 'User Groups',
				name: 'userGroups',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'Sales,Support',
				description: 'User groups to watch, separated by commas',
				displayOptions: { show: { scope: ['userGroup'] } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: false,
				description: 'Whether to return a flat, readable record per device instead of the full nested one',
			},
		],
	};

	methods = { credentialTest: { plantronicsManagerProApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		const scope = readScope(this);
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		const devices = await listDevices.call(this, { scope, filters: {}, pageSize: MAX_PAGE_SIZE });
		requireIds(this, devices);
		const watched = event === 'newDevice' ? devices : devices.filter(isNonCompliant);
		const toItems = (list: InventoryDevice[]) =>
			list.map((device) => ({ json: (simplify ? simplifyDevice(device) : device) as IDataObject }));

		// A manual test run shows current matching devices and leaves the baseline alone.
		if (this.getMode() === 'manual') {
			const sample = watched.slice(0, MANUAL_SAMPLE_SIZE);
			return sample.length ? [toItems(sample)] : null;
		}

		// Everything that can fail has run: only now is the stored state replaced.
		const state = this.getWorkflowStaticData('node');
		const stateKey = `${event}|${JSON.stringify(scope)}`;
		const previous = state.key === stateKey ? unpackFingerprints(state.seen) : undefined;
		const current = new Map(watched.map((device) => [fingerprint(String(device.device.id)), device]));

		// newDevice remembers every id ever seen; nonCompliantDevice only those non-compliant now,
		// so a device that recovers and then falls out of compliance again fires again.
		const remembered = event === 'newDevice' ? new Set([...(previous ?? []), ...current.keys()]) : current.keys();
		state.key = stateKey;
		state.seen = packFingerprints(remembered);

		if (!previous) return null; // the first poll records the baseline
		const fired = [...current].filter(([key]) => !previous.has(key)).map(([, device]) => device);
		return fired.length ? [toItems(fired)] : null;
	}
}

/** Devices are told apart by id: records without one would all share one fingerprint. */
function requireIds(context: IPollFunctions, devices: InventoryDevice[]): void {
	const index = devices.findIndex(({ device }) => typeof device.id !== 'string' || device.id.trim() === '');
	if (index === -1) return;
	const displayId = devices[index].device.displayId;
	throw new NodeOperationError(
		context.getNode(),
		`Plantronics Manager Pro sent device ${index + 1} of ${devices.length} without an ID${typeof displayId === 'string' ? ` (display ID ${displayId})` : ''}`,
		{ description: 'The trigger tells devices apart by "device.id". Nothing was fired and the stored state is unchanged; contact Poly support about the record.' },
	);
}

function isNonCompliant(device: InventoryDevice): boolean {
	return device.device?.versionCompliant === false;
}

function readScope(context: IPollFunctions): DeviceScope {
	const kind = context.getNodeParameter('scope', 'tenant') as DeviceScope['kind'];
	if (kind === 'tenant') return { kind };
	const parameter = kind === 'user' ? 'username' : 'userGroups';
	const label = kind === 'user' ? 'Username' : 'User Groups';
	const value = context.getNodeParameter(parameter, '') as unknown;
	if (typeof value !== 'string' || value.trim() === '') {
		throw new NodeOperationError(context.getNode(), `"${label}" is required`, {
			description: `Fill in "${label}" or choose another Scope.`,
		});
	}
	if (kind === 'userGroup') return { kind, userGroups: value.trim() };
	pathSegment(context, value.trim(), label);
	return { kind, username: value.trim() };
}
