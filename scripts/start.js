'use strict';
/**
 * The local instance behind `npm start` / scripts/start.sh (which builds the
 * package and installs n8n first, then runs this under Node 24):
 * vendor sandbox + n8n 2.41.1 with this package, one credential per system
 * pointing at the sandbox, and the example workflows. Ctrl-C stops both.
 *
 *   scripts/start.sh [--port 5678] [--sandbox-port 5680]
 *   N8N_LOCAL_USER_FOLDER=<dir>   n8n's user folder (default .n8n-cache/local-user)
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const local = require('./n8n-local');

function parseArgs(argv) {
	const options = { port: Number(process.env.N8N_PORT || 5678), sandboxPort: local.DEFAULT_SANDBOX_PORT };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (flag === '--port') options.port = Number(value());
		else if (flag === '--sandbox-port') options.sandboxPort = Number(value());
		else if (flag === '--help' || flag === '-h') {
			console.log('usage: scripts/start.sh [--port 5678] [--sandbox-port 5680]');
			process.exit(0);
		} else throw new Error(`unknown option ${argv[i]} (see --help)`);
	}
	for (const [name, port] of Object.entries({ '--port': options.port, '--sandbox-port': options.sandboxPort })) {
		if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
	}
	return options;
}

async function waitForEditor(baseUrl, n8nProcess, timeoutMs = 180000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (n8nProcess.exitCode !== null || n8nProcess.signalCode !== null) throw new Error('n8n exited during start-up');
		try {
			const answer = await fetch(`${baseUrl}/healthz/readiness`);
			if (answer.ok) {
				const page = await fetch(`${baseUrl}/`);
				if (page.ok) return;
			}
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not answer at ${baseUrl} within ${timeoutMs / 1000} s`);
}

function processGroupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const userFolder = path.resolve(process.env.N8N_LOCAL_USER_FOLDER || path.join(local.cacheDir(), 'local-user'));
	fs.mkdirSync(userFolder, { recursive: true });
	const n8nBin = local.installN8n();

	const { startSandbox } = require(path.join(local.repoRoot, 'sandbox'));
	const sandbox = await startSandbox({ port: options.sandboxPort });
	const sandboxUrl = (sandbox.url || `http://127.0.0.1:${sandbox.port}`).replace(/\/+$/, '');

	let n8n;
	let stopping = false;
	const stop = async (exitCode) => {
		if (stopping) return;
		stopping = true;
		console.log('\n[start] stopping n8n and the sandbox ...');
		if (n8n && n8n.exitCode === null && n8n.signalCode === null) {
			const exited = new Promise((resolve) => n8n.once('exit', resolve));
			n8n.kill('SIGTERM');
			const timer = setTimeout(() => processGroupAlive(n8n.pid) && process.kill(-n8n.pid, 'SIGKILL'), 30000);
			await exited;
			clearTimeout(timer);
		}
		// The task runner n8n started is in n8n's process group: nothing of it may outlive us.
		if (n8n && processGroupAlive(n8n.pid)) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			if (processGroupAlive(n8n.pid)) process.kill(-n8n.pid, 'SIGKILL');
		}
		await sandbox.close();
		console.log('[start] stopped');
		process.exit(exitCode);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		console.log(`[start] installing the packed package into ${userFolder}/.n8n/nodes`);
		local.installPackage(userFolder);

		const brokerPort = Number(process.env.N8N_RUNNERS_BROKER_PORT) || (await local.freePort());
		const env = local.n8nEnv({ userFolder, port: options.port, brokerPort, n8nBin });
		console.log('[start] importing the sandbox credentials and the example workflows (about 20 s)');
		const workflows = local.exampleWorkflows(sandboxUrl);
		await local.importIntoN8n(n8nBin, env, { credentials: local.sandboxCredentials(sandbox), workflows });
		if (stopping) return;

		// Its own process group: Ctrl-C reaches this script only, which then
		// stops n8n once, cleanly, and waits for it.
		n8n = spawn(n8nBin, ['start'], { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
		n8n.on('exit', (code, signal) => {
			if (!stopping) {
				console.error(`[start] n8n exited on its own (code ${code}, signal ${signal})`);
				stop(1);
			}
		});
		const editorUrl = `http://localhost:${options.port}`;
		await waitForEditor(editorUrl, n8n);

		const lines = [
			'',
			'='.repeat(78),
			`n8n ${local.N8N_VERSION} is ready: ${editorUrl}`,
			`  log in as ${local.LOCAL_OWNER.email} / ${local.LOCAL_OWNER.password} (local sandbox only)`,
			`  nodes: search "Plantronics", "UC Softphone", "Kolmisoft", "Genesys" (package ${local.PACKAGE_NAME})`,
			'  example workflows:',
			...workflows.map((workflow) => `    ${editorUrl}/workflow/${workflow.id}  ${workflow.name}`),
			`  vendor sandbox: ${sandboxUrl} (tickets the examples create: GET ${sandboxUrl}/tickets)`,
			`  n8n pid ${n8n.pid}, user folder ${userFolder}`,
			'Press Ctrl-C to stop n8n and the sandbox.',
			'='.repeat(78),
		];
		console.log(lines.join('\n'));
	} catch (error) {
		console.error(`[start] ${error.message}`);
		await stop(1);
	}
}

main().catch((error) => {
	console.error(`[start] ${error.stack || error.message}`);
	process.exit(1);
});
