import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { pollTrigger } from '../../harness';
import type { IDataObject } from 'n8n-workflow';

const TYPE = 'plantronicsInventoryTrigger';

describe('Plantronics Inventory Trigger', () => {
	let sandbox: Awaited<ReturnType<typeof startSandbox>>;
	beforeAll(async () => (sandbox = await startSandbox({ size: 120 })));
	afterAll(async () => await sandbox.close());

	const poll = async (parameters: Record<string, unknown>, staticData?: IDataObject, mode: 'trigger' | 'manual' = 'trigger') => {
		const result = await pollTrigger({ type: TYPE, parameters, credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics }, staticData, mode });
		const text = JSON.stringify([result.items, result.staticData, result.logs]);
		expect(text).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
		return result;
	};
	const ids = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((item) => (item.json.device as { id: string }).id);

	it('fires once per device that falls out of compliance, and again after it recovers and falls out again', async () => {
		const parameters = { event: 'nonCompliantDevice', scope: 'tenant' };
		const compliantDevice = sandbox.data.plantronics.list().find((record: { device: { versionCompliant: boolean } }) => record.device.versionCompliant).device.id;

		const baseline = await poll(parameters);
		expect(baseline.items).toBeNull();

		sandbox.data.plantronics.setCompliant(compliantDevice, false);
		const second = await poll(parameters, baseline.staticData);
		expect(ids(second.items)).toEqual([compliantDevice]);

		const third = await poll(parameters, second.staticData);
		expect(third.items).toBeNull();

		sandbox.data.plantronics.setCompliant(compliantDevice, true);
		const fourth = await poll(parameters, third.staticData);
		expect(fourth.items).toBeNull();

		sandbox.data.plantronics.setCompliant(compliantDevice, false);
		const fifth = await poll(parameters, fourth.staticData);
		expect(ids(fifth.items)).toEqual([compliantDevice]);
	});

	it('fires newDevice once for a device id never seen before', async () => {
		const parameters = { event: 'newDevice', scope: 'tenant', simplify: true };
		const baseline = await poll(parameters);
		expect(baseline.items).toBeNull();
		const added = sandbox.data.plantronics.addDevice();
		const second = await poll(parameters, baseline.staticData);
		expect((second.items ?? []).map((item) => item.json.id)).toEqual([added.device.id]);
		const third = await poll(parameters, second.staticData);
		expect(third.items).toBeNull();
	});

	it('a manual test run returns a capped sample of current matching devices and keeps no baseline', async () => {
		const manual = await poll({ event: 'newDevice', scope: 'user', username: 'dwalker' }, undefined, 'manual');
		expect(manual.items?.length).toBeGreaterThan(0);
		expect(manual.items!.length).toBeLessThanOrEqual(10);
		expect(manual.staticData).toEqual({});
		expect(sandbox.requests.at(-1)?.path).toMatch(/\/user\/dwalker$/);
	});

	it('keeps its state small for a 100,000-device tenant', async () => {
		const big = await startSandbox({ size: 100_000 });
		try {
			const result = await pollTrigger({ type: TYPE, parameters: { event: 'newDevice', scope: 'tenant' }, credentials: { plantronicsManagerProApi: big.credentials.plantronics } });
			expect(result.items).toBeNull();
			const size = JSON.stringify(result.staticData).length;
			expect(size).toBeGreaterThan(100_000 * 12);
			expect(size).toBeLessThan(1.5 * 1024 * 1024);
		} finally {
			await big.close();
		}
	}, 120_000);
});
