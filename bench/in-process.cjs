'use strict';
// The nodes run through the in-process harness (test/harness: n8n-core's own
// WorkflowExecute, no n8n server, no database) against a sandbox, so the time
// is the node's own plus the engine's, without n8n's process around it.
// Usage: node bench/in-process.cjs <scenario> '<json args>'; prints { ms, items, maxRssBytes, stateBytes? }.
require('./ts-require.cjs');
const fs = require('node:fs');
const path = require('node:path');
const { runWorkflow } = require('../test/harness/runWorkflow.ts');
const { pollTrigger } = require('../test/harness/pollTrigger.ts');
const { SCAN_DIR } = require('../test/harness/secretScan.ts');

const [scenario, json] = process.argv.slice(2);
const args = JSON.parse(json);

// Each scenario's node; `small` is the same node on a tiny job, run first to warm the process up.
const NODES = {
	inventory: (a, small) => ({ type: 'plantronicsInventory', credentials: { plantronicsManagerProApi: a.credentials.plantronics }, parameters: { resource: 'device', operation: 'getAll', ...(small ? { returnAll: false, limit: 5 } : { returnAll: true }), options: { pageSize: 99, ...(a.parallelRequests ? { parallelRequests: a.parallelRequests } : {}) } } }),
	// User 101 has one device.
	kolmisoft: (a, small) => ({ type: 'kolmisoftDevices', credentials: { kolmisoftApi: a.credentials.kolmisoft }, parameters: { resource: 'device', operation: 'getAll', userId: small ? '101' : '100', returnAll: true } }),
	genesys: (a, small) => ({ type: 'genesysDevices', credentials: { genesysWebServicesApi: a.credentials.genesys }, parameters: { resource: 'device', operation: 'getAll', scope: 'all', returnAll: true, filters: small ? { phoneNumber: '3000' } : {} } }),
	softphone: (a, small) => ({
		type: 'ucSoftphoneDevice',
		credentials: { ucSoftphoneApi: a.credentials.uc },
		parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: a.ucCustomer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' },
		input: Array.from({ length: small ? 1 : a.items }, (_, i) => ({ i })),
	}),
};

async function runOnce(small) {
	const spec = NODES[scenario](args, small);
	const nodes = [
		{ id: 'start', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(spec.input ?? [{}]) } },
		{ id: 'measured', name: 'Measured', type: spec.type, typeVersion: 1, position: [200, 0], parameters: spec.parameters, credentials: Object.fromEntries(Object.keys(spec.credentials).map((type) => [type, { id: type, name: type }])) },
	];
	const connections = { 'Manual Trigger': { main: [[{ node: 'Measured', type: 'main', index: 0 }]] } };
	const result = await runWorkflow({ nodes, connections }, spec.credentials);
	const task = result.runData.Measured?.[0];
	if (!task || task.error || result.error) throw task?.error ?? result.error ?? new Error('no run data');
	// The node's own span on the monotonic clock (µs), to cut a --cpu-prof profile down to it.
	const startUs = task.startTime * 1000 + Number(process.hrtime.bigint() / 1000n) - Date.now() * 1000;
	return { ms: task.executionTime, items: task.data.main[0].length, windowUs: [startUs, startUs + task.executionTime * 1000] };
}

// Each polling scenario's trigger, with the event a user would pick for it.
const POLLERS = {
	trigger: (a) => ({ type: 'plantronicsInventoryTrigger', parameters: { event: 'newDevice', scope: 'tenant' }, credentials: { plantronicsManagerProApi: a.credentials.plantronics } }),
	kolmisoftTrigger: (a) => ({ type: 'kolmisoftDevicesTrigger', parameters: { event: 'deviceChanged', userIds: a.userIds ?? '100' }, credentials: { kolmisoftApi: a.credentials.kolmisoft } }),
	genesysTrigger: (a) => ({ type: 'genesysDevicesTrigger', parameters: { event: 'deviceStateChanged', scope: 'all' }, credentials: { genesysWebServicesApi: a.credentials.genesys } }),
};

async function pollOnce() {
	const options = POLLERS[scenario](args);
	// The first poll records the baseline; the measured one is the next, as an active workflow polls.
	const baseline = await pollTrigger(options);
	const from = Number(process.hrtime.bigint() / 1000n);
	const started = performance.now();
	const next = await pollTrigger({ ...options, staticData: baseline.staticData });
	const ms = performance.now() - started;
	// The profile window is the measured poll alone, not the baseline before it.
	return { ms, items: next.items?.length ?? 0, stateBytes: Buffer.byteLength(JSON.stringify(next.staticData)), windowUs: [from, Number(process.hrtime.bigint() / 1000n)] };
}

(async () => {
	// args.warm: a small job first, so the measured run finds the process warm (modules loaded, code compiled).
	const polls = scenario in POLLERS;
	if (args.warm && !polls) await runOnce(true);
	const from = Number(process.hrtime.bigint() / 1000n);
	const outcome = polls ? await pollOnce() : await runOnce(false);
	const windowUs = outcome.windowUs ?? [from, Number(process.hrtime.bigint() / 1000n)];
	// The harness keeps every run's output for the test suite's secret scan; not wanted here.
	fs.rmSync(path.join(SCAN_DIR, `${process.pid}.jsonl`), { force: true });
	console.log(JSON.stringify({ ...outcome, windowUs, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
