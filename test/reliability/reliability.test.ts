/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { json, startScriptedServer } from '../fixtures/scriptedServer';
import { runNode } from '../harness';
import type { OperationCase } from './operations';
import { OPERATIONS } from './operations';

/**
 * Faults, hostile input and lost items, for every operation of every node,
 * against the sandbox. Each outcome goes into a table printed at the end
 * (case × operation: passed / failed).
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const table = new Map<string, Map<string, string>>();
function record(row: string, column: string, passed: boolean) {
	if (!table.has(row)) table.set(row, new Map());
	table.get(row)!.set(column, passed ? 'passed' : 'FAILED');
}

function printTable() {
	const columns = OPERATIONS.map((operation) => operation.label);
	const lines = [`| case | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`];
	for (const [row, cells] of table) lines.push(`| ${row} | ${columns.map((column) => cells.get(column) ?? '-').join(' | ')} |`);
	console.log(`Reliability and security summary\n${lines.join('\n')}`);
}

const writeMethod = (operation: OperationCase) => (operation.vendor === 'uc' ? 'PUT' : 'POST');

async function runOperation(sandbox: Sandbox, operation: OperationCase, parameters: Record<string, unknown> = {}, extra: { input?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) {
	const result = await runNode({
		type: operation.node,
		parameters: { ...operation.parameters(sandbox), ...parameters },
		credentials: operation.credentials(sandbox),
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	for (const secret of Object.values(SANDBOX_SECRETS)) expect(text).not.toContain(secret);
	return result;
}

function requestsOf(sandbox: Sandbox, operation: OperationCase, since: number) {
	return sandbox.requests.slice(since).filter((request) => request.vendor === operation.vendor);
}

interface FaultCase {
	name: string;
	rule: Record<string, unknown> | (() => Record<string, unknown>);
	applies?: (operation: OperationCase) => boolean;
	/** What a read should do under the fault. */
	read: 'succeeds' | RegExp;
	/** The error a write shows (writes are sent once and never again). */
	write?: RegExp;
	/** Operations one after another: each may hold its body cap in memory, and the peak RSS is printed. */
	oneAtATime?: boolean;
}

async function inTurn<T, R>(values: T[], run: (value: T) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	for (const value of values) results.push(await run(value));
	return results;
}

const FAULTS: FaultCase[] = [
	{ name: '429 burst with Retry-After, clears', rule: { kind: 'status', status: 429, retryAfter: 1, times: 2 }, read: 'succeeds', write: /Too many requests|HTTP 429/ },
	{ name: '429 storm without Retry-After', rule: { kind: 'status', status: 429 }, read: /Too many requests|HTTP 429/, write: /Too many requests|HTTP 429/ },
	{ name: '503 burst that clears', rule: { kind: 'status', status: 503, times: 2 }, read: 'succeeds', write: /HTTP 503/ },
	{ name: '502 that does not clear', rule: { kind: 'status', status: 502 }, read: /HTTP 502/, write: /HTTP 502/ },
	{ name: 'dropped connection, once', rule: { kind: 'drop', times: 1 }, read: 'succeeds', write: /Could not complete the request/ },
	{ name: 'dropped mid-body, always', rule: { kind: 'dropMidBody' }, read: /Could not complete the request|damaged|not valid JSON|not well-formed/, write: /Could not complete the request|damaged|not valid JSON|not well-formed/ },
	{ name: 'malformed body', rule: { kind: 'malformed' }, read: /not valid JSON|not well-formed XML|not XML/, write: /not valid JSON|not well-formed XML|not XML/ },
	{ name: 'body far larger than expected', rule: { kind: 'hugeBody', bytes: 130 * 1024 * 1024 }, read: /answer is larger than \d+ MB/, write: /answer is larger than \d+ MB/, oneAtATime: true },
	{ name: 'gzip bomb', rule: { kind: 'gzipBomb', bytes: 1024 * 1024 * 1024 }, read: /answer is larger than \d+ MB/, write: /answer is larger than \d+ MB/, oneAtATime: true },
	{ name: 'truncated gzip', rule: { kind: 'truncateGzip' }, applies: (operation) => operation.gzip === true, read: /gzip-compressed answer is damaged/ },
	{ name: 'entity expansion XML', rule: { kind: 'entityExpansion' }, applies: (operation) => operation.gzip === true, read: 'succeeds' },
	{ name: 'latency past the timeout', rule: { kind: 'latency', ms: 31_000 }, read: /Timed out: no complete answer from .* within 30 s/, write: /Timed out: no complete answer from .* within 30 s/ },
	{ name: 'body trickled past the timeout', rule: { kind: 'trickle', intervalMs: 200 }, read: /Timed out: no complete answer from .* within 30 s/, write: /Timed out: no complete answer from .* within 30 s/ },
	{ name: 'redirect to another host', rule: () => ({ kind: 'redirect', status: 307, location: `${otherOrigin.url}/elsewhere` }), read: /redirected the request to another host \(127\.0\.0\.1:\d+\)/, write: /redirected the request to another host/ },
];

// Another origin a redirect points to: nothing may ever reach it.
let otherOrigin: Awaited<ReturnType<typeof startScriptedServer>>;

describe('reliability and security', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ size: 30 });
		otherOrigin = await startScriptedServer((_request, response) => json(response, 200, { stolen: true }));
	});
	afterAll(async () => {
		await sandbox.close();
		await otherOrigin.close();
		printTable();
	});
	afterEach(() => expect(otherOrigin.seen).toEqual([]));
	afterEach(() => sandbox.setFaults([]));

	describe.each(FAULTS)('fault: $name', (fault) => {
		it('every operation succeeds after bounded retries or fails clearly; a write is sent once', async () => {
			const operations = OPERATIONS.filter((operation) => (fault.applies ? fault.applies(operation) : true));
			// Each operation gets its own rule, so a burst counts its own requests; writes are faulted on the write itself.
			const rule = typeof fault.rule === 'function' ? fault.rule() : fault.rule;
			sandbox.setFaults(operations.map((operation) => ({ ...rule, vendor: operation.vendor, path: operation.ownPaths, ...(operation.write ? { method: writeMethod(operation) } : {}) })));
			const since = sandbox.requests.length;
			const results = fault.oneAtATime
				? await inTurn(operations, async (operation) => await runOperation(sandbox, operation))
				: await Promise.all(operations.map((operation) => runOperation(sandbox, operation)));
			if (fault.oneAtATime) console.log(`${fault.name}: peak RSS of the test process so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
			operations.forEach((operation, index) => {
				const result = results[index];
				const own = requestsOf(sandbox, operation, since).filter((request) => operation.ownPaths.test(request.path));
				const writes = own.filter((request) => request.method === writeMethod(operation) && (operation.write || operation.vendor === 'kolmisoft'));
				let passed: boolean;
				if (operation.write) {
					const expected = fault.write ?? fault.read;
					passed = writes.length === 1 && (expected === 'succeeds' ? !result.error : expected.test(result.error?.message ?? ''));
				} else if (fault.read === 'succeeds') {
					passed = !result.error && result.items.length > 0 && !JSON.stringify(result.items).includes('aaaaaaaaaaaaaaaaaaaaaaaa');
				} else {
					passed = fault.read.test(result.error?.message ?? '') && own.length <= 4 * (operation.paged ? 1 : 1);
				}
				record(fault.name, operation.label, passed);
				if (!passed) throw new Error(`${operation.label} under "${fault.name}": ${result.error?.message ?? `${result.items.length} items`}, ${own.length} requests`);
			});
		}, 120_000);
	});

	it('a pager that never ends is stopped by the page count it changes, the run\'s byte budget or the page cap', async () => {
		const operation = OPERATIONS[0];
		sandbox.setFaults([{ kind: 'neverEndingPager', vendor: 'plantronics' }]);
		const result = await runOperation(sandbox, operation);
		// Its pages announce one more page each time: the page count changing is caught at page 1.
		const passed = /The device list changed while it was read|this run has read more than 256 MB of inventory|Stopped after 2500 pages/.test(result.error?.message ?? '');
		record('never-ending pager', operation.label, passed);
		expect(passed).toBe(true);
		// Were the page count steady, some 1,700 pages of 99 devices until the byte budget: minutes on a busy 2-core machine.
	}, 600_000);

	const HOSTILE: Array<[string, unknown]> = [
		['empty (from an expression)', '={{ "" }}'],
		['whitespace', '   '],
		['slash', 'a/b'],
		['dot-dot', '..'],
		['dot-dot-slash', '../x'],
		['question mark', '?x=1'],
		['hash', '#x'],
		['percent', '100%'],
		['unicode', 'ünïcødé✓'],
		['10,000 characters', 'x'.repeat(10_000)],
		['a number', '={{ 42 }}'],
		['an object', '={{ { "a": 1 } }}'],
		['an array', '={{ [1, 2] }}'],
	];

	describe.each(HOSTILE)('hostile id: %s', (name, value) => {
		it('gives a clear error naming the field, or is encoded so no request leaves the operation\'s own path', async () => {
			for (const operation of OPERATIONS.filter((candidate) => candidate.idParameters.length > 0)) {
				for (const { name: parameter, label } of operation.idParameters) {
					const since = sandbox.requests.length;
					const result = await runOperation(sandbox, operation, { [parameter]: value });
					const requests = requestsOf(sandbox, operation, since);
					const namedError = (result.error?.message ?? '').includes(`"${label}"`);
					const staysOnPath = requests.every((request) => operation.ownPaths.test(request.path));
					const passed = staysOnPath && (namedError || requests.length > 0 || !result.error);
					record(`hostile id: ${name}`, operation.label, passed);
					if (!passed) throw new Error(`${operation.label} ${parameter}=${name}: ${result.error?.message}; paths ${requests.map((request) => request.path).join(', ')}`);
				}
			}
		}, 120_000);
	});

	it('a malformed base URL or tenant code is refused before any request, naming the credential field', async () => {
		const since = sandbox.requests.length;
		for (const operation of OPERATIONS) {
			const [type, data] = Object.entries(operation.credentials(sandbox))[0];
			const result = await runNode({ type: operation.node, parameters: operation.parameters(sandbox), credentials: { [type]: { ...data, baseUrl: 'not a url' } } });
			const passed = /Base URL/.test(result.error?.message ?? '');
			record('malformed base URL', operation.label, passed);
			expect(passed).toBe(true);
		}
		const badTenant = await runNode({ type: 'plantronicsInventory', parameters: OPERATIONS[0].parameters(sandbox), credentials: { plantronicsManagerProApi: { ...sandbox.credentials.plantronics, tenantApiCode: '../../x' } } });
		expect(badTenant.error?.message).toMatch(/Tenant API Code/);
		expect(sandbox.requests.length).toBe(since);
	});

	it('no item is lost: with Continue On Fail, N inputs give N outputs paired in order, under faults too', async () => {
		for (const operation of OPERATIONS) {
			const [firstId] = operation.idParameters;
			// Items 1 and 3 fail: an empty required id where the operation has one, else a fault on every second request.
			const input = [0, 1, 2, 3].map((index) => ({ index }));
			const parameters = firstId ? { [firstId.name]: `={{ [1, 3].includes($json.index) ? "" : ${JSON.stringify(String(operation.parameters(sandbox)[firstId.name]))} }}` } : {};
			sandbox.setFaults([{ kind: 'status', status: 500, vendor: operation.vendor, path: operation.ownPaths, after: 1, times: 1 }]);
			const result = await runOperation(sandbox, operation, parameters, { input, continueOnFail: true });
			sandbox.setFaults([]);
			const pairedIndexes = [...new Set(result.items.map((item) => (item.pairedItem as { item: number }).item))];
			const errors = result.items.filter((item) => item.json.error !== undefined).map((item) => (item.pairedItem as { item: number }).item);
			const everyInputAnswered = pairedIndexes.join() === '0,1,2,3';
			const inOrder = result.items.every((item, index, all) => index === 0 || (item.pairedItem as { item: number }).item >= (all[index - 1].pairedItem as { item: number }).item);
			const passed = !result.error && everyInputAnswered && inOrder && errors.length >= 1 && new Set(errors).size === errors.length;
			record('Continue On Fail, mixed inputs and a fault', operation.label, passed);
			if (!passed) throw new Error(`${operation.label}: ${result.error?.message ?? JSON.stringify(result.items.map((item) => item.pairedItem))}`);
		}
	}, 120_000);
});
