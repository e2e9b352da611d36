/**
 * Run-time checks of values that skip the editor (expressions, $fromAI), at
 * their edges, through the nodes over loopback: an option is matched whole
 * (a prefix of an allowed value is refused), and a time of day with minutes or
 * seconds of 60 is refused, not rolled over to the next minute or hour.
 */
import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import type { INodeType } from 'n8n-workflow';

import { pollOnce, runNode } from '../harness';
import { getNodeType } from '../harness/nodeTypes';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The Event values the node's panel offers, as the error must list them. */
function offeredEvents(type: string): string {
	const event = (getNodeType(type) as INodeType).description.properties.find((property) => property.name === 'event');
	return (event?.options as Array<{ value: string }>).map((option) => option.value).join(', ');
}

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ size: 20 })));
afterAll(async () => await sandbox.close());
afterEach(async () => {
	await sandbox.settled();
	sandbox.clearRequests();
});

describe('option matching: a prefix of an allowed value is refused', () => {
	it.each([
		['plantronicsInventoryTrigger', 'plantronics', { plantronicsManagerProApi: () => sandbox.credentials.plantronics }, { scope: 'tenant' }],
		['kolmisoftDevicesTrigger', 'kolmisoft', { kolmisoftApi: () => sandbox.credentials.kolmisoft }, { userIds: '100' }],
		['genesysDevicesTrigger', 'genesys', { genesysWebServicesApi: () => sandbox.credentials.genesys }, {}],
	])('%s: Event "new" fails the poll naming the allowed values, and nothing is sent', async (type, vendor, credentialsOf, parameters) => {
		const credentials = Object.fromEntries(Object.entries(credentialsOf).map(([name, read]) => [name, read()]));
		const outcome = await pollOnce({ type, parameters: { ...parameters, event: 'new' }, credentials });
		await sandbox.settled();
		expect(outcome.items).toBeNull();
		expect(outcome.error?.message).toBe(`"Event" must be one of ${offeredEvents(type)}, but it is "new"`);
		expect(outcome.error?.description).toContain('"newDevice"');
		expect(sandbox.requests.filter((request: { vendor: string }) => request.vendor === vendor)).toEqual([]);
	});
});

describe('dates: minutes or seconds of 60 are refused, not rolled over', () => {
	it.each(['2026-11-30T08:60:00', '2026-11-30T08:00:60', '2026-11-30 08:99', '2026-11-30T23:59:60Z'])('Last Seen After %j is not a date, and nothing is sent', async (value) => {
		const result = await runNode({
			type: 'plantronicsInventory',
			parameters: { resource: 'device', operation: 'getAll', returnAll: true, filters: { lastSeenStartTime: value } },
			credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
		});
		await sandbox.settled();
		expect(JSON.stringify([result.error?.message, result.error?.description])).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toBe(`"Last Seen After" is not a date: "${value}"`);
		expect(sandbox.requests.filter((request: { vendor: string }) => request.vendor === 'plantronics')).toEqual([]);
	});

	it('the last second of a minute and of a day are read (08:59:59, 23:59:59)', async () => {
		const result = await runNode({
			type: 'plantronicsInventory',
			parameters: { resource: 'device', operation: 'getAll', returnAll: true, filters: { lastSeenStartTime: '2026-11-30T08:59:59Z', lastSeenEndTime: '2026-11-30T23:59:59Z' } },
			credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
		});
		await sandbox.settled();
		expect(result.error).toBeUndefined();
		const [request] = sandbox.requests.filter((candidate: { vendor: string }) => candidate.vendor === 'plantronics');
		expect([request.query.lastSeenStartTime, request.query.lastSeenEndTime]).toEqual(['2026-11-30T08:59:59.000Z', '2026-11-30T23:59:59.000Z']);
	});
});
