/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { createGzip, gzipSync } from 'node:zlib';

import { startSandbox } from '../../sandbox';
import { startScriptedServer } from '../fixtures/scriptedServer';
import { activate, runNode, testCredential } from '../harness';
import { MAX_STATE_LENGTH, maxEntryLength } from '../../nodes/shared/changeTracking';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * Memory is bounded per vendor: each answer stops at the vendor's cap, so
 * concurrency × cap bounds what a node can hold. The peak RSS is printed.
 */
describe('bounded memory under gzip bombs', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());

	it('UC Softphone at concurrency 6: every item stops at the 1 MB cap (compressed or decompressed)', async () => {
		sandbox.setFaults([{ kind: 'gzipBomb', vendor: 'uc', bytes: 256 * 1024 * 1024 }]);
		const customer = sandbox.data.uc.customers[0];
		const before = process.memoryUsage().rss;
		const result = await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop', options: { concurrency: 6 } },
			credentials: { ucSoftphoneApi: sandbox.credentials.uc },
			input: Array.from({ length: 6 }, (_, index) => ({ index })),
			continueOnFail: true,
		});
		const after = process.memoryUsage().rss;
		console.log(`UC gzip bomb × 6 at concurrency 6: RSS ${Math.round(before / 1048576)} MB before, ${Math.round(after / 1048576)} MB after, peak of the process so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
		expect(result.items).toHaveLength(6);
		for (const item of result.items) expect(item.json.error).toMatch(/answer is larger than 1 MB/);
	}, 60_000);
});

const MB = 1024 * 1024;

/** Runs one hostile reproduction, printing its time and the process's peak RSS so far (which must stay far below a 4 GB heap). */
async function measured<T>(label: string, work: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
	const started = Date.now();
	const value = await work();
	const ms = Date.now() - started;
	const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
	console.log(`${label}: ${ms} ms, peak RSS of the process so far ${peakMb} MB`);
	return { value, ms, peakMb };
}

/** The whole test process, n8n-core included, stays within this: room for n8n on a 4 GB heap. */
const PEAK_RSS_BOUND_MB = 1536;

describe('bounded memory and time under hostile Kolmisoft XML', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	async function devicesGet(body: Buffer | string) {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'status', status: 200, body }]);
		return await runNode({
			type: 'kolmisoftDevices',
			parameters: { resource: 'device', operation: 'getAll', userId: '100', returnAll: true },
			credentials: { kolmisoftApi: sandbox.credentials.kolmisoft },
		});
	}

	it.each([
		['4 MB of unclosed <a> tags, gzipped', () => gzipSync('<a>'.repeat((4 * MB) / 3)), /nests elements more than 32 levels deep/],
		['2 MB of deep nesting that closes', () => `${'<a>'.repeat(MB / 7)}${'</a>'.repeat(MB / 7)}`, /nests elements more than 32 levels deep/],
		['2 MB of attributes (not plain XML) beyond what fast-xml-parser is given', () => `<page><devices>${'<device x="1"><device_id>1</device_id></device>'.repeat((2 * MB) / 48)}</devices></page>`, /larger than 512 KB/],
		['a single 2 MB value', () => `<page><devices><device><description>${'d'.repeat(2 * MB)}</description></device></devices></page>`, /single value longer than 1024 KB/],
		['2.1 million empty elements', () => `<page><devices>${'<d/>'.repeat(2_100_000)}</devices></page>`, /more than 2,000,000 elements/],
	])('%s: a clear error at once, memory bounded', async (label, body, message) => {
		const { value: result, peakMb } = await measured(`Kolmisoft ${label}`, async () => await devicesGet(body()));
		expect(result.error?.message).toMatch(message);
		expect(result.error!.message.length).toBeLessThan(400);
		expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB);
	}, 60_000);

	it('a 16 MB plain list dense with &amp; is read in full', async () => {
		const description = '&amp;'.repeat(2000);
		const devices = Math.floor((16 * MB) / (description.length + 80));
		const body = gzipSync(`<page><devices>${`<device><device_id>7</device_id><description>${description}</description></device>`.repeat(devices)}</devices></page>`);
		const { value: result, peakMb } = await measured('Kolmisoft 16 MB of &amp;', async () => await devicesGet(body));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(devices);
		expect(result.items[0].json.description).toBe('&'.repeat(2000));
		expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB);
	}, 120_000);
});

/** Gzip of `bytes` spaces, made piece by piece so the test never holds them. */
async function gzipOfSpaces(bytes: number): Promise<Buffer> {
	const gzip = createGzip();
	const chunks: Buffer[] = [];
	gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
	const piece = Buffer.alloc(MB, 0x20);
	for (let sent = 0; sent < bytes; sent += MB) if (!gzip.write(piece)) await new Promise((resolve) => gzip.once('drain', resolve));
	await new Promise((resolve) => gzip.end(resolve));
	return Buffer.concat(chunks);
}

describe('bounded memory under hostile answers to credential tests', () => {
	let bomb: Buffer | undefined;
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	const credentialOf = (type: string) =>
		({
			plantronicsManagerProApi: sandbox.credentials.plantronics,
			ucSoftphoneApi: sandbox.credentials.uc,
			kolmisoftApi: sandbox.credentials.kolmisoft,
			genesysWebServicesApi: sandbox.credentials.genesys,
		})[type] as Record<string, unknown>;

	it.each([
		['plantronicsManagerProApi', 'plantronics'],
		['ucSoftphoneApi', 'uc'],
		['kolmisoftApi', 'kolmisoft'],
		['genesysWebServicesApi', 'genesys'],
	])('%s: a 32 MB answer stops at the 1 MB cap', async (type, vendor) => {
		sandbox.setFaults([{ vendor, kind: 'hugeBody', bytes: 32 * MB }]);
		const { value: outcome, peakMb } = await measured(`credential test ${type}, 32 MB answer`, async () => await testCredential(type, credentialOf(type)));
		expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/larger than 1 MB/) });
		expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB);
	}, 60_000);

	it.each(['plantronicsManagerProApi', 'genesysWebServicesApi', 'kolmisoftApi'])('%s: Content-Encoding gzip unpacking to 64 MB stops at the 1 MB cap', async (type) => {
		bomb ??= await gzipOfSpaces(64 * MB);
		const sent = bomb;
		const server = await startScriptedServer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': sent.length });
			response.end(sent);
		});
		const credential = { ...credentialOf(type), baseUrl: type === 'kolmisoftApi' ? `${server.url}/billing` : server.url };
		const { value: outcome, peakMb } = await measured(`credential test ${type}, gzip bomb (${Math.round(sent.length / 1024)} KB sent)`, async () => await testCredential(type, credential));
		await server.close();
		expect(server.seen.length).toBeGreaterThan(0);
		expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/larger than 1 MB/) });
		expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB);
	}, 60_000);
});

describe('bounded memory per answer and per run', () => {
	it('Genesys: 4 MB of empty {} entries is refused before it is parsed', async () => {
		const server = await startScriptedServer((request, response) => {
			if (request.path === '/api/v2/devices') response.end(`{"statusCode":0,"devices":[${'{},'.repeat((4 * MB) / 3)}{}]}`);
			else response.end('{"statusCode":0}');
		});
		const { value: result, peakMb } = await measured('Genesys 4 MB of {} entries, Return All', async () =>
			await runNode({
				type: 'genesysDevices',
				parameters: { resource: 'device', operation: 'getAll', scope: 'all', returnAll: true },
				credentials: { genesysWebServicesApi: { baseUrl: server.url, username: 'admin', password: 'hostile-test-password' } },
			}),
		);
		await server.close();
		expect(server.seen.map((request) => request.path)).toContain('/api/v2/devices');
		expect(result.error?.message).toMatch(/more than 500,000 JSON objects and lists/);
		expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB);
	}, 60_000);

	it('Plantronics: a server answering full 8 MB pages is stopped once the run has read 256 MB', async () => {
		const pad = 'x'.repeat(80 * 1024);
		// Other devices on every page: a page that repeats devices is an error of its own.
		const pageOf = (number: number) =>
			`{"_embedded":{"deviceInventoryList":[${Array.from({ length: 99 }, (_, index) => `{"device":{"id":"d-${number}-${index}"},"pad":"${pad}"}`).join(',')}]},"_links":{"self":{"href":"/devices"}}}`;
		const page = pageOf(0);
		// 40 full pages, then an empty one: more than the budget, but not endless.
		const server = await startScriptedServer((request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			const number = Number(request.query.get('page'));
			response.end(number < 40 ? pageOf(number) : '{"_embedded":{"deviceInventoryList":[]},"_links":{}}');
		});
		const { value: result, peakMb } = await measured('Plantronics 8 MB pages', async () =>
			await runNode({
				type: 'plantronicsInventory',
				parameters: { resource: 'device', operation: 'getAll', returnAll: true },
				credentials: { plantronicsManagerProApi: { region: 'custom', baseUrl: server.url, tenantApiCode: 'af0813e6-81c0-4a77-89d2-3338d0277c42', apiKey: 'hostile-test-key', appId: 'app' } },
			}),
		);
		await server.close();
		console.log(`Plantronics: ${server.seen.length} pages requested, page size ${Math.round(page.length / 1024)} KB`);
		expect(result.error?.message).toMatch(/this run has read more than 256 MB of inventory/);
		// Pages up to the budget, and at most the default Parallel Requests (4) already in flight when it is reached.
		expect(server.seen.length).toBeLessThanOrEqual(Math.ceil((256 * MB) / page.length) + 4);
		expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB);
	}, 120_000);
});

describe('bounded trigger state', () => {
	it('Kolmisoft Device Changed over 20,000 devices whose watched values escape 5 for 1: the state stays within its stated bound', async () => {
		const sandbox = await startSandbox({ size: 20_000 });
		try {
			const devices = [...sandbox.data.kolmisoft.devices.values()] as Array<{ device_id: string }>;
			for (const device of devices) sandbox.data.kolmisoft.updateDevice(device.device_id, { description: `${'"'.repeat(200)}${device.device_id}`, callerid: `${'|'.repeat(200)}${device.device_id}` });
			const trigger = activate('legacy', {
				type: 'kolmisoftDevicesTrigger',
				parameters: { event: 'deviceChanged', userIds: '100,101' },
				credentials: () => ({ kolmisoftApi: sandbox.credentials.kolmisoft }),
			});
			const { value: outcome, peakMb } = await measured('Kolmisoft trigger, 20,000 devices with escaping values, one poll', async () => await trigger.poll());
			expect(outcome.error).toBeUndefined();
			const stateLength = JSON.stringify(trigger.staticData).length;
			console.log(`Kolmisoft trigger state: ${(stateLength / MB).toFixed(2)} MB for ${devices.length} devices`);
			expect(stateLength).toBeLessThan(devices.length * maxEntryLength(4) * 1.1);
			expect(stateLength).toBeLessThan(MAX_STATE_LENGTH);
			expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB);
		} finally {
			await sandbox.close();
		}
	}, 120_000);
});
