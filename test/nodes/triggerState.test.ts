import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { MAX_STORED_TEXT_LENGTH, STATE_ENTRY, maxEntryLength } from '../../nodes/shared/changeTracking';
import { SCHEDULERS, activate } from '../harness';
import type { ActiveTrigger } from '../harness';

/** The bounds of the stored state, through the triggers as n8n runs them (the rules themselves: test/shared/changeTrackingBounds.test.ts). */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const storedEntries = (trigger: ActiveTrigger) => (((trigger.staticData['node:Poller'] as IDataObject)[STATE_ENTRY] as IDataObject).devices as string).split(';');

const ok = async (trigger: ActiveTrigger) => {
	const outcome = await trigger.poll();
	if (outcome.error) throw outcome.error;
	return outcome;
};

describe.each(SCHEDULERS)('trigger state bounds on the %s scheduler', (scheduler) => {
	let sandbox: Sandbox;
	beforeEach(async () => (sandbox = await startSandbox({ size: 60, seed: 11 })));
	afterEach(async () => await sandbox.close());

	it('Plantronics Device Removed: an id longer than the stored-text limit is bounded in the state, and the removal still fires once', async () => {
		const longId = `${'x'.repeat(1_000)}-headset`;
		sandbox.data.plantronics.addDevice({ id: longId });
		const trigger = activate(scheduler, {
			type: 'plantronicsInventoryTrigger',
			parameters: { event: 'deviceRemoved', scope: 'tenant', simplify: true },
			credentials: () => ({ plantronicsManagerProApi: sandbox.credentials.plantronics }),
		});
		await ok(trigger);
		expect(JSON.stringify(trigger.staticData)).not.toContain('x'.repeat(MAX_STORED_TEXT_LENGTH));
		for (const entry of storedEntries(trigger)) expect(entry.length).toBeLessThanOrEqual(maxEntryLength(2));

		sandbox.data.plantronics.removeDevice(longId);
		expect((await ok(trigger)).items).toBeNull();
		const removed = (await ok(trigger)).items!;
		expect(removed).toHaveLength(1);
		expect(removed[0].json.id).toMatch(/^x{100,}…#[\w-]{12}$/);
		expect((removed[0].json.id as string).length).toBeLessThanOrEqual(MAX_STORED_TEXT_LENGTH);
		expect((await ok(trigger)).items).toBeNull();
	});

	it('Kolmisoft Device Changed: values whose characters escape 5 for 1 are bounded after escaping', async () => {
		const devices = [...sandbox.data.kolmisoft.devices.values()] as Array<{ device_id: string; user_id: string }>;
		for (const device of devices) sandbox.data.kolmisoft.updateDevice(device.device_id, { description: `${'"'.repeat(300)}${device.device_id}`, callerid: '|;%'.repeat(100) });
		const trigger = activate(scheduler, {
			type: 'kolmisoftDevicesTrigger',
			parameters: { event: 'deviceChanged', userIds: '100,101' },
			credentials: () => ({ kolmisoftApi: sandbox.credentials.kolmisoft }),
		});
		await ok(trigger);
		const entries = storedEntries(trigger);
		expect(entries).toHaveLength(devices.length);
		for (const entry of entries) expect(entry.length).toBeLessThanOrEqual(maxEntryLength(4));

		const [first] = devices;
		sandbox.data.kolmisoft.updateDevice(first.device_id, { description: `${'"'.repeat(300)}changed` });
		const changed = (await ok(trigger)).items!;
		expect(changed.map((item) => item.json.device_id)).toEqual([first.device_id]);
		expect(((changed[0].json.previous as IDataObject).description as string).length).toBeLessThanOrEqual(MAX_STORED_TEXT_LENGTH);
	});

	it('Genesys Device State Changed: a forwarding object with its keys in another order is no change', async () => {
		const [device] = [...sandbox.data.genesys.devices.values()].map((entry: { device: { id: string } }) => entry.device);
		sandbox.data.genesys.updateDevice(device.id, { forwardTo: { number: '+16505550100', type: 'external', delaySeconds: 20 } });
		const trigger = activate(scheduler, {
			type: 'genesysDevicesTrigger',
			parameters: { event: 'deviceStateChanged', scope: 'all' },
			credentials: () => ({ genesysWebServicesApi: sandbox.credentials.genesys }),
		});
		await ok(trigger);
		sandbox.data.genesys.updateDevice(device.id, { forwardTo: { delaySeconds: 20, type: 'external', number: '+16505550100' } });
		expect((await ok(trigger)).items).toBeNull();
		sandbox.data.genesys.updateDevice(device.id, { forwardTo: { type: 'external', number: '+16505550199', delaySeconds: 20 } });
		expect((await ok(trigger)).items?.map((item) => item.json.id)).toEqual([device.id]);
	});
});
