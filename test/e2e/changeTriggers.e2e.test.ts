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
 * The change triggers activated in a real n8n (one process, as
 * `./scripts/start.sh` runs it), polling every 5 s against a sandbox this test
 * changes between polls. Each fire creates or updates the ticket of its
 * device, so the ticket inbox counts the fires per device.
 *
 * Every case runs on both of n8n 2.41's schedulers at once: one n8n with the
 * legacy scheduler (the default) and one with the durable scheduler (opt-in in
 * 2.41, the default from 2.45), each with a sandbox of its own. The cases are
 * listed per vendor in CASES.
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
	title?: string;
	updates?: number;
	description?: string;
}
interface Recorded {
	path: string;
	status: number;
	query: Record<string, string>;
}

type Scheduler = 'legacy' | 'durable';
/** The durable scheduler, with durable poll cursors (node static data kept in the poller_state table). */
const SCHEDULER_ENV: Record<Scheduler, Record<string, string>> = {
	legacy: {},
	durable: {
		N8N_SCHEDULER_ENABLED: 'true',
		N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
		N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
		// Due polls are picked up every second (default 5), so 5 s poll times keep their pace.
		N8N_SCHEDULER_EXECUTOR_INTERVAL: '1',
	},
};
const SCHEDULERS = Object.keys(SCHEDULER_ENV) as Scheduler[];

// Every 5 s: twelve "every minute, at second s" times (n8n refuses a single interval under a minute).
const POLL_TIMES = { item: Array.from({ length: 12 }, (_, index) => ({ mode: 'custom', cronExpression: `${index * 5} * * * * *` })) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One running n8n on one scheduler, with its own sandbox, and what the cases do with it. */
interface N8n {
	scheduler: Scheduler;
	sandbox: Sandbox;
	rest<T = any>(method: string, pathname: string, body?: unknown): Promise<T>;
	/** Creates and activates a workflow; resolves with its id. */
	activate(workflow: Workflow): Promise<string>;
	/** Activates an existing workflow again (its latest version). */
	reactivate(id: string): Promise<void>;
	deactivate(id: string): Promise<void>;
	tickets(prefix: string): Ticket[];
	/** Fires per device so far: its ticket was opened by the first and updated by each later one. */
	firesPerDevice(prefix: string): Record<string, number>;
	/** Requests (polls) the sandbox received for a path, exactly. */
	requestsTo(pathname: string): Recorded[];
	/** Waits until `count` more requests to the path were answered. */
	morePolls(pathname: string, count: number): Promise<void>;
}

async function startN8n(scheduler: Scheduler) {
	const sandbox = await startSandbox({ port: 0, size: 24 });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `telephony-triggers-${scheduler}-`));
	const instance = localInstance({ queue: false, port: await local.freePort(), sandbox, userFolder, env: SCHEDULER_ENV[scheduler] });
	const stop = async () => {
		await instance.stop();
		await sandbox.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		const running = await instance.start();
		const login = await fetch(`${running.editorUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: local.LOCAL_OWNER.email, password: local.LOCAL_OWNER.password }),
		});
		expect(login.status).toBe(200);
		const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
		const rest = <T = any>(method: string, pathname: string, body?: unknown) => n8nRest<T>(running.editorUrl, cookie, method, pathname, body);
		const tickets = (prefix: string) => (sandbox.data.tickets as Ticket[]).filter((ticket) => ticket.deviceKey?.startsWith(prefix));
		const requestsTo = (pathname: string) => (sandbox.requests as Recorded[]).filter((request) => request.path === pathname && request.status !== 0);
		const n8n: N8n = {
			scheduler,
			sandbox,
			rest,
			async activate(workflow) {
				const created = await rest<{ id: string; versionId: string }>('POST', '/workflows', workflow);
				await rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
				return created.id;
			},
			async reactivate(id) {
				const { versionId } = await rest<{ versionId: string }>('GET', `/workflows/${id}`);
				await rest('POST', `/workflows/${id}/activate`, { versionId });
			},
			async deactivate(id) {
				await rest('POST', `/workflows/${id}/deactivate`, {});
			},
			tickets,
			firesPerDevice: (prefix) => Object.fromEntries(tickets(prefix).map((ticket) => [ticket.deviceKey!.slice(prefix.length), 1 + (ticket.updates ?? 0)])),
			requestsTo,
			async morePolls(pathname, count) {
				const seen = requestsTo(pathname).length;
				await until(`${count} more polls of ${pathname} (${scheduler} scheduler)`, () => requestsTo(pathname).length >= seen + count);
			},
		};
		return { n8n, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** A trigger followed by an HTTP Request that creates or updates the device's ticket (keyed by device). */
function ticketWorkflow(sandbox: Sandbox, name: string, trigger: Workflow['nodes'][number], ticketJson: string): Workflow {
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

/**
 * Activates a workflow, then walks one trigger through: the baseline, a change,
 * a failed poll, an empty answer and another change, checking after each that
 * exactly the changes fired, once each.
 */
async function walkThrough(
	n8n: N8n,
	trigger: {
		workflow: Workflow;
		prefix: string;
		listPath: string;
		emptyOnce(): void;
		change(step: number): string;
	},
) {
	const { sandbox } = n8n;
	const polls = () => n8n.requestsTo(trigger.listPath).length;
	const failures = () => n8n.requestsTo(trigger.listPath).filter((request) => request.status === 500).length;
	const fires = () => n8n.firesPerDevice(trigger.prefix);
	const id = await n8n.activate(trigger.workflow);
	try {
		// The baseline, then two more polls: nothing fires.
		await until('the first poll', () => polls() >= 1);
		await n8n.morePolls(trigger.listPath, 2);
		expect(fires()).toEqual({});

		const first = trigger.change(1);
		await until('the first change to fire', () => n8n.tickets(trigger.prefix).length >= 1);
		await n8n.morePolls(trigger.listPath, 2);
		expect(fires()).toEqual({ [first]: 1 });

		// A poll that fails: nothing fires, then or at the polls after it.
		const failuresBefore = failures();
		sandbox.setFaults([{ path: trigger.listPath, kind: 'status', status: 500, times: 1 }]);
		await until('the failed poll', () => failures() > failuresBefore);
		await n8n.morePolls(trigger.listPath, 2);
		expect(fires()).toEqual({ [first]: 1 });

		// An answer that lists no devices once: nothing fires, then or at the polls after it.
		trigger.emptyOnce();
		await n8n.morePolls(trigger.listPath, 3);
		expect(fires()).toEqual({ [first]: 1 });

		// The same device changed again, and another one: each fires once more.
		const again = trigger.change(2);
		const other = trigger.change(3);
		await until('the next changes to fire', () => Object.values(fires()).reduce((sum, count) => sum + count, 0) >= 3);
		await n8n.morePolls(trigger.listPath, 2);
		expect(fires()).toEqual(first === again ? { [first]: 2, [other]: 1 } : { [first]: 1, [again]: 1, [other]: 1 });
	} finally {
		sandbox.setFaults([]);
		await n8n.deactivate(id);
	}
}

const plantronicsTrigger = (parameters: Json) => ({
	name: 'Inventory trigger',
	type: 'n8n-nodes-telephony-devices.plantronicsInventoryTrigger',
	parameters: { pollTimes: POLL_TIMES, scope: 'tenant', simplify: true, ...parameters },
	credentials: { plantronicsManagerProApi: { id: 'TdCredPlantronic', name: 'Plantronics Manager Pro (sandbox)' } },
});
const plantronicsTenantPath = (sandbox: Sandbox) => `/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices`;
/** The documented "none": a 404 naming no device entity. */
const plantronicsAnswersNoneOnce = (sandbox: Sandbox) =>
	sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 404, times: 1, body: JSON.stringify({ status: 404, message: NO_DEVICE_ENTITY }) }]);
/** The sandbox's headsets of one user (24 devices: user u has devices u, u + 8 and u + 16). */
const headsetsOf = (sandbox: Sandbox, username: string) =>
	(sandbox.data.plantronics.list() as Array<{ device: { id: string }; lastSeen: { username?: string } }>).filter((record) => record.lastSeen.username === username).map((record) => record.device.id);

/**
 * Activates a Plantronics Inventory Trigger whose every fire opens or updates
 * the ticket `prefix + device id`; `title` and `description` are expressions.
 */
async function activatePlantronicsTickets(n8n: N8n, name: string, parameters: Json, prefix: string, fields: { title: string; description?: string }) {
	const ticketJson = `={{ JSON.stringify({ deviceKey: '${prefix}' + $json.id, title: ${fields.title}, description: ${fields.description ?? "''"} }) }}`;
	return await n8n.activate(ticketWorkflow(n8n.sandbox, name, plantronicsTrigger(parameters), ticketJson));
}

/** Waits for the first poll of a path and two more: the baseline is recorded on either scheduler. */
async function pastBaseline(n8n: N8n, listPath: string) {
	await until(`the first poll of ${listPath}`, () => n8n.requestsTo(listPath).length >= 1);
	await n8n.morePolls(listPath, 2);
}

/**
 * Device Reassigned for one user: a headset moved to another user leaves the
 * user's listing and fires with the new user; re-activated after a pause, the
 * trigger catches up on what changed meanwhile (the state is kept).
 */
async function plantronicsOwnerMoveAndReactivation(n8n: N8n) {
	const { sandbox } = n8n;
	const userPath = `${plantronicsTenantPath(sandbox)}/user/user1`;
	const prefix = 'plantronics-owner-';
	const [moved, movedWhileInactive] = headsetsOf(sandbox, 'user1').slice(-2);
	const id = await activatePlantronicsTickets(n8n, 'Plantronics headset of user1 reassigned', { event: 'deviceReassigned', scope: 'user', username: 'user1' }, prefix, {
		title: "'Now used by ' + $json.lastSeenUser",
		description: "'Before: ' + $json.previous.lastSeenUser",
	});
	try {
		await pastBaseline(n8n, userPath);
		expect(n8n.firesPerDevice(prefix)).toEqual({});

		const tenantListings = n8n.requestsTo(plantronicsTenantPath(sandbox)).length;
		sandbox.data.plantronics.moveDevice(moved, 'dwalker');
		await until('the move to fire', () => n8n.tickets(prefix).length >= 1);
		await n8n.morePolls(userPath, 2);
		expect(n8n.firesPerDevice(prefix)).toEqual({ [moved]: 1 });
		expect(n8n.tickets(prefix)[0]).toEqual(expect.objectContaining({ title: 'Now used by dwalker', description: 'Before: user1' }));
		// Confirmed with a tenant listing (the action's Get Many path, same paging).
		expect(n8n.requestsTo(plantronicsTenantPath(sandbox)).slice(tenantListings).some((request) => request.query.count === '99')).toBe(true);

		// Deactivated, a headset moves, activated again: the first polls after it catch up, once.
		await n8n.deactivate(id);
		sandbox.data.plantronics.moveDevice(movedWhileInactive, 'dwalker');
		await sleep(6_000);
		expect(n8n.firesPerDevice(prefix)).toEqual({ [moved]: 1 });
		await n8n.reactivate(id);
		await until('the catch-up after re-activation', () => n8n.tickets(prefix).length >= 2);
		await n8n.morePolls(userPath, 2);
		expect(n8n.firesPerDevice(prefix)).toEqual({ [moved]: 1, [movedWhileInactive]: 1 });
	} finally {
		await n8n.deactivate(id);
	}
}

/**
 * Device Removed for one user: a headset deleted at the vendor fires; one that
 * went to another user, and one that lost its user, only left the listing.
 */
async function plantronicsDeletionVersusLeftScope(n8n: N8n) {
	const { sandbox } = n8n;
	const userPath = `${plantronicsTenantPath(sandbox)}/user/user2`;
	const prefix = 'plantronics-deleted-user2-';
	const [unassigned, deleted, moved] = headsetsOf(sandbox, 'user2');
	const id = await activatePlantronicsTickets(n8n, 'Plantronics headset of user2 removed', { event: 'deviceRemoved', scope: 'user', username: 'user2' }, prefix, {
		title: "'Removed: ' + $json.displayId",
		description: "'Last used by ' + $json.lastSeenUser",
	});
	try {
		await pastBaseline(n8n, userPath);
		sandbox.data.plantronics.removeDevice(deleted);
		sandbox.data.plantronics.moveDevice(moved, 'dwalker');
		sandbox.data.plantronics.unassignDevice(unassigned);
		await until('the deletion to fire', () => n8n.tickets(prefix).length >= 1);
		await n8n.morePolls(userPath, 3);
		expect(n8n.firesPerDevice(prefix)).toEqual({ [deleted]: 1 });
		expect(n8n.tickets(prefix)[0].description).toBe('Last used by user2');
	} finally {
		await n8n.deactivate(id);
	}
}

/** Device Unassigned for a user group: a headset left with no user fires once, with the user it had. */
async function plantronicsUnassignment(n8n: N8n) {
	const { sandbox } = n8n;
	const groupPath = `${plantronicsTenantPath(sandbox)}/usergroup`;
	const prefix = 'plantronics-unassigned-';
	const [, unassigned] = headsetsOf(sandbox, 'user3');
	const id = await activatePlantronicsTickets(n8n, 'Plantronics Finance headset unassigned', { event: 'deviceUnassigned', scope: 'userGroup', userGroups: 'Finance' }, prefix, {
		title: "'No user: ' + $json.displayId",
		description: "'Before: ' + $json.previous.lastSeenUser",
	});
	try {
		await pastBaseline(n8n, groupPath);
		sandbox.data.plantronics.unassignDevice(unassigned);
		await until('the unassignment to fire', () => n8n.tickets(prefix).length >= 1);
		await n8n.morePolls(groupPath, 2);
		expect(n8n.firesPerDevice(prefix)).toEqual({ [unassigned]: 1 });
		expect(n8n.tickets(prefix)[0].description).toBe('Before: user3');
	} finally {
		await n8n.deactivate(id);
	}
}

/**
 * The first poll after activation. Legacy: the poll at activation records the
 * baseline, so a change right after it fires at the next poll. Durable (n8n
 * 2.41.1): the poll at activation keeps no state, the first scheduled poll
 * records the baseline, so that change is part of it and fires nothing.
 */
async function plantronicsFirstPollAfterActivation(n8n: N8n) {
	const { sandbox } = n8n;
	const userPath = `${plantronicsTenantPath(sandbox)}/user/user5`;
	const prefix = 'plantronics-first-poll-';
	const [early, later] = headsetsOf(sandbox, 'user5');
	// Activate just after a 5 s tick, so that the change below lands before the next one.
	while (new Date().getSeconds() % 5 !== 1) await sleep(100);
	const id = await activatePlantronicsTickets(n8n, 'Plantronics headset of user5 reassigned', { event: 'deviceReassigned', scope: 'user', username: 'user5' }, prefix, {
		title: "'Now used by ' + $json.lastSeenUser",
	});
	try {
		await until('the poll at activation', () => n8n.requestsTo(userPath).length >= 1, 3_000);
		expect(n8n.requestsTo(userPath)).toHaveLength(1); // and no scheduled one yet
		sandbox.data.plantronics.moveDevice(early, 'dwalker');
		await n8n.morePolls(userPath, 2);
		expect(n8n.firesPerDevice(prefix)).toEqual(n8n.scheduler === 'legacy' ? { [early]: 1 } : {});
		sandbox.data.plantronics.moveDevice(later, 'dwalker');
		await until('the later move to fire', () => n8n.firesPerDevice(prefix)[later]);
		await n8n.morePolls(userPath, 2);
		expect(n8n.firesPerDevice(prefix)).toEqual(n8n.scheduler === 'legacy' ? { [early]: 1, [later]: 1 } : { [later]: 1 });
	} finally {
		await n8n.deactivate(id);
	}
}

const genesysTrigger = (name: string, parameters: Json) => ({
	name,
	type: 'n8n-nodes-telephony-devices.genesysDevicesTrigger',
	parameters: { pollTimes: POLL_TIMES, ...parameters },
	credentials: { genesysWebServicesApi: { id: 'TdCredGenesysGws', name: 'Genesys GWS (sandbox)' } },
});
const kolmisoftTrigger = (name: string, parameters: Json) => ({
	name,
	type: 'n8n-nodes-telephony-devices.kolmisoftDevicesTrigger',
	parameters: { pollTimes: POLL_TIMES, ...parameters },
	credentials: { kolmisoftApi: { id: 'TdCredKolmisoft1', name: 'Kolmisoft MOR (sandbox)' } },
});
const KOLMISOFT_LIST = '/billing/api/devices_get';
const KOLMISOFT_DETAILS = '/billing/api/device_details_get';
/** The ids of the devices a Kolmisoft look-up (device_details_get) asked for. */
const kolmisoftLookUps = (sandbox: Sandbox) =>
	(sandbox.requests as Array<{ path: string; body: string }>).filter((request) => request.path === KOLMISOFT_DETAILS).map((request) => new URLSearchParams(request.body).get('device_id'));

/**
 * Kolmisoft owners, with the documented devices_get entries (no user in them):
 * a move between two listed users fires Device Reassigned with both users; a
 * device moved to a user not listed fires no Device Removed (device_details_get
 * finds it), a deleted one does, with the user it was listed under;
 * re-activated after a pause, the trigger catches up on the move meanwhile.
 */
async function kolmisoftOwners(n8n: N8n) {
	const { sandbox } = n8n;
	const kolmisoft = sandbox.data.kolmisoft;
	const [moved, left, deleted] = ['501', '502', '503'].map((extension) => kolmisoft.addDevice('101', { extension }) as { device_id: string });
	const ownerPrefix = 'kolmisoft-owner-';
	const removedPrefix = 'kolmisoft-removed-';
	kolmisoft.setListsUser(false);
	const ownerId = await n8n.activate(
		ticketWorkflow(
			sandbox,
			'Kolmisoft device reassigned (5 s polls)',
			kolmisoftTrigger('Device reassigned', { event: 'deviceReassigned', userIds: '100, 101' }),
			`={{ JSON.stringify({ deviceKey: '${ownerPrefix}' + $json.device_id, title: 'Now user ' + $json.user_id, description: 'Before: user ' + $json.previous.user_id }) }}`,
		),
	);
	const removedId = await n8n.activate(
		ticketWorkflow(
			sandbox,
			'Kolmisoft device removed (5 s polls)',
			kolmisoftTrigger('Device removed', { event: 'deviceRemoved', userIds: '101' }),
			`={{ JSON.stringify({ deviceKey: '${removedPrefix}' + $json.device_id, title: 'Removed, extension ' + $json.previous.extension, description: 'Last user ' + $json.user_id }) }}`,
		),
	);
	try {
		// Two workflows list user 101: three polls of each.
		await n8n.morePolls(KOLMISOFT_LIST, 6);
		expect([n8n.firesPerDevice(ownerPrefix), n8n.firesPerDevice(removedPrefix)]).toEqual([{}, {}]);

		kolmisoft.updateDevice(moved.device_id, { user_id: '100' });
		kolmisoft.updateDevice(left.device_id, { user_id: '102' });
		kolmisoft.removeDevice(deleted.device_id);
		await until('the move and the deletion to fire', () => n8n.tickets(ownerPrefix).length >= 1 && n8n.tickets(removedPrefix).length >= 1);
		await n8n.morePolls(KOLMISOFT_LIST, 6);
		expect([n8n.firesPerDevice(ownerPrefix), n8n.firesPerDevice(removedPrefix)]).toEqual([{ [moved.device_id]: 1 }, { [deleted.device_id]: 1 }]);
		expect(n8n.tickets(ownerPrefix)[0]).toEqual(expect.objectContaining({ title: 'Now user 100', description: 'Before: user 101' }));
		expect(n8n.tickets(removedPrefix)[0]).toEqual(expect.objectContaining({ title: 'Removed, extension 503', description: 'Last user 101' }));
		// The device that only left was looked up (and found), once: then forgotten.
		expect(kolmisoftLookUps(sandbox).filter((id) => id === left.device_id)).toHaveLength(1);

		// Deactivated, the device moves back, activated again: the first polls after it catch up, once.
		await n8n.deactivate(ownerId);
		kolmisoft.updateDevice(moved.device_id, { user_id: '101' });
		await sleep(6_000);
		expect(n8n.firesPerDevice(ownerPrefix)).toEqual({ [moved.device_id]: 1 });
		await n8n.reactivate(ownerId);
		await until('the catch-up after re-activation', () => n8n.firesPerDevice(ownerPrefix)[moved.device_id] === 2);
		await n8n.morePolls(KOLMISOFT_LIST, 4);
		expect(n8n.firesPerDevice(ownerPrefix)).toEqual({ [moved.device_id]: 2 });
		expect(n8n.tickets(ownerPrefix)[0]).toEqual(expect.objectContaining({ title: 'Now user 101', description: 'Before: user 100' }));
	} finally {
		kolmisoft.setListsUser(true);
		await n8n.deactivate(ownerId);
		await n8n.deactivate(removedId);
	}
}

/**
 * The device assignment sync example, its triggers polling every 5 s: a device
 * moved to another agent updates its ticket with the new owner, a deleted one
 * closes its ticket, a new one opens one; a device moved to a user the example
 * does not watch fires no Device Removed in a one-agent Device Removed
 * workflow (GET /api/v2/devices/{id} finds it); re-activated after a pause,
 * the example catches up on the move meanwhile.
 */
async function genesysAssignmentSync(n8n: N8n) {
	const { sandbox } = n8n;
	const genesys = sandbox.data.genesys;
	const { adminId, agentId, otherAgentId } = genesys;
	const example = local.exampleWorkflows(sandbox.url).find((workflow: Workflow) => workflow.id === 'TdDeviceAssignSy') as Workflow;
	const nodes = example.nodes.map((node) => (node.type.endsWith('.genesysDevicesTrigger') ? { ...node, parameters: { ...node.parameters, pollTimes: POLL_TIMES } } : node));
	const agentPath = `/api/v2/users/${agentId}/devices`;
	const prefix = 'genesys-device-';
	const leftPrefix = 'genesys-agent-removed-';
	// The last devices of each user: the Device State Changed case uses the first ones.
	const [moved, deleted] = (genesys.devicesOf(adminId) as Array<{ id: string; phoneNumber: string }>).slice(-2);
	const [left] = (genesys.devicesOf(agentId) as Array<{ id: string }>).slice(-1);
	const syncId = await n8n.activate({ name: 'Device assignment sync (5 s polls)', nodes, connections: example.connections, settings: example.settings });
	// Only the agent's devices: one that moves to another user left this listing, it was not removed.
	const agentWorkflowId = await n8n.activate(
		ticketWorkflow(
			sandbox,
			'Genesys device of one agent removed (5 s polls)',
			genesysTrigger('Device removed', { event: 'deviceRemoved', scope: 'users', userIds: agentId }),
			`={{ JSON.stringify({ deviceKey: '${leftPrefix}' + $json.id, title: 'Removed: ' + $json.previous.phoneNumber }) }}`,
		),
	);
	try {
		// Four triggers list the agent's devices: three polls of each.
		await n8n.morePolls(agentPath, 12);
		expect(n8n.firesPerDevice(prefix)).toEqual({});

		genesys.assignDevice(moved.id, otherAgentId);
		genesys.removeDevice(deleted.id);
		genesys.assignDevice(left.id, adminId);
		const added = genesys.addDevice(agentId, { phoneNumber: '4900' }) as { id: string };
		await until('the moves, the deletion and the new device to fire', () => n8n.tickets(prefix).length >= 4);
		await n8n.morePolls(agentPath, 12);
		// The example watches all three agents: the device that left the one-agent listing moved between two of them.
		expect(n8n.firesPerDevice(prefix)).toEqual({ [moved.id]: 1, [left.id]: 1, [deleted.id]: 1, [added.id]: 1 });
		expect(n8n.firesPerDevice(leftPrefix)).toEqual({});
		const ticket = (id: string) => n8n.tickets(prefix).find((candidate) => candidate.deviceKey === `${prefix}${id}`) as Ticket & { owner?: string; status?: string };
		expect(ticket(moved.id)).toEqual(expect.objectContaining({ owner: otherAgentId, status: 'open', description: `Reassigned from ${adminId} to ${otherAgentId}.` }));
		expect(ticket(deleted.id)).toEqual(expect.objectContaining({ owner: adminId, status: 'closed', title: `Genesys device ${deleted.phoneNumber}: removed` }));
		expect(ticket(added.id)).toEqual(expect.objectContaining({ owner: agentId, status: 'open' }));
		expect(ticket(left.id)).toEqual(expect.objectContaining({ owner: adminId, status: 'open' }));
		// The device that left the one-agent listing was looked up (and found), once.
		expect(n8n.requestsTo(`/api/v2/devices/${left.id}`)).toHaveLength(1);

		// Deactivated, the device moves back, activated again: the first polls after it catch up, once.
		await n8n.deactivate(syncId);
		genesys.assignDevice(moved.id, adminId);
		await sleep(6_000);
		expect(n8n.firesPerDevice(prefix)[moved.id]).toBe(1);
		await n8n.reactivate(syncId);
		await until('the catch-up after re-activation', () => n8n.firesPerDevice(prefix)[moved.id] === 2);
		await n8n.morePolls(agentPath, 8);
		expect(n8n.firesPerDevice(prefix)).toEqual({ [moved.id]: 2, [left.id]: 1, [deleted.id]: 1, [added.id]: 1 });
		expect(ticket(moved.id)).toEqual(expect.objectContaining({ owner: adminId, description: `Reassigned from ${otherAgentId} to ${adminId}.` }));
	} finally {
		await n8n.deactivate(syncId);
		await n8n.deactivate(agentWorkflowId);
	}
}

type Case = [name: string, run: (n8n: N8n) => Promise<void>];

/** The cases per vendor; each runs on every scheduler. */
const CASES: Record<string, Case[]> = {
	'Plantronics Inventory Trigger': [
		[
			'owners: a headset moved to another user fires Device Reassigned in a one-user listing, re-activation catches up; a deletion fires Device Removed, a headset that left the user does not; an unassignment fires Device Unassigned in a group listing',
			async (n8n) => {
				await Promise.all([plantronicsOwnerMoveAndReactivation(n8n), plantronicsDeletionVersusLeftScope(n8n), plantronicsUnassignment(n8n)]);
			},
		],
		['the first poll after activation: the baseline on legacy, no state kept on durable (n8n 2.41.1)', plantronicsFirstPollAfterActivation],
		[
			'Device Reassigned (whole tenant): fires once per new last-seen user, with the previous one; nothing on the baseline, nothing after a failed or an empty poll',
			async (n8n) => {
				const { sandbox } = n8n;
				const plantronics = sandbox.data.plantronics;
				const devices = plantronics.list().slice(0, 2);
				let owner = 0;
				await walkThrough(n8n, {
					workflow: ticketWorkflow(
						sandbox,
						'Plantronics device reassigned (5 s polls)',
						plantronicsTrigger({ event: 'deviceReassigned' }),
						"={{ JSON.stringify({ deviceKey: 'plantronics-reassigned-' + $json.id, title: 'Now used by ' + $json.lastSeenUser, description: 'Before: ' + $json.previous.lastSeenUser }) }}",
					),
					prefix: 'plantronics-reassigned-',
					listPath: plantronicsTenantPath(sandbox),
					emptyOnce: () => plantronicsAnswersNoneOnce(sandbox),
					change(step) {
						const device = step === 3 ? devices[1] : devices[0];
						plantronics.patchDevice(device.device.id, { lastSeenUsername: `new.owner.${++owner}` });
						return device.device.id;
					},
				});
				const ticket = n8n.tickets('plantronics-reassigned-').find((candidate) => candidate.deviceKey === `plantronics-reassigned-${devices[0].device.id}`)!;
				// The second reassignment's item carries the first new owner as the previous one.
				expect(ticket.description).toBe('Before: new.owner.1');
			},
		],
		[
			'Device Removed (whole tenant): fires once per device gone from two listings in a row; nothing on the baseline, nothing after a failed or an empty poll',
			async (n8n) => {
				const { sandbox } = n8n;
				const plantronics = sandbox.data.plantronics;
				const devices = plantronics.list().slice(4, 7);
				await walkThrough(n8n, {
					workflow: ticketWorkflow(
						sandbox,
						'Plantronics device removed (5 s polls)',
						plantronicsTrigger({ event: 'deviceRemoved' }),
						"={{ JSON.stringify({ deviceKey: 'plantronics-removed-' + $json.id, title: 'Removed: ' + $json.displayId, description: 'Last used by ' + $json.lastSeenUser }) }}",
					),
					prefix: 'plantronics-removed-',
					listPath: plantronicsTenantPath(sandbox),
					emptyOnce: () => plantronicsAnswersNoneOnce(sandbox),
					change(step) {
						const device = devices[step - 1];
						plantronics.removeDevice(device.device.id);
						return device.device.id;
					},
				});
				const ticket = n8n.tickets('plantronics-removed-').find((candidate) => candidate.deviceKey === `plantronics-removed-${devices[0].device.id}`)!;
				expect(ticket.description).toBe(`Last used by ${devices[0].lastSeen.username}`);
			},
		],
	],
	// The two vendors' owner cases at once (they share no data, fault or ticket key): half the wait.
	'Kolmisoft and Genesys Devices Triggers': [
		[
			'owners. Kolmisoft, with the documented devices_get entries (no user): a move between listed users fires Device Reassigned; a device moved to a user not listed fires no Device Removed, a deleted one does; re-activation catches up. Genesys, the device assignment sync example: a move to another agent updates the ticket with the new owner, a deletion closes it, a new device opens one; a device that left a one-agent listing fires no Device Removed; re-activation catches up',
			async (n8n) => {
				await Promise.all([kolmisoftOwners(n8n), genesysAssignmentSync(n8n)]);
			},
		],
	],
	'Genesys Devices Trigger': [
		[
			'Device State Changed: fires once per change, nothing on the baseline, nothing after a failed or an empty poll',
			async (n8n) => {
				const { sandbox } = n8n;
				const devices = [...sandbox.data.genesys.devices.values()].map((entry: { device: { id: string; doNotDisturb: string } }) => entry.device);
				await walkThrough(n8n, {
					workflow: ticketWorkflow(
						sandbox,
						'Genesys device state changed (5 s polls)',
						genesysTrigger('Device state changed', { event: 'deviceStateChanged', scope: 'all' }),
						"={{ JSON.stringify({ deviceKey: 'genesys-state-' + $json.id, title: 'Do Not Disturb ' + $json.doNotDisturb, description: 'Before: Do Not Disturb ' + $json.previous.doNotDisturb }) }}",
					),
					prefix: 'genesys-state-',
					listPath: '/api/v2/devices',
					emptyOnce: () => sandbox.data.genesys.answerEmptyLists(1),
					change(step) {
						const device = step === 3 ? devices[1] : devices[0];
						sandbox.data.genesys.updateDevice(device.id, { doNotDisturb: device.doNotDisturb === 'On' ? 'Off' : 'On' });
						return device.id;
					},
				});
				const ticket = n8n.tickets('genesys-state-').find((candidate) => candidate.deviceKey === `genesys-state-${devices[0].id}`)!;
				expect(ticket.description).toBe('Before: Do Not Disturb On');
			},
		],
	],
	'Kolmisoft Devices Trigger': [
		[
			'fires once per change, nothing on the baseline, nothing after a failed or an empty poll',
			async (n8n) => {
				const { sandbox } = n8n;
				const kolmisoft = sandbox.data.kolmisoft;
				const devices = [kolmisoft.addDevice('102', { extension: '301' }), kolmisoft.addDevice('102', { extension: '302' })];
				const workflow = ticketWorkflow(
					sandbox,
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
				await walkThrough(n8n, {
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
			},
		],
	],
};

describe('the change triggers activated in a real n8n, on the legacy and the durable scheduler', () => {
	const running = new Map<Scheduler, N8n>();
	const stops: Array<() => Promise<void>> = [];

	beforeAll(async () => {
		// Both at once: the start-up (package install, imports) is most of the wait.
		const started = await Promise.allSettled(SCHEDULERS.map(async (scheduler) => ({ scheduler, ...(await startN8n(scheduler)) })));
		for (const result of started) {
			if (result.status === 'fulfilled') {
				running.set(result.value.scheduler, result.value.n8n);
				stops.push(result.value.stop);
			}
		}
		const failed = started.find((result) => result.status === 'rejected');
		if (failed) throw (failed as PromiseRejectedResult).reason;
	}, 600_000);

	afterAll(async () => {
		await Promise.all(stops.map((stop) => stop()));
	});

	/** The case on every scheduler at once; a failure names its scheduler. */
	const onEveryScheduler = async (run: Case[1]) => {
		const outcomes = await Promise.allSettled(SCHEDULERS.map((scheduler) => run(running.get(scheduler)!)));
		const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [`${SCHEDULERS[index]} scheduler: ${(outcome.reason as Error)?.stack ?? outcome.reason}`] : []));
		if (failures.length) throw new Error(failures.join('\n\n'));
	};

	for (const [vendor, cases] of Object.entries(CASES)) {
		describe(vendor, () => {
			it.each(cases)('%s', async (_name, run) => await onEveryScheduler(run), 400_000);
		});
	}
});
