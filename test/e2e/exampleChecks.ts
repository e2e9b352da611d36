import type { startSandbox } from '../../sandbox';

/**
 * What each example workflow must do, checked on what the sandbox received
 * and on the workflow's node outputs. One place for both ways the examples
 * run in a real n8n: single process (examples.e2e.test.ts) and queue mode on
 * workers (queue.e2e.test.ts).
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The items a node of the run output (its first run, first output). */
export type NodeOutput = (node: string) => Array<Record<string, unknown>>;

export interface ExampleCheck {
	workflowId: string;
	title: string;
	/** Runs before the workflow (resets the ticket inbox, notes what is expected); its result goes to verify. */
	prepare(sandbox: Sandbox): unknown;
	verify(sandbox: Sandbox, output: NodeOutput, prepared: unknown): void;
}

export const EXAMPLE_CHECKS: ExampleCheck[] = [
	{
		workflowId: 'TdFirmwareAlert1',
		title: 'daily firmware compliance alert: one ticket listing every non-compliant headset of the tenant',
		prepare(sandbox) {
			sandbox.data.tickets.length = 0;
			return sandbox.data.plantronics.list().filter((record: { device: { versionCompliant: boolean } }) => !record.device.versionCompliant);
		},
		verify(sandbox, output, prepared) {
			const expected = prepared as Array<{ device: { displayId: string } }>;
			expect(output('Non-compliant headsets')).toHaveLength(expected.length);
			expect(sandbox.data.tickets).toHaveLength(1);
			for (const record of expected) expect(sandbox.data.tickets[0].description).toContain(record.device.displayId);
		},
	},
	{
		workflowId: 'TdSoftphoneSync1',
		title: 'softphone assignment sync: assigns the rows, the charged one without acceptance fails, each row reported',
		prepare(sandbox) {
			sandbox.data.tickets.length = 0;
		},
		verify(sandbox) {
			const customer = sandbox.data.uc.customers[0];
			expect(sandbox.data.uc.assignments.get(`${customer}/user-1/dev-1-a`)).toBe('desktop');
			expect(sandbox.data.uc.assignments.get(`${customer}/user-2/dev-2-b`)).toBe('mobile');
			expect(sandbox.data.uc.assignments.has(`${customer}/user-2/dev-2-paid`)).toBe(false);
			expect(sandbox.data.tickets.map((ticket: { status?: string; title: string }) => ticket.title)).toEqual([
				expect.stringMatching(/dev-1-a .*assigned/),
				expect.stringMatching(/dev-2-b .*assigned/),
				expect.stringMatching(/dev-2-paid .*FAILED/),
			]);
			expect(sandbox.data.tickets[2].description).toMatch(/Charges apply/);
		},
	},
	{
		workflowId: 'TdInventoryExprt',
		title: 'device inventory export: Kolmisoft and Genesys devices side by side',
		prepare() {
			return undefined;
		},
		verify(sandbox, output) {
			const rows = output('Same columns');
			const kolmisoft = rows.filter((row) => row.source === 'kolmisoft');
			const genesys = rows.filter((row) => row.source === 'genesys');
			expect(kolmisoft).toHaveLength(1);
			expect(genesys).toHaveLength(sandbox.data.genesys.devices.size);
		},
	},
	{
		workflowId: 'TdDeviceAssignSy',
		title: 'device assignment sync: one open ticket per Genesys device with its owner, the one that already had a ticket updated rather than opened again',
		prepare(sandbox) {
			sandbox.data.tickets.length = 0;
			const [first] = [...sandbox.data.genesys.devices.keys()];
			sandbox.data.tickets.push({ id: 1, deviceKey: `genesys-device-${first}`, title: 'opened earlier', source: 'by hand' });
			return first;
		},
		verify(sandbox, output, prepared) {
			const entries = [...sandbox.data.genesys.devices.values()] as Array<{ device: { id: string; phoneNumber: string }; ownerId: string }>;
			expect(output('Create or update ticket')).toHaveLength(entries.length);
			const tickets = sandbox.data.tickets as Array<{ id: number; deviceKey: string; owner: string; status: string; title: string; updates?: number; source: string }>;
			expect(tickets.map((ticket) => ticket.deviceKey).sort()).toEqual(entries.map(({ device }) => `genesys-device-${device.id}`).sort());
			const earlier = tickets.find((ticket) => ticket.deviceKey === `genesys-device-${prepared as string}`)!;
			expect(earlier).toMatchObject({ id: 1, updates: 1, source: 'n8n: device assignment sync' });
			for (const { device, ownerId } of entries) {
				const ticket = tickets.find((candidate) => candidate.deviceKey === `genesys-device-${device.id}`)!;
				expect(ticket).toMatchObject({ owner: ownerId, status: 'open', title: `Genesys device ${device.phoneNumber}: assigned to ${ownerId}` });
			}
		},
	},
];
