'use strict';
// Loaded into the measured `n8n execute` process (NODE_OPTIONS=--require). When
// the run ends (n8n-core's workflowExecuteAfter hook, before n8n saves or prints
// anything) it writes to BENCH_PROBE_FILE each node's own execution time and
// item count from the run data, and the process's peak RSS so far; then it
// empties the items so that n8n neither saves nor prints 100,000 of them.
const fs = require('node:fs');
const Module = require('node:module');

const file = process.env.BENCH_PROBE_FILE;
if (file && process.argv.includes('execute')) {
	const load = Module._load;
	Module._load = function (request, ...rest) {
		const exported = load.call(this, request, ...rest);
		const hooks = request === 'n8n-core' ? exported.ExecutionLifecycleHooks : undefined;
		if (hooks && !hooks.prototype.benchProbe) {
			hooks.prototype.benchProbe = true;
			const runHook = hooks.prototype.runHook;
			hooks.prototype.runHook = function (name, parameters) {
				if (name === 'workflowExecuteAfter') record(parameters[0]);
				return runHook.call(this, name, parameters);
			};
		}
		return exported;
	};
}

function record(run) {
	const nodes = {};
	for (const [name, tasks] of Object.entries(run.data?.resultData?.runData ?? {})) {
		const task = tasks[0];
		nodes[name] = { ms: task.executionTime, startTime: task.startTime, items: task.data?.main?.[0]?.length ?? 0, error: task.error?.message };
		for (const each of tasks) if (each.data) each.data = { main: [[]] };
	}
	const error = run.data?.resultData?.error?.message;
	// µs to add to a Date.now() time (in µs) to get the monotonic clock of a --cpu-prof profile.
	const clockOffsetUs = Number(process.hrtime.bigint() / 1000n) - Date.now() * 1000;
	fs.writeFileSync(file, JSON.stringify({ nodes, error, pid: process.pid, clockOffsetUs, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
}
