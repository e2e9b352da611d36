/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSandbox } from '../../sandbox';
import { NO_DEVICE_ENTITY } from '../../sandbox/plantronics';
import { n8nRest, until } from './rest';

const local = require('../../scripts/n8n-local.js');
const { localInstance } = require('../../scripts/start.js');

/**
 * The change triggers (Plantronics Device Reassigned and Device Removed,
 * Kolmisoft, Genesys) activated in a real n8n (one process, as
 * `./scripts/start.sh` runs it), polling every 5 s against a sandbox this test
 * changes between polls. Each fire creates or updates the ticket of its
 * device, so the ticket inbox counts the fires per device.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Json = Record<string, unknown>;
interface Workflow {
	id?: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Json; credentials?: Json }>;
	connections: Json;
	settings?: Json;
}
interface Ticket {
	deviceKey?: string;
	updates?: number;
	description?: string;
}

// Every 5 s: twelve "every minute, at second s" times (n8n refuses a single interval under a minute).
const POLL_TIMES = { item: Array.from({ length: 12 }, (_, index) => ({ mode: 'custom', cronExpression: `${index * 5} * * * * *` })) };
describe('the change triggers activated in a real n8n', () => {
	let sandbox: Sandbox;
	let userFolder: string;
	let instance: { start(): Promise<any>; stop(): Promise<void> };
	let running: any;
	let cookie: string;

	const rest = <T = any>(method: string, pathname: string, body?: unknown) => n8nRest<T>(running.editorUrl, cookie, method, pathname, body);

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, size: 12 });
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-triggers-'));
		instance = localInstance({ queue: false, port: await local.freePort(), sandbox, userFolder });
		running = await instance.start();
		const login = await fetch(`${running.editorUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: local.LOCAL_OWNER.email, password: local.LOCAL_OWNER.password }),
		});
		expect(login.status).toBe(200);
		cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	}, 600_000);

	afterAll(async () => {
		await instance?.stop();
		await sandbox?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	const tickets = (prefix: string) => (sandbox.data.tickets as Ticket[]).filter((ticket) => ticket.deviceKey?.startsWith(prefix));
	/** Fires per device so far: its ticket was opened by the first and updated by each later one. */
	const firesPerDevice = (prefix: string) =>
		Object.fromEntries(tickets(prefix).map((ticket) => [ticket.deviceKey!.slice(prefix.length), 1 + (ticket.updates ?? 0)]));

	/**
	 * Activates a workflow, then walks one trigger through: the baseline, a change,
	 * a failed poll, an empty answer and another change, checking after each that
	 * exactly the changes fired, once each.
	 */
	async function walkThrough(trigger: {
		workflow: Workflow;
		prefix: string;
		listPath: string;
		emptyOnce(): void;
		change(step: number): string;
	}) {
		const polls = () => sandbox.requests.filter((request: { path: string }) => request.path === trigger.listPath).length;
		const morePolls = async (count: number) => {
			const seen = polls();
			await until(`${count} more polls of ${trigger.listPath}`, () => polls() >= seen + count);
		};
		const created = await rest<{ id: string; versionId: string }>('POST', '/workflows', trigger.workflow);
		await rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
		try {
			// The baseline, then two more polls: nothing fires.
			await until('the first poll', () => polls() >= 1);
			await morePolls(2);
			expect(firesPerDevice(trigger.prefix)).toEqual({});

			const first = trigger.change(1);
			await until('the first change to fire', () => tickets(trigger.prefix).length >= 1);
			await morePolls(2);
			expect(firesPerDevice(trigger.prefix)).toEqual({ [first]: 1 });

			// A poll that fails: nothing fires, then or at the polls after it.
			const failuresBefore = sandbox.requests.filter((request: { path: string; status: number }) => request.path === trigger.listPath && request.status === 500).length;
			sandbox.setFaults([{ path: trigger.listPath, kind: 'status', status: 500, times: 1 }]);
			await until('the failed poll', () => sandbox.requests.filter((request: { path: string; status: number }) => request.path === trigger.listPath && request.status === 500).length > failuresBefore);
			await morePolls(2);
			expect(firesPerDevice(trigger.prefix)).toEqual({ [first]: 1 });

			// An answer that lists no devices once: nothing fires, then or at the polls after it.
			trigger.emptyOnce();
			await morePolls(3);
			expect(firesPerDevice(trigger.prefix)).toEqual({ [first]: 1 });

			// The same device changed again, and another one: each fires once more.
			const again = trigger.change(2);
			const other = trigger.change(3);
			await until('the next changes to fire', () => Object.values(firesPerDevice(trigger.prefix)).reduce((sum, count) => sum + count, 0) >= 3);
			await morePolls(2);
			expect(firesPerDevice(trigger.prefix)).toEqual(first === again ? { [first]: 2, [other]: 1 } : { [first]: 1, [again]: 1, [other]: 1 });
		} finally {
			sandbox.setFaults([]);
			await rest('POST', `/workflows/${created.id}/deactivate`, {});
		}
	}

	/** A trigger followed by an HTTP Request that creates or updates the device's ticket (keyed by device). */
	function ticketWorkflow(name: string, trigger: Workflow['nodes'][number], ticketJson: string): Workflow {
		const ticket = {
			name: 'Create or update ticket',
			type: 'n8n-nodes-base.httpRequest',
			parameters: { method: 'POST', url: `${sandbox.url}/tickets`, sendBody: true, specifyBody: 'json', jsonBody: ticketJson, options: {} },
		};
		return {
			name,
			nodes: [trigger, ticket].map((node, index) => ({ ...node, typeVersion: node.type.endsWith('httpRequest') ? 4.2 : 1, position: [index * 260, 0] })),
			connections: { [trigger.name]: { main: [[{ node: ticket.name, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
	}

	const plantronicsTrigger = (event: string) => ({
		name: 'Inventory trigger',
		type: 'n8n-nodes-telephony-devices.plantronicsInventoryTrigger',
		parameters: { pollTimes: POLL_TIMES, event, scope: 'tenant', simplify: true },
		credentials: { plantronicsManagerProApi: { id: 'TdCredPlantronic', name: 'Plantronics Manager Pro (sandbox)' } },
	});
	const plantronicsListPath = () => `/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices`;
	/** The documented "none": a 404 naming no device entity. */
	const plantronicsAnswersNoneOnce = () =>
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 404, times: 1, body: JSON.stringify({ status: 404, message: NO_DEVICE_ENTITY }) }]);

	it('Plantronics Inventory Trigger, Device Reassigned: fires once per new last-seen user, with the previous one; nothing on the baseline, nothing after a failed or an empty poll', async () => {
		const plantronics = sandbox.data.plantronics;
		const devices = plantronics.list().slice(0, 2);
		let owner = 0;
		await walkThrough({
			workflow: ticketWorkflow(
				'Plantronics device reassigned (5 s polls)',
				plantronicsTrigger('deviceReassigned'),
				"={{ JSON.stringify({ deviceKey: 'plantronics-reassigned-' + $json.id, title: 'Now used by ' + $json.lastSeenUser, description: 'Before: ' + $json.previous.lastSeenUser }) }}",
			),
			prefix: 'plantronics-reassigned-',
			listPath: plantronicsListPath(),
			emptyOnce: plantronicsAnswersNoneOnce,
			change(step) {
				const device = step === 3 ? devices[1] : devices[0];
				plantronics.patchDevice(device.device.id, { lastSeenUsername: `new.owner.${++owner}` });
				return device.device.id;
			},
		});
		const ticket = tickets('plantronics-reassigned-').find((candidate) => candidate.deviceKey === `plantronics-reassigned-${devices[0].device.id}`)!;
		// The second reassignment's item carries the first new owner as the previous one.
		expect(ticket.description).toBe('Before: new.owner.1');
	}, 300_000);

	it('Plantronics Inventory Trigger, Device Removed: fires once per device gone from two listings in a row; nothing on the baseline, nothing after a failed or an empty poll', async () => {
		const plantronics = sandbox.data.plantronics;
		const devices = plantronics.list().slice(4, 7);
		await walkThrough({
			workflow: ticketWorkflow(
				'Plantronics device removed (5 s polls)',
				plantronicsTrigger('deviceRemoved'),
				"={{ JSON.stringify({ deviceKey: 'plantronics-removed-' + $json.id, title: 'Removed: ' + $json.displayId, description: 'Last used by ' + $json.lastSeenUser }) }}",
			),
			prefix: 'plantronics-removed-',
			listPath: plantronicsListPath(),
			emptyOnce: plantronicsAnswersNoneOnce,
			change(step) {
				const device = devices[step - 1];
				plantronics.removeDevice(device.device.id);
				return device.device.id;
			},
		});
		const ticket = tickets('plantronics-removed-').find((candidate) => candidate.deviceKey === `plantronics-removed-${devices[0].device.id}`)!;
		expect(ticket.description).toBe(`Last used by ${devices[0].lastSeen.username}`);
	}, 300_000);

	it('Genesys Devices Trigger (the device assignment sync example): fires once per change, nothing on the baseline, nothing after a failed or an empty poll', async () => {
		const example = local.exampleWorkflows(sandbox.url).find((workflow: Workflow) => workflow.id === 'TdDeviceAssignSy') as Workflow;
		const nodes = example.nodes.map((node) => (node.type.endsWith('.genesysDevicesTrigger') ? { ...node, parameters: { ...node.parameters, pollTimes: POLL_TIMES } } : node));
		const devices = [...sandbox.data.genesys.devices.values()].map((entry: { device: { id: string; doNotDisturb: string } }) => entry.device);
		await walkThrough({
			workflow: { name: 'Device assignment sync (5 s polls)', nodes, connections: example.connections, settings: example.settings },
			prefix: 'genesys-device-',
			listPath: '/api/v2/devices',
			emptyOnce: () => sandbox.data.genesys.answerEmptyLists(1),
			change(step) {
				const device = step === 3 ? devices[1] : devices[0];
				sandbox.data.genesys.updateDevice(device.id, { doNotDisturb: device.doNotDisturb === 'On' ? 'Off' : 'On' });
				return device.id;
			},
		});
		const ticket = tickets('genesys-device-').find((candidate) => candidate.deviceKey === `genesys-device-${devices[0].id}`)!;
		expect(ticket.description).toMatch(/^Changed\. Before: (Active|Inactive), Do Not Disturb On/);
	}, 300_000);

	it('Kolmisoft Devices Trigger: fires once per change, nothing on the baseline, nothing after a failed or an empty poll', async () => {
		const kolmisoft = sandbox.data.kolmisoft;
		const devices = [kolmisoft.addDevice('102', { extension: '301' }), kolmisoft.addDevice('102', { extension: '302' })];
		const workflow = ticketWorkflow(
			'Kolmisoft device changed (5 s polls)',
			{
				name: 'Device changed',
				type: 'n8n-nodes-telephony-devices.kolmisoftDevicesTrigger',
				parameters: { pollTimes: POLL_TIMES, event: 'deviceChanged', userIds: '102', watchFields: { extension: true } },
				credentials: { kolmisoftApi: { id: 'TdCredKolmisoft1', name: 'Kolmisoft MOR (sandbox)' } },
			},
			"={{ JSON.stringify({ deviceKey: 'kolmisoft-device-' + $json.device_id, title: 'Extension ' + $json.extension, description: 'was ' + $json.previous.extension }) }}",
		);
		let extension = 400;
		await walkThrough({
			workflow,
			prefix: 'kolmisoft-device-',
			listPath: '/billing/api/devices_get',
			emptyOnce: () => kolmisoft.answerEmptyLists(1),
			change(step) {
				const device = step === 3 ? devices[1] : devices[0];
				kolmisoft.updateDevice(device.device_id, { extension: String(extension++) });
				return device.device_id;
			},
		});
	}, 300_000);
});
