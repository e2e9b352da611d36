'use strict';
/**
 * Runs one workflow of the local instance (scripts/start.sh) headless with
 * `n8n execute`, under Node 24 and with the instance's user folder and
 * encryption key, and prints the run as JSON. The vendor sandbox must be up,
 * i.e. start.sh running (the imported credentials point at it).
 *
 *   scripts/execute.sh <workflow id | examples/<file>.json>
 *   N8N_LOCAL_USER_FOLDER=<dir>   as for start.sh (default .n8n-cache/local-user)
 *
 * `n8n execute` runs the workflow in this CLI process, also when start.sh runs
 * in queue mode (no worker takes it), and it can only start a workflow from a
 * Manual Trigger: a workflow that starts with a trigger node is refused here
 * with what to do instead.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const local = require('./n8n-local');

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

function usage(exitCode) {
	const ids = local.exampleWorkflows(local.EXAMPLE_SANDBOX_URL).map((workflow) => `  ${workflow.id}  ${workflow.name}`);
	console.log(['usage: scripts/execute.sh <workflow id | examples/<file>.json>', 'example workflows:', ...ids].join('\n'));
	process.exit(exitCode);
}

/** The workflow to run: a file, or an id (its JSON is known when it is one of the examples). */
function readWorkflow(argument) {
	if (argument.endsWith('.json')) {
		const workflow = JSON.parse(fs.readFileSync(path.resolve(argument), 'utf8'));
		return { id: workflow.id, workflow };
	}
	return { id: argument, workflow: local.exampleWorkflows(local.EXAMPLE_SANDBOX_URL).find((example) => example.id === argument) };
}

/** Why `n8n execute` cannot run this workflow, or undefined when it can. */
function triggerOnlyProblem(workflow) {
	if (!workflow || workflow.nodes.some((node) => node.type === MANUAL_TRIGGER)) return undefined;
	const trigger = workflow.nodes.find((node) => /trigger/i.test(node.type)) ?? workflow.nodes[0];
	return [
		`"${workflow.name}" starts with ${trigger ? `the trigger "${trigger.name}"` : 'no Manual Trigger'}, and \`n8n execute\` can only start a workflow from a Manual Trigger.`,
		'To try it: open it in the editor (start.sh prints the address), open the trigger node and press "Fetch Test Event"',
		'(a test poll: up to 10 current devices, nothing remembered), or press "Execute workflow";',
		'or publish it (the "Publish" button at the top) and watch its Executions: it then polls on its schedule.',
	].join('\n');
}

/** Resolves when something listens at the URL's host and port. */
function isListening(url) {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = net.connect({ host: hostname, port: Number(port) || 80 });
		socket.setTimeout(2000);
		socket.once('connect', () => { socket.destroy(); resolve(true); });
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => { socket.destroy(); resolve(false); });
	});
}

async function main() {
	const argument = process.argv[2];
	if (!argument) usage(2);
	if (argument === '--help' || argument === '-h') usage(0);
	const { id, workflow } = readWorkflow(argument);
	const problem = triggerOnlyProblem(workflow);
	if (problem) throw new Error(problem);

	const userFolder = path.resolve(process.env.N8N_LOCAL_USER_FOLDER || path.join(local.cacheDir(), 'local-user'));
	if (!fs.existsSync(path.join(userFolder, '.n8n'))) {
		throw new Error(`no local instance in ${userFolder}: run ./scripts/start.sh first (it imports the examples and credentials)`);
	}
	const sandboxUrlFile = path.join(userFolder, local.SANDBOX_URL_FILE);
	const sandboxUrl = fs.existsSync(sandboxUrlFile) ? fs.readFileSync(sandboxUrlFile, 'utf8').trim() : local.EXAMPLE_SANDBOX_URL;
	if (!(await isListening(sandboxUrl))) {
		throw new Error(`the vendor sandbox at ${sandboxUrl} is not running: start ./scripts/start.sh in another terminal, wait for its "ready" banner, then run this again`);
	}
	const n8nBin = local.installN8n();
	const env = local.n8nEnv({ userFolder, brokerPort: await local.freePort() });
	console.error(`[execute] n8n execute --id=${id} (about 10 s; runs in this process, not on a queue-mode worker)`);
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
