'use strict';
/**
 * Runs one workflow of the local instance (scripts/start.sh) headless with
 * `n8n execute`, under Node 24 and with the instance's user folder and
 * encryption key, and prints the run as JSON. The vendor sandbox must be up,
 * i.e. start.sh running (the imported credentials point at it).
 *
 *   scripts/execute.sh <workflow id | examples/<file>.json>
 *   N8N_LOCAL_USER_FOLDER=<dir>   as for start.sh (default .n8n-cache/local-user)
 */
const fs = require('node:fs');
const path = require('node:path');

const local = require('./n8n-local');

function workflowId(argument) {
	if (!argument || argument === '--help' || argument === '-h') {
		const ids = local.exampleWorkflows(local.EXAMPLE_SANDBOX_URL).map((workflow) => `  ${workflow.id}  ${workflow.name}`);
		console.log(['usage: scripts/execute.sh <workflow id | examples/<file>.json>', 'example workflows:', ...ids].join('\n'));
		process.exit(argument ? 0 : 2);
	}
	if (argument.endsWith('.json')) return JSON.parse(fs.readFileSync(path.resolve(argument), 'utf8')).id;
	return argument;
}

async function main() {
	const id = workflowId(process.argv[2]);
	const userFolder = path.resolve(process.env.N8N_LOCAL_USER_FOLDER || path.join(local.cacheDir(), 'local-user'));
	if (!fs.existsSync(path.join(userFolder, '.n8n'))) {
		throw new Error(`no local instance in ${userFolder}: run ./scripts/start.sh first (it imports the examples and credentials)`);
	}
	const n8nBin = local.installN8n();
	const env = local.n8nEnv({ userFolder, brokerPort: await local.freePort() });
	console.error(`[execute] n8n execute --id=${id} (about 10 s)`);
	const result = await local.runN8n(n8nBin, ['execute', `--id=${id}`, '--rawOutput'], env);
	const run = local.parseRunOutput(result.stdout);
	if (run) console.log(JSON.stringify(run, null, 2));
	else process.stdout.write(result.stdout);
	process.stderr.write(result.stderr);
	const error = run?.data?.resultData?.error;
	if (error) console.error(`[execute] the workflow failed: ${error.message}`);
	console.error(`[execute] ${result.code === 0 ? 'succeeded' : `failed (exit ${result.code})`}`);
	process.exit(result.code ?? 1);
}

main().catch((error) => {
	console.error(`[execute] ${error.message}`);
	process.exit(1);
});
