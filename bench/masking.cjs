'use strict';
// The cost of secret masking on a large answer: Genesys Get Many of 100,000
// devices, in-process (test/harness) against the sandbox, with the answer
// holding no secret or echoing the credential's password once (plain, or
// written with \u escapes).
// Each case runs in a process of its own, so its peak RSS is its own.
// Usage: node bench/masking.cjs [devices]   (default 100000); prints a table and writes bench/results/masking.json.
require('./ts-require.cjs');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const CASES = {
	'no secret': { echo: 'none' },
	'password echoed once': { echo: 'plain' },
	'password echoed once, \\u-escaped': { echo: 'escaped' },
};
const RUNS = 3;
/** Processes per case, taking turns with the other cases. */
const ROUNDS = Number(process.env.MASKING_BENCH_ROUNDS ?? 3);

/** The sandbox's own device list as its text, with the password put into one device's location when the case echoes it. */
function answerText(sandbox, password, echo) {
	const devices = [...sandbox.data.genesys.devices.values()].map((entry) => entry.device);
	const middle = { ...devices[Math.floor(devices.length / 2)] };
	if (echo !== 'none') middle.location = `set up by admin:${password}`;
	devices[Math.floor(devices.length / 2)] = middle;
	const text = JSON.stringify({ statusCode: 0, devices });
	if (echo === 'escaped') return text.replace(password, [...password].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
	return text;
}

/** One case in this process: the node's time per run, the longest event-loop stall seen, and the process's peak RSS. */
async function runCase(name, count) {
	const { startSandbox, SANDBOX_SECRETS } = require('../sandbox');
	const { runNode } = require('../test/harness/index.ts');
	const { basicAuthToken, maskParsed, secretMasker } = require('../nodes/shared/redact.ts');
	const password = SANDBOX_SECRETS.genesysPassword;
	const sandbox = await startSandbox({ size: 5, genesysSize: count });
	const small = await startSandbox({ size: 5, genesysSize: 10 });
	const body = answerText(sandbox, password, CASES[name].echo);
	const run = async (text) => {
		sandbox.setFaults([{ vendor: 'genesys', kind: 'echo', status: 200, contentType: 'application/json', body: () => text }]);
		const result = await runNode({
			type: 'genesysDevices',
			parameters: { resource: 'device', operation: 'getAll', scope: 'all', returnAll: true },
			credentials: { genesysWebServicesApi: sandbox.credentials.genesys },
		});
		if (result.error) throw result.error;
		return result.items;
	};
	await run(answerText(small, password, CASES[name].echo));
	await small.close();
	const times = [];
	let items;
	for (let index = 0; index < RUNS; index++) {
		const started = performance.now();
		items = await run(body);
		times.push(performance.now() - started);
	}
	await sandbox.close();
	if (items.length !== count) throw new Error(`${items.length} items`);
	if (JSON.stringify(items).includes(password)) throw new Error('the password came out');

	if (maskParsed === undefined) return { case: name, devices: count, answerMB: +(body.length / 1024 / 1024).toFixed(1), runsMs: times.map(Math.round), maskPassMs: NaN, maskPassLongestStallMs: NaN, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
	// The masking pass alone: time and the longest stretch it held the event loop.
	const masker = secretMasker([password, basicAuthToken('admin', password)]);
	const parsed = JSON.parse(body);
	let longestStallMs = 0;
	let last = performance.now();
	const monitor = setInterval(() => {
		const now = performance.now();
		longestStallMs = Math.max(longestStallMs, now - last);
		last = now;
	}, 1);
	const maskStarted = performance.now();
	last = maskStarted;
	await maskParsed(parsed, masker);
	const maskMs = performance.now() - maskStarted;
	longestStallMs = Math.max(longestStallMs, performance.now() - last);
	clearInterval(monitor);

	times.sort((a, b) => a - b);
	return { case: name, devices: count, answerMB: +(body.length / 1024 / 1024).toFixed(1), medianMs: Math.round(times[Math.floor(RUNS / 2)]), runsMs: times.map(Math.round), maskPassMs: Math.round(maskMs), maskPassLongestStallMs: Math.round(longestStallMs), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

async function main() {
	const [mode, name, countText] = process.argv.slice(2);
	if (mode === '--case') {
		process.stdout.write(JSON.stringify(await runCase(name, Number(countText))));
		return;
	}
	const count = Number(mode ?? 100_000);
	// The cases take turns, round after round, so load from elsewhere on the machine falls on all of them alike.
	const rounds = Object.fromEntries(Object.keys(CASES).map((caseName) => [caseName, []]));
	for (let round = 0; round < ROUNDS; round++) {
		for (const caseName of Object.keys(CASES)) rounds[caseName].push(JSON.parse(execFileSync(process.execPath, [__filename, '--case', caseName, String(count)], { encoding: 'utf8', maxBuffer: 1 << 20 })));
	}
	const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const results = Object.entries(rounds).map(([caseName, runs]) => ({
		case: caseName,
		devices: count,
		answerMB: runs[0].answerMB,
		medianMs: median(runs.flatMap((run) => run.runsMs)),
		runsMs: runs.flatMap((run) => run.runsMs),
		maskPassMs: median(runs.map((run) => run.maskPassMs)),
		maskPassLongestStallMs: Math.max(...runs.map((run) => run.maskPassLongestStallMs)),
		peakRssMB: Math.max(...runs.map((run) => run.peakRssMB)),
	}));
	console.log(`| answer | devices | answer MB | node run, median of ${RUNS * ROUNDS} (ms) | masking pass alone, median (ms) | longest event-loop stall in the masking pass (ms) | peak RSS, highest (MB) |`);
	console.log('|---|---|---|---|---|---|---|');
	for (const r of results) console.log(`| ${r.case} | ${r.devices.toLocaleString('en-US')} | ${r.answerMB} | ${r.medianMs} (${r.runsMs.join(', ')}) | ${r.maskPassMs} | ${r.maskPassLongestStallMs} | ${r.peakRssMB} |`);
	const base = results[0].medianMs;
	for (const r of results.slice(1)) console.log(`${r.case}: ${(r.medianMs / base).toFixed(2)}x the answer without a secret`);
	const out = path.join(__dirname, 'results', 'masking.json');
	fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
