// The benchmark (npm run bench). Every scenario runs against the vendor sandbox
// (its own process, fixed injected latency) with these runners, interleaved
// (A, B, C, A, B, C ...) so the machine's load touches them alike:
//   - this node in a real n8n (`n8n execute`),
//   - the stock-n8n way of doing the same job, in the same n8n,
//   - an idle n8n workflow (manual trigger only): the memory baseline,
//   - this node in-process (n8n-core's WorkflowExecute, no n8n server), cold and warm,
//   - a raw client in plain Node (the floor), cold and warm.
// In n8n, the time is the measured nodes' own execution time from the run data
// and memory the process's peak RSS when the run ended (bench/n8n-probe.cjs).
// Writes bench/results/latest.md and bench/results/latest.svg.
//
// BENCH_RUNS (default 3), BENCH_SIZES (inventory sizes, default 1000,10000,100000)
// and BENCH_ONLY (comma-separated scenario keys) make quicker runs.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { chart } from './chart.mjs';
import { summarise } from './profile-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const local = require('../scripts/n8n-local.js');

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ONLY = process.env.BENCH_ONLY?.split(',');
const UC_CONCURRENCY = 5; // the UC node's default
const UC_LATENCY_MS = 50;
// A vendor cloud 50–200 ms away: the realistic scenarios inject this per request.
const REALISTIC_LATENCY_MS = 150;
const PARALLEL_REQUESTS = 4; // the Plantronics node's default
const TRIGGER_PARALLEL_REQUESTS = 16; // the Plantronics trigger's default
// n8n's durable scheduler abandons a poll after N8N_SCHEDULER_POLL_TIMEOUT (45 s by default); each trigger stops its poll at 30 s.
const N8N_POLL_DEADLINE_MS = 45000;
const POLL_TIME_BUDGET_MS = 30000;
// The Kolmisoft trigger's realistic scenario: 50,000 devices shared by ten users (users 200 to 209 in the sandbox).
const KOLMISOFT_USERS = Array.from({ length: 10 }, (_, index) => String(200 + index)).join(',');
// BENCH_REALISTIC_DEVICES shrinks the realistic scenarios' tenant for a quick check of the bench itself.
const REALISTIC_DEVICES = Number(process.env.BENCH_REALISTIC_DEVICES ?? 100000);

// Realistic latency first: where the time is waiting on the vendor, not n8n's CPU.
const realisticScenarios = [
	{ key: 'inventoryAt150', title: `Plantronics inventory, 100,000 devices at ${REALISTIC_LATENCY_MS} ms per request (99 per page)`, job: 'inventory', sandbox: { size: REALISTIC_DEVICES, latency: REALISTIC_LATENCY_MS }, items: REALISTIC_DEVICES, realistic: true },
	{ key: 'triggerAt150', title: `Plantronics trigger, one poll over 100,000 devices at ${REALISTIC_LATENCY_MS} ms per request (Parallel Requests ${TRIGGER_PARALLEL_REQUESTS}, its default)`, job: 'trigger', sandbox: { size: REALISTIC_DEVICES, latency: REALISTIC_LATENCY_MS }, items: 0, poll: true, realistic: true, pageConcurrency: TRIGGER_PARALLEL_REQUESTS },
	{ key: 'kolmisoftTriggerAt150', title: `Kolmisoft trigger, one Device Changed poll over 50,000 devices of 10 users at ${REALISTIC_LATENCY_MS} ms per request`, job: 'kolmisoftTrigger', sandbox: { size: 50000, latency: REALISTIC_LATENCY_MS, kolmisoftUsers: 10 }, items: 0, poll: true, realistic: true, userIds: KOLMISOFT_USERS },
	{ key: 'genesysTriggerAt150', title: `Genesys trigger, one Device State Changed poll over 100,000 devices at ${REALISTIC_LATENCY_MS} ms per request`, job: 'genesysTrigger', sandbox: { size: 10, genesysSize: REALISTIC_DEVICES, latency: REALISTIC_LATENCY_MS }, items: 0, poll: true, realistic: true },
	{ key: 'ucAt150', title: `UC softphone assign, 1,000 items at ${REALISTIC_LATENCY_MS} ms per request (${UC_CONCURRENCY} at a time)`, job: 'softphone', sandbox: { size: 10, latency: REALISTIC_LATENCY_MS }, items: 1000, realistic: true },
];
const allScenarios = [
	...realisticScenarios,
	...SIZES.map((size) => ({
		key: `inventory${size}`,
		title: `Plantronics inventory, ${size.toLocaleString('en')} devices (99 per page, 2 ms latency)`,
		job: 'inventory',
		sandbox: { size, latency: 2 },
		items: size,
	})),
	{ key: 'kolmisoft', title: 'Kolmisoft devices_get, 50,000 devices, gzipped XML (2 ms)', job: 'kolmisoft', sandbox: { size: 50000, latency: 2 }, items: 50000 },
	{ key: 'uc', title: `UC softphone assign, 1,000 items (${UC_LATENCY_MS} ms latency, ${UC_CONCURRENCY} at a time)`, job: 'softphone', sandbox: { size: 10, latency: UC_LATENCY_MS }, items: 1000 },
	{ key: 'genesys', title: 'Genesys Get Many, 10,000 devices (2 ms)', job: 'genesys', sandbox: { size: 10, genesysSize: 10000, latency: 2 }, items: 10000 },
	{ key: 'trigger', title: 'Plantronics trigger, one poll over 100,000 devices (2 ms)', job: 'trigger', sandbox: { size: 100000, latency: 2 }, items: 0, poll: true },
	// The change triggers: one poll after the baseline, every device listed, fingerprinted and compared.
	{ key: 'kolmisoftTrigger', title: 'Kolmisoft trigger, one Device Changed poll over 50,000 devices (2 ms)', job: 'kolmisoftTrigger', sandbox: { size: 50000, latency: 2 }, items: 0, poll: true },
	{ key: 'genesysTrigger', title: 'Genesys trigger, one Device State Changed poll over 100,000 devices (2 ms)', job: 'genesysTrigger', sandbox: { size: 10, genesysSize: 100000, latency: 2 }, items: 0, poll: true },
];
const scenarios = allScenarios.filter((scenario) => !ONLY || ONLY.includes(scenario.key));
// Each finished scenario is kept here, so the report can be put together from runs made at different times.
const runsDir = process.env.BENCH_RUNS_DIR ?? path.join(root, 'bench/results/runs');

// Stopped by hand: still stop the sandboxes (see startSandbox).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => bytes / 1048576;

async function startSandbox({ size, latency, genesysSize, kolmisoftUsers }) {
	const port = await local.freePort();
	const args = [path.join(root, 'sandbox/cli.js'), '--port', String(port), '--size', String(size), '--latency', String(latency), '--json-ready'];
	if (genesysSize) args.push('--genesys-size', String(genesysSize));
	if (kolmisoftUsers) args.push('--kolmisoft-users', String(kolmisoftUsers));
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	let buffer = '';
	const ready = await new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			const line = buffer.split('\n').find((text) => text.startsWith('SANDBOX_READY '));
			if (line) resolve(JSON.parse(line.slice('SANDBOX_READY '.length)));
		});
		child.on('exit', () => reject(new Error('sandbox exited')));
	});
	child.stdout.resume();
	process.on('exit', () => child.kill('SIGTERM'));
	return { ...ready, stop: () => child.kill('SIGTERM') };
}

// ---- workflows for the n8n runners ----

const manual = { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
function workflow(id, nodes) {
	const all = [manual, ...nodes.map((node, index) => ({ id: `n${index}`, typeVersion: 1, position: [220 * (index + 1), 0], ...node }))];
	const connections = {};
	for (let index = 0; index < all.length - 1; index++) connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	// Nothing of a benchmark run is worth keeping in n8n's database.
	const settings = { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveManualExecutions: false, saveExecutionProgress: false };
	return { id, name: id, nodes: all, connections, active: false, settings };
}
const credentialRef = (type, id) => ({ [type]: { id, name: id } });
const rows = (count) => ({ name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { i } }));` } });
const splitOut = (field) => ({ name: 'Split Out', type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: field, options: {} } });

/** For each scenario: credentials to import, and the node / stock workflows with the names of the nodes whose time counts. */
function n8nCases(scenario, sandbox) {
	// n8n ids are 16 characters; a digest keeps inventory1000 and inventory100000 apart.
	const id = (prefix) => createHash('sha1').update(`${prefix}:${scenario.key}`).digest('hex').slice(0, 16);
	const { plantronics, kolmisoft, uc, genesys } = sandbox.credentials;
	if (scenario.job === 'inventory') {
		const credentialId = id('Plt');
		const queryAuthId = id('Qry');
		const stockRequest = (withCredential) => ({
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'GET',
				url: `${plantronics.baseUrl}/reports/assets/tenant/${plantronics.tenantApiCode}/devices`,
				...(withCredential ? { authentication: 'genericCredentialType', genericAuthType: 'httpQueryAuth' } : {}),
				sendQuery: true,
				queryParameters: { parameters: [...(withCredential ? [] : [{ name: 'apikey', value: plantronics.apiKey }]), { name: 'count', value: '99' }] },
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'appId', value: plantronics.appId }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount }}' }] },
							paginationCompleteWhen: 'other',
							completeExpression: '={{ $response.body._embedded.deviceInventoryList.length < 99 }}',
						},
					},
				},
			},
			...(withCredential ? { credentials: credentialRef('httpQueryAuth', queryAuthId) } : {}),
		});
		const inventoryNode = (options) => ({ name: 'Inventory', type: 'n8n-nodes-telephony-devices.plantronicsInventory', parameters: { resource: 'device', operation: 'getAll', returnAll: true, options }, credentials: credentialRef('plantronicsManagerProApi', credentialId) });
		return {
			credentials: [
				{ id: credentialId, name: credentialId, type: 'plantronicsManagerProApi', data: plantronics },
				{ id: queryAuthId, name: queryAuthId, type: 'httpQueryAuth', data: { name: 'apikey', value: plantronics.apiKey } },
			],
			// The same stock workflow with the API key in an n8n credential (Query Auth) instead of inline.
			stockCredential: { workflow: workflow(`${scenario.key}Cred`, [stockRequest(true), splitOut('_embedded.deviceInventoryList')]), measured: ['HTTP Request', 'Split Out'] },
			node: { workflow: workflow(`${scenario.key}Node`, [inventoryNode({ pageSize: 99 })]), measured: ['Inventory'] },
			// The node one page at a time, as it paged before Parallel Requests.
			nodeSerial: { workflow: workflow(`${scenario.key}Serial`, [inventoryNode({ pageSize: 99, parallelRequests: 1 })]), measured: ['Inventory'] },
			stock: {
				workflow: workflow(`${scenario.key}Stock`, [stockRequest(false), splitOut('_embedded.deviceInventoryList')]),
				measured: ['HTTP Request', 'Split Out'],
			},
		};
	}
	if (scenario.job === 'kolmisoft') {
		const credentialId = id('Kol');
		return {
			credentials: [{ id: credentialId, name: credentialId, type: 'kolmisoftApi', data: kolmisoft }],
			node: { workflow: workflow('kolmisoftNode', [{ name: 'Kolmisoft', type: 'n8n-nodes-telephony-devices.kolmisoftDevices', parameters: { resource: 'device', operation: 'getAll', userId: '100', returnAll: true }, credentials: credentialRef('kolmisoftApi', credentialId) }]), measured: ['Kolmisoft'] },
			stock: {
				// Without the node: sign in a Code node, post the form, and unpack the gzipped XML answer.
				workflow: workflow('kolmisoftStock', [
					{ name: 'Sign', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: `const hash = require('crypto').createHash('sha1').update('100' + ${JSON.stringify(kolmisoft.apiSecretKey)}).digest('hex');\nreturn [{ json: { hash } }];` } },
					{
						name: 'HTTP Request',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						parameters: {
							method: 'POST',
							url: `${kolmisoft.baseUrl}/api/devices_get`,
							sendBody: true,
							contentType: 'form-urlencoded',
							bodyParameters: { parameters: [{ name: 'u', value: kolmisoft.username }, { name: 'user_id', value: '100' }, { name: 'hash', value: '={{ $json.hash }}' }] },
							options: { response: { response: { responseFormat: 'file' } } },
						},
					},
					{ name: 'Decompress', type: 'n8n-nodes-base.compression', typeVersion: 1.1, parameters: { operation: 'decompress', binaryPropertyName: 'data', outputPrefix: 'file_' } },
					{ name: 'Extract From File', type: 'n8n-nodes-base.extractFromFile', typeVersion: 1, parameters: { operation: 'text', binaryPropertyName: 'file_0', destinationKey: 'xml', options: {} } },
					{ name: 'XML', type: 'n8n-nodes-base.xml', typeVersion: 1, parameters: { mode: 'xmlToJson', dataPropertyName: 'xml', options: {} } },
					splitOut('page.devices.device'),
				]),
				measured: ['Sign', 'HTTP Request', 'Decompress', 'Extract From File', 'XML', 'Split Out'],
			},
		};
	}
	if (scenario.job === 'softphone') {
		const credentialId = id('Uc');
		const customer = sandbox.ucCustomer;
		return {
			credentials: [{ id: credentialId, name: credentialId, type: 'ucSoftphoneApi', data: uc }],
			node: {
				workflow: workflow(`${scenario.key}Node`, [rows(scenario.items), { name: 'Assign', type: 'n8n-nodes-telephony-devices.ucSoftphoneDevice', parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' }, credentials: credentialRef('ucSoftphoneApi', credentialId) }]),
				measured: ['Assign'],
			},
			stock: {
				// The HTTP Request node's batching is a rate, not a limit on requests in flight (with no
				// interval it sends all 1,000 at once): 5 every 50 ms is its nearest setting to
				// the node's 5 in flight at 50 ms, though it does not wait for answers.
				workflow: workflow(`${scenario.key}Stock`, [
					rows(scenario.items),
					{
						name: 'HTTP Request',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						parameters: {
							method: 'PUT',
							url: `${uc.baseUrl}/v1.0/customers/${customer}/users/user-1/devices/pbx/dev-1-a/assign`,
							sendHeaders: true,
							headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${uc.accessToken}` }] },
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '{"clientType":"desktop"}',
							options: { batching: { batch: { batchSize: UC_CONCURRENCY, batchInterval: scenario.sandbox.latency } } },
						},
					},
				]),
				measured: ['HTTP Request'],
			},
		};
	}
	if (scenario.job === 'genesys') {
		const credentialId = id('Gen');
		return {
			credentials: [{ id: credentialId, name: credentialId, type: 'genesysWebServicesApi', data: genesys }],
			node: { workflow: workflow('genesysNode', [{ name: 'Genesys', type: 'n8n-nodes-telephony-devices.genesysDevices', parameters: { resource: 'device', operation: 'getAll', scope: 'all', returnAll: true }, credentials: credentialRef('genesysWebServicesApi', credentialId) }]), measured: ['Genesys'] },
			stock: {
				workflow: workflow('genesysStock', [
					{
						name: 'HTTP Request',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						parameters: {
							method: 'GET',
							url: `${genesys.baseUrl}/api/v2/devices`,
							sendQuery: true,
							queryParameters: { parameters: [{ name: 'fields', value: '*' }] },
							sendHeaders: true,
							headerParameters: { parameters: [{ name: 'Authorization', value: `Basic ${Buffer.from(`${genesys.username}:${genesys.password}`).toString('base64')}` }] },
							options: {},
						},
					},
					splitOut('devices'),
				]),
				measured: ['HTTP Request', 'Split Out'],
			},
		};
	}
	return undefined; // the trigger polls: no manual run in n8n (see the report)
}

// ---- runners ----

function childJson(script, scenario, args, nodeArgs = []) {
	const out = execFileSync(process.execPath, [...nodeArgs, path.join(root, script), scenario, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
	return JSON.parse(out.trim().split('\n').pop());
}

async function main() {
	const n8nBin = local.installN8n();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-bench-'));
	local.installPackage(userFolder);

	const sandboxes = {};
	for (const scenario of scenarios) sandboxes[scenario.key] = await startSandbox(scenario.sandbox);
	const credentials = [];
	const workflows = [workflow('idleBaseline', [])];
	const cases = {};
	for (const scenario of scenarios) {
		cases[scenario.key] = n8nCases(scenario, sandboxes[scenario.key]);
		if (!cases[scenario.key]) continue;
		for (const credential of cases[scenario.key].credentials) {
			if (credentials.some((known) => known.id === credential.id)) throw new Error(`Two credentials with the id ${credential.id}`);
			credentials.push(credential);
		}
		workflows.push(cases[scenario.key].node.workflow, cases[scenario.key].stock.workflow);
		if (cases[scenario.key].stockCredential) workflows.push(cases[scenario.key].stockCredential.workflow);
		if (cases[scenario.key].nodeSerial) workflows.push(cases[scenario.key].nodeSerial.workflow);
	}
	// The stock Kolmisoft way signs in a Code node, which needs the crypto module allowed; on a busy
	// machine n8n's Code node runner takes longer than its default minute to answer.
	const env = local.n8nEnv({ userFolder, brokerPort: await local.freePort(), extra: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', N8N_RUNNERS_TASK_REQUEST_TIMEOUT: '600' } });
	await local.importIntoN8n(n8nBin, env, { credentials, workflows });

	const probeFile = path.join(userFolder, 'probe.json');
	const runEnv = { ...env, NODE_OPTIONS: `--require ${path.join(root, 'bench/n8n-probe.cjs')}`, BENCH_PROBE_FILE: probeFile };
	async function inN8n(workflowId, measured, expectItems, profileDir) {
		fs.rmSync(probeFile, { force: true });
		const env = profileDir ? { ...runEnv, NODE_OPTIONS: `${runEnv.NODE_OPTIONS} --cpu-prof --cpu-prof-dir=${profileDir}` } : runEnv;
		const result = await local.runN8n(n8nBin, ['execute', `--id=${workflowId}`, '--rawOutput'], env, { timeoutMs: 900000 });
		const probe = fs.existsSync(probeFile) ? JSON.parse(fs.readFileSync(probeFile, 'utf8')) : undefined;
		// What counts is the run's own status: n8n 2.41.1's CLI now and then crashes (SIGSEGV) while
		// shutting down after a finished run, and that does not touch what was measured.
		const status = local.parseRunOutput(result.stdout)?.status;
		if (status !== 'success' || !probe || probe.error) {
			throw new Error(`${workflowId} failed (exit ${result.code} ${result.signal}, ${probe ? `error: ${probe.error}` : 'no probe file'})\n${result.stdout.slice(-1500)}\n${result.stderr.slice(-1500)}`);
		}
		const items = measured.length ? probe.nodes[measured.at(-1)].items : 0;
		if (expectItems !== undefined && items !== expectItems) throw new Error(`${workflowId}: ${items} items, expected ${expectItems}`);
		return { ms: measured.reduce((sum, name) => sum + probe.nodes[name].ms, 0), items, maxRssBytes: probe.maxRssBytes, probe };
	}
	/** One run of the node's workflow in n8n under --cpu-prof, summarised over the node's own span. */
	async function profileInN8n(n8nCase) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-prof-'));
		try {
			const [name] = n8nCase.node.measured;
			const { ms, probe } = await inN8n(n8nCase.node.workflow.id, n8nCase.node.measured, undefined, dir);
			const file = fs.readdirSync(dir).find((entry) => entry.includes(`.${probe.pid}.`));
			const from = probe.nodes[name].startTime * 1000 + probe.clockOffsetUs;
			return { where: 'in n8n (`n8n execute`, a cold process)', ms, ...summarise(path.join(dir, file), [from, from + ms * 1000], 12) };
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	for (const scenario of scenarios) {
		const sandbox = sandboxes[scenario.key];
		const args = { credentials: sandbox.credentials, ucCustomer: sandbox.ucCustomer, items: scenario.items, concurrency: UC_CONCURRENCY, userIds: scenario.userIds };
		const expect = scenario.poll ? undefined : scenario.items;
		const checked = (label, sample) => {
			if (expect !== undefined && sample.items !== expect) throw new Error(`${scenario.key} ${label}: ${sample.items} items, expected ${expect}`);
			return sample;
		};
		const runners = [];
		const n8nCase = cases[scenario.key];
		if (n8nCase) {
			runners.push(
				{ key: 'node', label: 'this node, in n8n', run: () => inN8n(n8nCase.node.workflow.id, n8nCase.node.measured, expect) },
				{ key: 'stock', label: 'stock n8n nodes, in n8n', run: () => inN8n(n8nCase.stock.workflow.id, n8nCase.stock.measured, expect) },
				{ key: 'idle', label: 'idle n8n (memory baseline)', run: () => inN8n('idleBaseline', []) },
			);
			const { stockCredential, nodeSerial } = n8nCase;
			if (stockCredential && !scenario.realistic) runners.splice(2, 0, { key: 'stockCred', label: 'stock, API key in an n8n credential, in n8n', run: () => inN8n(stockCredential.workflow.id, stockCredential.measured, expect) });
			if (nodeSerial && scenario.realistic) runners.splice(1, 0, { key: 'nodeSerial', label: 'this node, Parallel Requests 1, in n8n', run: () => inN8n(nodeSerial.workflow.id, nodeSerial.measured, expect) });
		}
		// A poll is measured after the baseline poll: always warm. At realistic latency the time is waiting, not warming up.
		const coldToo = !scenario.poll && !scenario.realistic;
		runners.push(
			{ key: 'inCold', label: 'this node, in-process, cold', run: async () => checked('in-process', childJson('bench/in-process.cjs', scenario.job, args)) },
			{ key: 'inWarm', label: 'this node, in-process, warm', run: async () => checked('in-process', childJson('bench/in-process.cjs', scenario.job, { ...args, warm: true })) },
			{ key: 'rawCold', label: 'raw client (plain Node), cold', run: async () => checked('raw', childJson('bench/raw-clients.mjs', scenario.job, args)) },
			{ key: 'rawWarm', label: 'raw client (plain Node), warm', run: async () => checked('raw', childJson('bench/raw-clients.mjs', scenario.job, { ...args, warm: true })) },
		);
		if (!coldToo) runners.splice(runners.findIndex((runner) => runner.key === 'inCold'), 1);
		if (!coldToo) runners.splice(runners.findIndex((runner) => runner.key === 'rawCold'), 1);
		const paged = scenario.job === 'inventory' || scenario.job === 'trigger';
		if (scenario.realistic && scenario.job === 'trigger') {
			// The list-and-compare client with the trigger's own concurrency (one page at a time would take 150 s).
			runners.find((runner) => runner.key === 'rawWarm').label = `raw list-and-compare client, ${scenario.pageConcurrency} pages at a time, warm`;
			runners.find((runner) => runner.key === 'rawWarm').run = async () => checked('raw', childJson('bench/raw-clients.mjs', scenario.job, { ...args, warm: true, pageConcurrency: scenario.pageConcurrency }));
		} else if (scenario.realistic && paged) {
			runners.find((runner) => runner.key === 'rawWarm').label = 'raw client (plain Node), one page at a time, warm';
			runners.push({ key: 'rawParallel', label: `raw client, ${PARALLEL_REQUESTS} pages at a time, warm`, run: async () => checked('raw', childJson('bench/raw-clients.mjs', scenario.job, { ...args, warm: true, pageConcurrency: PARALLEL_REQUESTS })) });
		}
		if (scenario.job === 'inventory' && !scenario.realistic) {
			// n8n's request helper opens a new connection per request; this raw client does too.
			runners.push({ key: 'rawFresh', label: 'raw client, new connection per page, warm', run: async () => checked('raw', childJson('bench/raw-clients.mjs', scenario.job, { ...args, warm: true, newConnections: true })) });
		}
		const scenarioStarted = Date.now();
		const scenarioLoad = os.loadavg();
		const samples = Object.fromEntries(runners.map((runner) => [runner.key, []]));
		const summaryOfSamples = () => {
			const summary = {};
			for (const runner of runners) {
				const list = samples[runner.key];
				summary[runner.key] = {
					label: runner.label,
					ms: median(list.map((s) => s.ms)),
					minMs: Math.min(...list.map((s) => s.ms)),
					maxMs: Math.max(...list.map((s) => s.ms)),
					maxRssBytes: median(list.map((s) => s.maxRssBytes)),
					items: list[0].items,
					stateBytes: list[0].stateBytes,
				};
			}
			return summary;
		};
		const save = (summary, profiles, runs) => {
			const result = { scenario, summary, profiles, runs, minutes: (Date.now() - scenarioStarted) / 60000, loadBefore: scenarioLoad, loadAfter: os.loadavg(), finishedAt: new Date().toISOString() };
			fs.mkdirSync(runsDir, { recursive: true });
			const kept = Object.fromEntries(Object.entries(samples).map(([key, list]) => [key, list.map(({ probe, ...sample }) => sample)]));
			fs.writeFileSync(path.join(runsDir, `${scenario.key}.json`), `${JSON.stringify({ ...result, samples: kept }, null, 1)}\n`);
		};
		for (let run = 0; run < RUNS; run++) {
			for (const runner of runners) {
				const sample = await runner.run();
				samples[runner.key].push(sample);
				console.log(`${scenario.key} run ${run + 1}/${RUNS} ${runner.label}: ${sample.ms.toFixed(0)} ms, ${mb(sample.maxRssBytes).toFixed(0)} MB`);
			}
			// Kept after every round, so a long scenario stopped early still has the rounds it finished.
			save(summaryOfSamples(), [], run + 1);
		}
		const summary = summaryOfSamples();
		// Profiles where a target is missed (and always for the 1,000-device inventory, whose gap to the raw client is the first to explain).
		const explain = scenario.key === 'inventory1000';
		const profiles = [];
		const stockTarget = scenario.realistic && paged ? 3 : 1; // the node must be this many times faster than the stock way
		const rawFloor = summary.rawParallel ?? summary.rawWarm; // the raw client with the node's own concurrency
		if (summary.node && (explain || summary.node.ms * stockTarget >= summary.stock.ms)) profiles.push(await profileInN8n(n8nCase));
		if (explain || summary.inWarm.ms > 1.25 * rawFloor.ms || (scenario.job === 'trigger' && scenario.realistic && summary.inWarm.ms >= 60000)) profiles.push(profileInProcess(scenario, args, !explain));
		save(summary, profiles, RUNS);
		sandbox.stop();
	}
	fs.rmSync(userFolder, { recursive: true, force: true });
	writeReport();
}

/** One in-process run under --cpu-prof, summarised over the node's own span. */
function profileInProcess(scenario, args, warm) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-prof-'));
	try {
		const outcome = childJson('bench/in-process.cjs', scenario.job, { ...args, warm }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
		const [file] = fs.readdirSync(dir);
		return { where: `in-process, ${warm ? 'warm' : 'cold'}`, ms: outcome.ms, ...summarise(path.join(dir, file), outcome.windowUs, 12) };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

// ---- the report ----

/** bench/results/latest.md and latest.svg from every scenario kept in bench/results/runs, in the scenario list's order. */
function writeReport() {
	const known = allScenarios.map((scenario) => scenario.key);
	const results = fs.existsSync(runsDir)
		? fs.readdirSync(runsDir).map((file) => JSON.parse(fs.readFileSync(path.join(runsDir, file), 'utf8')))
		: [];
	results.sort((a, b) => (known.indexOf(a.scenario.key) + 1 || 99) - (known.indexOf(b.scenario.key) + 1 || 99));
	const fmt = (value) => Math.round(value).toLocaleString('en');
	const load = (values) => values.map((value) => value.toFixed(1)).join(' / ');
	const lines = [
		'# Benchmark results',
		'',
		'Each scenario: the median of its runs per runner, runners interleaved (A, B, C, A, B, C ...); its run count, duration and the load average (1/5/15 min) before and after it are given under its title.',
		'',
		`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}. The load average under each title says how busy it was; runners are interleaved, so compare them within a scenario.`,
		`Versions: n8n ${local.N8N_VERSION}, Node ${process.versions.node}, this package ${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}.`,
		'',
		'Time: in n8n, the measured nodes\' own execution time from the run data (the stock way sums its nodes); in-process and raw, the run itself. "Cold" is the first job in a fresh process (what `n8n execute` sees), "warm" follows a tiny job of the same kind (what a long-running n8n sees). Memory: peak RSS of the process; for n8n also above the idle n8n baseline (in-process, it includes the harness serialising the output once for the test suite\'s secret scan).',
		'',
	];
	for (const { scenario, summary, profiles = [], profile, runs, minutes, loadBefore, loadAfter, finishedAt } of results) {
		if (profile) profiles.push({ where: `in-process, ${profile.warm ? 'warm' : 'cold'}`, ...profile });
		lines.push(`## ${scenario.title}`, '', `${runs} run${runs === 1 ? '' : 's'} per runner, ${minutes.toFixed(1)} min, finished ${finishedAt.slice(0, 16).replace('T', ' ')} UTC; load ${load(loadBefore)} before, ${load(loadAfter)} after.`, '', '| runner | time (ms) | range (ms) | peak RSS (MB) | above idle n8n (MB) | items |', '|---|---:|---:|---:|---:|---:|');
		for (const result of Object.values(summary)) {
			const aboveIdle = summary.idle && result !== summary.idle && result.label.endsWith('in n8n') ? fmt(mb(result.maxRssBytes - summary.idle.maxRssBytes)) : '';
			lines.push(`| ${result.label} | ${fmt(result.ms)} | ${fmt(result.minMs)}–${fmt(result.maxMs)} | ${fmt(mb(result.maxRssBytes))} | ${aboveIdle} | ${fmt(result.items)}${result.stateBytes ? ` (state ${fmt(result.stateBytes / 1024)} KB)` : ''} |`);
		}
		lines.push('', ...targets(summary, scenario).map((line) => `- ${line}`), '');
		for (const profile of profiles) {
			lines.push(`CPU profile of this node, one run ${profile.where}: ${fmt(profile.ms)} ms (a profiled run is slower), ${fmt(profile.totalMs)} ms sampled in the node's span. By owner (bold), then by package; a sample counts for the deepest frame outside Node.js itself, "(idle)" is waiting:`, '', '| where | ms | share |', '|---|---:|---:|');
			for (const row of profile.groups ?? []) lines.push(`| **${row.name}** | ${row.ms} | ${row.share} % |`);
			for (const row of profile.packages) lines.push(`| ${row.name} | ${row.ms} | ${row.share} % |`);
			lines.push('', 'Hottest functions (self time):', '', '| function | ms | share |', '|---|---:|---:|');
			for (const row of profile.functions) lines.push(`| \`${row.name}\` | ${row.ms} | ${row.share} % |`);
			lines.push('');
		}
	}
	const out = path.join(root, 'bench/results');
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, 'latest.md'), `${lines.join('\n')}\n`);
	fs.writeFileSync(path.join(out, 'latest.svg'), chart(results));
	console.log(lines.join('\n'));
}

function targets(summary, scenario) {
	const verdict = (ok) => (ok ? '**holds**' : '**missed**');
	const ratio = (a, b) => (a / b).toFixed(2);
	if (scenario.realistic) return realisticTargets(summary, scenario, verdict, ratio);
	const list = [];
	if (summary.node && summary.stock) {
		list.push(`Faster than the stock way in n8n: ${verdict(summary.node.ms < summary.stock.ms)} (${(summary.node.ms / summary.stock.ms).toFixed(2)}×).`);
		const above = (result) => result.maxRssBytes - summary.idle.maxRssBytes;
		if (summary.stockCred) list.push(`With the API key in an n8n credential, the stock way takes ${(summary.stockCred.ms / summary.stock.ms).toFixed(2)}× its time with the key inline; this node is ${(summary.node.ms / summary.stockCred.ms).toFixed(2)}× that.`);
		list.push(`Memory above idle n8n no more than the stock way's: ${verdict(above(summary.node) <= above(summary.stock))} (${mb(above(summary.node)).toFixed(0)} vs ${mb(above(summary.stock)).toFixed(0)} MB).`);
	}
	if (!summary.node) list.push('In-process and raw only: `n8n execute` starts a workflow at a manual trigger, not at a polling trigger.');
	if (scenario.poll) list.push(`One poll well inside a one-minute poll interval (under 30 s): ${verdict(summary.inWarm.ms < 30000)} (${(summary.inWarm.ms / 1000).toFixed(1)} s); the state kept between polls: ${Math.round(summary.inWarm.stateBytes / 1024).toLocaleString('en')} KB.`);
	list.push(`In-process within 1.25× the raw client: warm ${verdict(summary.inWarm.ms <= 1.25 * summary.rawWarm.ms)} (${ratio(summary.inWarm.ms, summary.rawWarm.ms)}×)${summary.inCold ? `; cold ${ratio(summary.inCold.ms, summary.rawCold.ms)}×` : ''}.`);
	if (summary.rawFresh) list.push(`Raw client opening a new connection per page, as n8n's request helper does: ${ratio(summary.rawFresh.ms, summary.rawWarm.ms)}× the keep-alive raw client; in-process node ${ratio(summary.inWarm.ms, summary.rawFresh.ms)}× that.`);
	return list;
}

/** The targets at realistic latency: waiting on the vendor dominates, so what counts is how much of it overlaps. */
function realisticTargets(summary, scenario, verdict, ratio) {
	const list = [];
	const paged = scenario.job !== 'softphone';
	if (summary.node && summary.stock) {
		const speedUp = summary.stock.ms / summary.node.ms;
		list.push(paged
			? `At least 3× faster than the stock way in n8n: ${verdict(speedUp >= 3)} (${speedUp.toFixed(2)}× faster; ${ratio(summary.node.ms, summary.stock.ms)}× its time).`
			: `Faster than the stock way in n8n: ${verdict(summary.node.ms < summary.stock.ms)} (${ratio(summary.node.ms, summary.stock.ms)}×).`);
	}
	if (summary.nodeSerial) list.push(`Parallel Requests ${PARALLEL_REQUESTS} (the default) against 1: ${(summary.nodeSerial.ms / summary.node.ms).toFixed(2)}× faster.`);
	if (summary.node && summary.idle) {
		const above = (result) => mb(result.maxRssBytes - summary.idle.maxRssBytes).toFixed(0);
		list.push(`Memory above idle n8n: node ${above(summary.node)} MB${summary.nodeSerial ? `, one at a time ${above(summary.nodeSerial)} MB` : ''}, stock ${above(summary.stock)} MB.`);
	}
	if (scenario.poll) {
		const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
		list.push('In-process and raw only: `n8n execute` starts a workflow at a manual trigger, not at a polling trigger.');
		list.push(`One poll within the trigger's ${POLL_TIME_BUDGET_MS / 1000} s time budget, and so before n8n's ${N8N_POLL_DEADLINE_MS / 1000} s durable-scheduler deadline: ${verdict(summary.inWarm.ms < POLL_TIME_BUDGET_MS)} (${seconds(summary.inWarm.ms)}, slowest run ${seconds(summary.inWarm.maxMs)}; the raw list-and-compare client ${seconds(summary.rawWarm.ms)}).`);
		if (scenario.job === 'trigger') list.push(`At most 15 s, a third of n8n's deadline: ${verdict(summary.inWarm.maxMs <= 15000)} (${seconds(summary.inWarm.maxMs)} at the slowest).`);
	}
	const floor = summary.rawParallel ?? summary.rawWarm;
	list.push(`In-process within 1.25× a raw client with the same concurrency: ${verdict(summary.inWarm.ms <= 1.25 * floor.ms)} (${ratio(summary.inWarm.ms, floor.ms)}×).`);
	return list;
}

(process.env.BENCH_REPORT_ONLY ? Promise.resolve(writeReport()) : main()).catch((error) => {
	console.error(error);
	process.exit(1);
});
