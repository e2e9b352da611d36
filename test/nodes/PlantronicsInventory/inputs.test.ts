/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode } from '../../harness';

/**
 * Values that come from an expression or an AI model ($fromAI) skip the
 * editor's lists and pickers: Compliance Status and the last-seen dates are
 * checked at run time, and the dates are read in the workflow's time zone.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ size: 60 })));
afterAll(async () => await sandbox.close());

async function run(parameters: Record<string, unknown>, timezone?: string) {
	sandbox.clearRequests();
	const result = await runNode({
		type: 'plantronicsInventory',
		parameters: { resource: 'device', operation: 'getAll', returnAll: true, ...parameters },
		credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
		timezone,
	});
	expect(JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs])).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'plantronics') };
}

const compliance = (items: Array<{ json: Record<string, unknown> }>) => items.map((item) => (item.json.device as { versionCompliant: boolean }).versionCompliant);

describe('Plantronics Inventory: Compliance Status from an expression or $fromAI', () => {
	const devices = () => sandbox.data.plantronics.list();

	it.each(['compliant', 'Compliant', 'COMPLIANT', ' compliant ', '={{ "Compliant" }}'])('%j keeps exactly the compliant devices', async (value) => {
		const result = await run({ options: { complianceStatus: value } });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(devices().filter((record) => record.device.versionCompliant === true).length);
		expect(compliance(result.items).every((compliant) => compliant === true)).toBe(true);
	});

	it.each(['nonCompliant', 'noncompliant', 'NONCOMPLIANT'])('%j keeps exactly the non-compliant devices', async (value) => {
		const result = await run({ options: { complianceStatus: value } });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(devices().filter((record) => record.device.versionCompliant === false).length);
		expect(compliance(result.items).every((compliant) => compliant === false)).toBe(true);
	});

	it.each(['all', 'non-compliant', 'Non-Compliant', 'yes', '', '={{ true }}', '={{ 1 }}'])('%j is an error naming the field and the allowed values, before any request', async (value) => {
		const result = await run({ options: { complianceStatus: value } });
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/^"Compliance Status" must be one of any, compliant, nonCompliant, but it is /);
		expect(result.error?.description).toMatch(/"any", "compliant", "nonCompliant"/);
		expect(result.requests).toHaveLength(0);
	});

	it('the shipped AI-agent example tells the model every allowed value', () => {
		const example = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../examples/ai-agent-tools.json'), 'utf8')) as {
			nodes: Array<{ type: string; parameters: { options?: { complianceStatus?: string } } }>;
		};
		const field = example.nodes.find((node) => node.type.endsWith('plantronicsInventoryTool') || node.type.endsWith('plantronicsInventory'))?.parameters.options?.complianceStatus;
		const description = /\$fromAI\('complianceStatus', '([^']*)'/.exec(field ?? '')?.[1] ?? '';
		for (const value of ['any', 'compliant', 'nonCompliant']) expect(description).toMatch(new RegExp(`\\b${value}\\b`));
	});
});

describe('Plantronics Inventory: last-seen dates', () => {
	const sent = (result: Awaited<ReturnType<typeof run>>) => [result.requests[0]?.query.lastSeenStartTime, result.requests[0]?.query.lastSeenEndTime];

	it.each([
		['1', '"1"'],
		['2026', '"2026"'],
		['2026-02-30T08:00:00', '"2026-02-30T08:00:00"'],
		['2026-11-30T25:00:00', '"2026-11-30T25:00:00"'],
		['30/11/2026', '"30/11/2026"'],
		['={{ 1 }}', '1'],
		['={{ {} }}', 'an object'],
	])('%j is not a date, and nothing is sent', async (value, shown) => {
		const result = await run({ filters: { lastSeenStartTime: value } });
		expect(result.error?.message).toBe(`"Last Seen After" is not a date: ${shown}`);
		expect(result.error?.description).toMatch(/ISO date/);
		expect(result.requests).toHaveLength(0);
	});

	it('the date picker\'s local time is read in the workflow\'s time zone and sent in UTC', async () => {
		const winter = await run({ filters: { lastSeenStartTime: '2026-11-30T08:00:00', lastSeenEndTime: '2026-12-01T00:00:00' } }, 'Europe/Berlin');
		expect(winter.error).toBeUndefined();
		expect(sent(winter)).toEqual(['2026-11-30T07:00:00.000Z', '2026-11-30T23:00:00.000Z']);

		const summer = await run({ filters: { lastSeenStartTime: '2026-07-01T08:00:00' } }, 'Europe/Berlin');
		expect(sent(summer)[0]).toBe('2026-07-01T06:00:00.000Z');

		const newYork = await run({ filters: { lastSeenStartTime: '2026-03-01' } }, 'America/New_York');
		expect(sent(newYork)[0]).toBe('2026-03-01T05:00:00.000Z');
	});

	it('an explicit offset or Z is kept, whatever the workflow\'s time zone', async () => {
		const result = await run({ filters: { lastSeenStartTime: '2026-11-30T08:00:00+05:30', lastSeenEndTime: '2026-12-01T08:00:00Z' } }, 'Europe/Berlin');
		expect(result.error).toBeUndefined();
		expect(sent(result)).toEqual(['2026-11-30T02:30:00.000Z', '2026-12-01T08:00:00.000Z']);
	});

	it('a Luxon DateTime or a JS Date from an expression is taken as the instant it is', async () => {
		const result = await run(
			{ filters: { lastSeenStartTime: "={{ DateTime.fromISO('2026-11-30T08:00:00', { zone: 'America/New_York' }) }}", lastSeenEndTime: '={{ $now.plus({ days: 1 }) }}' } },
			'Europe/Berlin',
		);
		expect(result.error).toBeUndefined();
		expect(sent(result)[0]).toBe('2026-11-30T13:00:00.000Z');
		expect(Math.abs(Date.parse(String(sent(result)[1])) - (Date.now() + 86_400_000))).toBeLessThan(60_000);

		const jsDate = await run({ filters: { lastSeenStartTime: "={{ new Date('2026-11-30T08:00:00Z') }}" } }, 'Europe/Berlin');
		expect(jsDate.error).toBeUndefined();
		expect(sent(jsDate)[0]).toBe('2026-11-30T08:00:00.000Z');
	});

	it('a start after the end is an error naming both fields, before any request', async () => {
		const result = await run({ filters: { lastSeenStartTime: '2026-12-01T00:00:00Z', lastSeenEndTime: '2026-11-30T00:00:00Z' } });
		expect(result.error?.message).toBe('"Last Seen After" (2026-12-01T00:00:00.000Z) is later than "Last Seen Before" (2026-11-30T00:00:00.000Z)');
		expect(result.requests).toHaveLength(0);
	});
});
