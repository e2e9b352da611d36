/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
/**
 * "From List" fields (n8n's resource locators): Kolmisoft's Device ID (the devices of the user in
 * User ID) and Plantronics' Username (the users of the tenant's inventory). What the list offers,
 * what it asked the vendor, and that every saved form of the value sends the same request: a
 * locator from the list, one typed, and the plain text workflows saved before these were locators.
 */
import type { IConnections, INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { pollOnce, runWorkflow, shutdownHarness } from '../harness';
import { listSearch } from '../harness/listSearch';
import { MANUAL_TRIGGER_TYPE, getNodeType } from '../harness/nodeTypes';
import { LIST_DEVICE_LIMIT } from '../../nodes/PlantronicsInventory/methods/listSearch';
import type { Sandbox } from './KolmisoftDevices/run';
import { formOf, run as runKolmisoft } from './KolmisoftDevices/run';
import { runNode } from '../harness';

afterAll(async () => await shutdownHarness());

describe('Kolmisoft Devices: Device ID from the list of a user\'s devices', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 12 })));
	afterAll(async () => await sandbox.close());

	const search = (parameters: INodeParameters, filter?: string) =>
		listSearch({ type: 'kolmisoftDevices', method: 'searchUserDevices', credentialType: 'kolmisoftApi', credentials: sandbox.credentials.kolmisoft, parameters, filter, field: 'deviceId' });
	const devicesOf = (userId: string) => [...sandbox.data.kolmisoft.devices.values()].filter((device: { user_id: string }) => device.user_id === userId) as Array<Record<string, string>>;

	it('lists the devices of the user in User ID, from one signed devices_get, named by description, type and ID', async () => {
		sandbox.clearRequests();
		const list = await search({ operation: 'get', userId: '100' });
		const requests = sandbox.requests.filter((request) => request.vendor === 'kolmisoft');
		expect(requests.map((request) => [request.path, formOf(request.body).user_id])).toEqual([['/billing/api/devices_get', '100']]);
		const devices = devicesOf('100');
		expect(devices.length).toBeGreaterThan(1);
		expect(list.results).toEqual(devices.map((device) => ({ name: `${device.description} (${device.device_type}, ID ${device.device_id})`, value: device.device_id })));
		const filtered = await search({ operation: 'get', userId: '100' }, devices[1].description);
		expect(filtered.results.map((entry) => entry.value)).toEqual([devices[1].device_id]);
	});

	it.each([
		['empty', ''],
		['an expression the editor could not resolve', '={{ $json.user }}'],
	])('asks for a User ID, without a request, when it is %s', async (_case, userId) => {
		sandbox.clearRequests();
		await expect(search({ operation: 'get', userId })).rejects.toThrow("Enter a User ID to list that user's devices");
		expect(sandbox.requests).toHaveLength(0);
	});

	it.each([
		['plain text (saved before Device ID was a locator)', 0, (id: string) => id],
		['picked from the list', 1, (id: string) => ({ __rl: true, mode: 'list', value: id, cachedResultName: 'Device' })],
		['typed By ID', 2, (id: string) => ({ __rl: true, mode: 'id', value: id })],
	])('Get, Update and Delete send the same request for a Device ID %s', async (_case, index, value) => {
		// Devices of their own per case: Delete removes one.
		const [first, second, third] = devicesOf('100').slice(3 * index).map((device) => device.device_id);
		const get = await runKolmisoft(sandbox, { operation: 'get', deviceId: value(first) });
		expect(get.error).toBeUndefined();
		expect(formOf(get.requests[0].body).device_id).toBe(first);
		expect(get.items[0].json.device_id).toBe(first);
		const update = await runKolmisoft(sandbox, { operation: 'update', userId: '100', deviceId: value(second), updateFields: { extension: '2001' } });
		expect(update.error).toBeUndefined();
		expect(formOf(update.requests[0].body)).toMatchObject({ device: second, extension: '2001' });
		// User ID only feeds the list: nothing of it is sent.
		expect(formOf(update.requests[0].body)).not.toHaveProperty('user_id');
		const removed = await runKolmisoft(sandbox, { operation: 'delete', deviceId: value(third) });
		expect(removed.error).toBeUndefined();
		expect(formOf(removed.requests[0].body).device).toBe(third);
	});

	it('a Device ID whose expression gives nothing is an error naming the field, before anything is sent', async () => {
		// (n8n itself refuses to run a node whose required field is empty: an expression may still give nothing.)
		const result = await runKolmisoft(sandbox, { operation: 'get', deviceId: { __rl: true, mode: 'id', value: '={{ " " }}' } });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toBe('"Device ID" is required');
	});
});

describe('Plantronics Inventory: Username from the users of the tenant', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 30 })));
	afterAll(async () => await sandbox.close());

	const search = (filter?: string, other: Sandbox = sandbox) =>
		listSearch({ type: 'plantronicsInventory', method: 'searchUsers', credentialType: 'plantronicsManagerProApi', credentials: other.credentials.plantronics, parameters: { operation: 'getAllByUser' }, filter, field: 'username' });

	it('lists each last-seen user of the tenant once, sorted, with the number of devices, from the tenant inventory', async () => {
		sandbox.clearRequests();
		const list = await search();
		const requests = sandbox.requests.filter((request) => request.vendor === 'plantronics');
		expect(requests.length).toBeGreaterThan(0);
		expect(requests.every((request) => request.path === `/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices`)).toBe(true);
		const counts = new Map<string, number>();
		for (const record of sandbox.data.plantronics.list() as Array<{ lastSeen: { username: string } }>) counts.set(record.lastSeen.username, (counts.get(record.lastSeen.username) ?? 0) + 1);
		const expected = [...counts.keys()].sort((a, b) => a.localeCompare(b)).map((user) => ({ name: `${user} (${counts.get(user)} device${counts.get(user) === 1 ? '' : 's'})`, value: user }));
		expect(list.results).toEqual(expected);
		expect((await search('DWALK')).results.map((entry) => entry.value)).toEqual(['dwalker']);
	});

	it(`in a tenant larger than ${LIST_DEVICE_LIMIT.toLocaleString('en')} devices, reads that many and still finds a user beyond them by the exact name typed`, async () => {
		const large = await startSandbox({ size: LIST_DEVICE_LIMIT + 600 });
		try {
			// The sandbox spreads its users over the first devices: one more, added last, is beyond the devices read.
			const beyond = 'latecomer';
			large.data.plantronics.addDevice({ username: beyond });
			const partial = await search(undefined, large);
			expect(partial.results.map((entry) => entry.value)).not.toContain(beyond);
			large.clearRequests();
			const typed = await search(beyond, large);
			expect(typed.results.map((entry) => entry.value)).toEqual([beyond]);
			expect(large.requests.some((request) => request.path.endsWith(`/devices/user/${beyond}`))).toBe(true);
		} finally {
			await large.close();
		}
	});

	it.each([
		['plain text (saved before Username was a locator)', 'dwalker'],
		['picked from the list', { __rl: true, mode: 'list', value: 'dwalker', cachedResultName: 'dwalker (1 device)' }],
		['typed By Name', { __rl: true, mode: 'name', value: 'dwalker' }],
	])('Get Many by User asks for the same user for a Username %s', async (_case, username) => {
		sandbox.clearRequests();
		const result = await runNode({
			type: 'plantronicsInventory',
			parameters: { resource: 'device', operation: 'getAllByUser', username, returnAll: true },
			credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((request) => request.path)).toEqual([`/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices/user/dwalker`]);
		expect(result.items.length).toBeGreaterThan(0);
	});

	it.each([
		['plain text (saved before Username was a locator)', 'dwalker'],
		['picked from the list', { __rl: true, mode: 'list', value: 'dwalker' }],
		['typed By Name', { __rl: true, mode: 'name', value: 'dwalker' }],
	])('the trigger watches the same user for a Username %s', async (_case, username) => {
		sandbox.clearRequests();
		const outcome = await pollOnce({
			type: 'plantronicsInventoryTrigger',
			parameters: { event: 'newDevice', scope: 'user', username },
			credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
			mode: 'manual',
		});
		expect(outcome.error).toBeUndefined();
		expect(sandbox.requests.map((request) => request.path)).toContain(`/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices/user/dwalker`);
		expect(sandbox.requests.every((request) => !request.path.includes('[object'))).toBe(true);
	});
});

describe('a workflow saved before the locators: plain text values run, and the editor reports nothing missing', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 12 })));
	afterAll(async () => await sandbox.close());

	it('runs as saved', async () => {
		const deviceId = [...sandbox.data.kolmisoft.devices.keys()][0] as string;
		// As n8n stored it: the two fields were plain strings.
		const nodes: INode[] = [
			{ id: '1', name: 'Run', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: '2', name: 'Kolmisoft', type: 'kolmisoftDevices', typeVersion: 1, position: [200, 0], parameters: { resource: 'device', operation: 'get', deviceId }, credentials: { kolmisoftApi: { id: 'k', name: 'k' } } },
			{ id: '3', name: 'Plantronics', type: 'plantronicsInventory', typeVersion: 1, position: [400, 0], parameters: { resource: 'device', operation: 'getAllByUser', username: 'dwalker', returnAll: true }, credentials: { plantronicsManagerProApi: { id: 'p', name: 'p' } } },
		];
		const connections: IConnections = {
			Run: { main: [[{ node: 'Kolmisoft', type: 'main', index: 0 }]] },
			Kolmisoft: { main: [[{ node: 'Plantronics', type: 'main', index: 0 }]] },
		};
		for (const node of nodes.slice(1)) {
			const { description } = getNodeType(node.type) as { description: Parameters<typeof NodeHelpers.getNodeParametersIssues>[2] };
			const parameters = NodeHelpers.getNodeParameters(description!.properties, node.parameters, true, false, node, description) ?? {};
			expect(NodeHelpers.getNodeParametersIssues(description!.properties, { ...node, parameters }, description)).toBeNull();
		}
		sandbox.clearRequests();
		const result = await runWorkflow({ nodes, connections }, { kolmisoftApi: sandbox.credentials.kolmisoft, plantronicsManagerProApi: sandbox.credentials.plantronics });
		expect(result.error).toBeUndefined();
		expect(result.runData.Kolmisoft[0].data?.main[0]?.[0].json.device_id).toBe(deviceId);
		expect(sandbox.requests.map((request) => request.path)).toEqual([
			'/billing/api/device_details_get',
			`/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices/user/dwalker`,
		]);
	});
});
