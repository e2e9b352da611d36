// The benchmark (npm run bench): each node in a real n8n against n8n's HTTP
// Request node doing the same job and a raw fetch loop in plain Node (the
// floor), against the vendor sandbox with fixed injected latency. Each case
// runs several times, side by side in one process tree; the median is reported.
// Writes bench/results/latest.md and bench/results/latest.svg.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const local = require('../scripts/n8n-local.js');

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const INVENTORY_LATENCY_MS = 2;
const SOFTPHONE_LATENCY_MS = 50;
const SOFTPHONE_ITEMS = 1000;
const SOFTPHONE_CONCURRENCY = 5; // the UC node's default
const KOLMISOFT_DEVICES = 50000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function startSandbox(size, latency) {
	const port = await local.freePort();
	const child = spawn(process.execPath, [path.join(root, 'sandbox/cli.js'), '--port', String(port), '--size', String(size), '--latency', String(latency), '--json-ready'], { stdio: ['ignore', 'pipe', 'inherit'] });
	let buffer = '';
	const ready = await new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			const line = buffer.split('\n').find((text) => text.startsWith('SANDBOX_READY '));
			if (line) resolve(JSON.parse(line.slice('SANDBOX_READY '.length)));
		});
		child.on('exit', () => reject(new Error('sandbox exited')));
	});
	return { ...ready, stop: () => child.kill('SIGTERM') };
}

const manual = { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
function workflow(id, nodes) {
	const all = [manual, ...nodes.map((node, index) => ({ id: `n${index}`, typeVersion: 1, position: [220 * (index + 1), 0], ...node }))];
	const connections = {};
	for (let index = 0; index < all.length - 1; index++) connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	return { id, name: id, nodes: all, connections, active: false, settings: { executionOrder: 'v1' } };
}
const credential = (type, id) => ({ [type]: { id, name: id } });

function inventoryWorkflows(size, sandbox) {
	const { plantronics } = sandbox.credentials;
	const credentialId = `BenchPlt${String(size).padStart(8, '0')}`;
	return {
		credential: { id: credentialId, name: credentialId, type: 'plantronicsManagerProApi', data: plantronics },
		node: workflow(`BenchInvNode${size}`, [
			{ name: 'Inventory', type: 'n8n-nodes-telephony-devices.plantronicsInventory', parameters: { resource: 'device', operation: 'getAll', returnAll: true, options: { pageSize: 99 } }, credentials: credential('plantronicsManagerProApi', credentialId) },
		]),
		http: workflow(`BenchInvHttp${size}`, [
			{
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'GET',
					url: `${plantronics.baseUrl}/reports/assets/tenant/${plantronics.tenantApiCode}/devices`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'apikey', value: plantronics.apiKey }, { name: 'count', value: '99' }] },
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
			},
			{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: '_embedded.deviceInventoryList', options: {} } },
		]),
	};
}

async function main() {
	const n8nBin = local.installN8n();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-bench-'));
	local.installPackage(userFolder);
	const sandboxes = {};
	for (const size of SIZES) sandboxes[size] = await startSandbox(size, INVENTORY_LATENCY_MS);
	const kolmisoftSandbox = await startSandbox(KOLMISOFT_DEVICES, INVENTORY_LATENCY_MS);
	const softphoneSandbox = await startSandbox(10, SOFTPHONE_LATENCY_MS);

	const credentials = [];
	const workflows = [];
	const inventory = {};
	for (const size of SIZES) {
		inventory[size] = inventoryWorkflows(size, sandboxes[size]);
		credentials.push(inventory[size].credential);
		workflows.push(inventory[size].node, inventory[size].http);
	}
	const kolmisoft = kolmisoftSandbox.credentials.kolmisoft;
	credentials.push({ id: 'BenchKolmisoft01', name: 'BenchKolmisoft01', type: 'kolmisoftApi', data: kolmisoft });
	workflows.push(workflow('BenchKolNode', [{ name: 'Kolmisoft', type: 'n8n-nodes-telephony-devices.kolmisoftDevices', parameters: { resource: 'device', operation: 'getAll', userId: '100', returnAll: true }, credentials: credential('kolmisoftApi', 'BenchKolmisoft01') }]));
	const uc = softphoneSandbox.credentials.uc;
	const customer = '8433ef7f-fe85-4280-a428-4a8d33f0cb90';
	credentials.push({ id: 'BenchUcSoftphone', name: 'BenchUcSoftphone', type: 'ucSoftphoneApi', data: uc });
	const rows = { name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: `return Array.from({ length: ${SOFTPHONE_ITEMS} }, (_, i) => ({ json: { i } }));` } };
	workflows.push(workflow('BenchSoftNode', [rows, { name: 'Assign', type: 'n8n-nodes-telephony-devices.ucSoftphoneDevice', parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' }, credentials: credential('ucSoftphoneApi', 'BenchUcSoftphone') }]));
	workflows.push(workflow('BenchSoftHttp', [rows, { name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { method: 'PUT', url: `${uc.baseUrl}/v1.0/customers/${customer}/users/user-1/devices/pbx/dev-1-a/assign`, sendHeaders: true, headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${uc.accessToken}` }] }, sendBody: true, specifyBody: 'json', jsonBody: '{"clientType":"desktop"}', options: {} } }]));

	const env = local.n8nEnv({ userFolder, brokerPort: await local.freePort() });
	await local.importIntoN8n(n8nBin, env, { credentials, workflows });

	const rssFile = path.join(userFolder, 'rss.json');
	const runEnv = { ...env, NODE_OPTIONS: `--require ${path.join(root, 'bench/peak-rss.cjs')}`, BENCH_RSS_FILE: rssFile };
	async function inN8n(workflowId, measuredNodes, expectItems) {
		const result = await local.runN8n(n8nBin, ['execute', `--id=${workflowId}`, '--rawOutput'], runEnv, { timeoutMs: 900000 });
		const run = local.parseRunOutput(result.stdout);
		if (result.code !== 0 || !run) throw new Error(`${workflowId} failed:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
		const runData = run.data.resultData.runData;
		const ms = measuredNodes.reduce((sum, name) => sum + runData[name][0].executionTime, 0);
		const last = measuredNodes.at(-1);
		const items = runData[last][0].data.main[0].length;
		if (expectItems !== undefined && items !== expectItems) throw new Error(`${workflowId}: ${items} items, expected ${expectItems}`);
		return { ms, items, maxRssBytes: JSON.parse(fs.readFileSync(rssFile, 'utf8')).maxRssBytes };
	}
	function raw(scenario, args) {
		return JSON.parse(execFileSync(process.execPath, [path.join(root, 'bench/raw-clients.mjs'), scenario, JSON.stringify(args)], { encoding: 'utf8' }));
	}
	async function measure(label, fn) {
		const samples = [];
		for (let run = 0; run < RUNS; run++) samples.push(await fn());
		const summary = { label, ms: median(samples.map((s) => s.ms)), maxRssBytes: median(samples.map((s) => s.maxRssBytes)), items: samples[0].items };
		console.log(`${label}: ${summary.ms.toFixed(0)} ms, ${(summary.maxRssBytes / 1048576).toFixed(0)} MB, ${summary.items} items`);
		return summary;
	}

	const scenarios = [];
	for (const size of SIZES) {
		const { plantronics } = sandboxes[size].credentials;
		const devices = size;
		scenarios.push({
			name: `Inventory, ${size.toLocaleString('en')} devices, 99 per page`,
			node: await measure(`inventory ${size} node`, () => inN8n(`BenchInvNode${size}`, ['Inventory'], devices)),
			http: await measure(`inventory ${size} http`, () => inN8n(`BenchInvHttp${size}`, ['HTTP Request', 'Split Out'], devices)),
			floor: await measure(`inventory ${size} raw`, async () => raw('inventory', plantronics)),
		});
	}
	scenarios.push({
		name: 'Kolmisoft devices_get, 50,000 devices gzipped',
		node: await measure('kolmisoft node', () => inN8n('BenchKolNode', ['Kolmisoft'], KOLMISOFT_DEVICES)),
		floor: await measure('kolmisoft raw', async () => raw('kolmisoft', kolmisoft)),
	});
	scenarios.push({
		name: `Softphone assign, ${SOFTPHONE_ITEMS} items at ${SOFTPHONE_LATENCY_MS} ms latency`,
		node: await measure('softphone node', () => inN8n('BenchSoftNode', ['Assign'], SOFTPHONE_ITEMS)),
		http: await measure('softphone http', () => inN8n('BenchSoftHttp', ['HTTP Request'], SOFTPHONE_ITEMS)),
		floor: await measure('softphone raw', async () => raw('softphone', { baseUrl: uc.baseUrl, accessToken: uc.accessToken, customer, count: SOFTPHONE_ITEMS, concurrency: SOFTPHONE_CONCURRENCY })),
	});

	for (const sandbox of [...Object.values(sandboxes), kolmisoftSandbox, softphoneSandbox]) sandbox.stop();
	fs.rmSync(userFolder, { recursive: true, force: true });
	writeReport(scenarios);
}

function writeReport(scenarios) {
	const mb = (bytes) => (bytes / 1048576).toFixed(0);
	const ratio = (a, b) => (b ? (a / b).toFixed(2) : '–');
	const lines = [
		`Median of ${RUNS} runs; n8n ${local.N8N_VERSION}, Node ${process.versions.node}, ${os.cpus().length} cores. Time of the n8n cases is the nodes' own execution time from the run data; memory is the peak RSS of the process that ran the workflow (for n8n, the whole \`n8n execute\` process).`,
		'',
		'| scenario | runner | time (ms) | peak RSS (MB) | time vs floor | RSS vs floor | time vs HTTP Request |',
		'|---|---|---|---|---|---|---|',
	];
	for (const scenario of scenarios) {
		for (const [runner, result] of [['this node', scenario.node], ['HTTP Request node', scenario.http], ['raw fetch (floor)', scenario.floor]]) {
			if (!result) continue;
			lines.push(`| ${scenario.name} | ${runner} | ${result.ms.toFixed(0)} | ${mb(result.maxRssBytes)} | ${ratio(result.ms, scenario.floor.ms)} | ${ratio(result.maxRssBytes, scenario.floor.maxRssBytes)} | ${scenario.http ? ratio(result.ms, scenario.http.ms) : '–'} |`);
		}
	}
	const out = path.join(root, 'bench/results');
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, 'latest.md'), `${lines.join('\n')}\n`);
	fs.writeFileSync(path.join(out, 'latest.svg'), chart(scenarios));
	console.log(lines.join('\n'));
}

/** Horizontal bars of time per scenario and runner, scaled per scenario. */
function chart(scenarios) {
	const colors = { node: '#1f6feb', http: '#d29922', floor: '#2da44e' };
	const rowHeight = 18;
	let y = 30;
	const parts = ['<text x="10" y="18" font-size="14" font-family="sans-serif">Time per scenario (longest bar = slowest runner)</text>'];
	for (const scenario of scenarios) {
		const results = Object.entries({ node: scenario.node, http: scenario.http, floor: scenario.floor }).filter(([, result]) => result);
		const max = Math.max(...results.map(([, result]) => result.ms));
		parts.push(`<text x="10" y="${y + 12}" font-size="12" font-family="sans-serif" font-weight="bold">${scenario.name}</text>`);
		y += rowHeight;
		for (const [key, result] of results) {
			const width = Math.max(2, (result.ms / max) * 480);
			const label = { node: 'this node', http: 'HTTP Request node', floor: 'raw fetch' }[key];
			parts.push(`<text x="10" y="${y + 12}" font-size="11" font-family="sans-serif">${label}</text>`);
			parts.push(`<rect x="140" y="${y + 2}" width="${width.toFixed(1)}" height="12" fill="${colors[key]}"/>`);
			parts.push(`<text x="${(146 + width).toFixed(1)}" y="${y + 12}" font-size="11" font-family="sans-serif">${result.ms.toFixed(0)} ms</text>`);
			y += rowHeight;
		}
		y += 8;
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="${y + 10}" viewBox="0 0 720 ${y + 10}"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>\n`;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
