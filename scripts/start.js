'use strict';
/**
 * The local instance behind `npm start` / scripts/start.sh (which builds the
 * package and installs n8n first, then runs this under Node 24):
 * vendor sandbox + n8n 2.41.1 with this package, one credential per system
 * pointing at the sandbox, and the example workflows. Ctrl-C stops all of it.
 *
 *   scripts/start.sh [--port 5678] [--sandbox-port 5680] [--queue [--workers 2]]
 *   N8N_LOCAL_USER_FOLDER=<dir>   n8n's user folder (default .n8n-cache/local-user)
 *   N8N_QUEUE_STATE_DIR=<dir>     queue mode's data: PostgreSQL, Redis, user folders (default .queue/)
 *
 * --queue: n8n's queue mode (scripts/queue-mode.js): private PostgreSQL and
 * Redis on free loopback ports, the n8n main and N workers (default 2), every
 * one with the package installed; every execution runs on a worker.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const local = require('./n8n-local');
const queueMode = require('./queue-mode');

const USAGE = 'usage: scripts/start.sh [--port 5678] [--sandbox-port 5680] [--queue [--workers 2]]';

/** The ports this start will listen on, for the check that they are free. */
function portsOf(options) {
	return [
		{ port: options.port, what: "n8n's editor", flag: '--port' },
		{ port: options.sandboxPort, what: 'the vendor sandbox', flag: '--sandbox-port' },
	];
}

function parseArgs(argv) {
	const options = { port: Number(process.env.N8N_PORT || 5678), sandboxPort: local.DEFAULT_SANDBOX_PORT, queue: false, workers: queueMode.DEFAULT_WORKERS };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (flag === '--port') options.port = Number(value());
		else if (flag === '--sandbox-port') options.sandboxPort = Number(value());
		else if (flag === '--queue') options.queue = true;
		else if (flag === '--workers') options.workers = Number(value());
		else if (flag === '--check-ports') options.checkPortsOnly = true;
		else if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`unknown option ${argv[i]} (see --help)`);
	}
	for (const [name, port] of Object.entries({ '--port': options.port, '--sandbox-port': options.sandboxPort })) {
		if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
	}
	if (!Number.isInteger(options.workers) || options.workers < 1 || options.workers > 16) throw new Error('--workers must be a whole number from 1 to 16');
	return options;
}

/**
 * The local instance as an object: `start()` brings everything up and
 * resolves with what is running; `stop()` (any time, also during start-up)
 * stops what was started, in reverse order, once.
 *
 * options: port, queue, workers, and either sandboxPort or `sandbox` (an
 * already running sandbox from sandbox/index.js, left running on stop: the
 * tests use their own to drive it); `stateDir` / `userFolder` override the
 * folders; `onLine(line, processName)` receives the output of every child;
 * `env` is added to the environment of every n8n process and `workerEnv` to
 * the workers' only; `fast` lets the database
 * skip waiting for the disk (throw-away test data).
 */
function localInstance(options) {
	const cleanups = [];
	let stopping;
	const own = async (name, stopFn) => {
		if (stopping) await stopFn();
		else cleanups.push({ name, stopFn });
	};
	const ownProcess = ({ name, child }) => own(name, () => local.stopProcessGroup(child, { signal: name === 'postgres' ? 'SIGINT' : 'SIGTERM' }));
	const checkNotStopping = () => {
		if (stopping) throw new Error('stopped during start-up');
	};

	async function start() {
		const n8nBin = local.installN8n();
		let sandbox = options.sandbox;
		if (!sandbox) {
			const { startSandbox } = require(path.join(local.repoRoot, 'sandbox'));
			sandbox = await startSandbox({ port: options.sandboxPort });
			await own('sandbox', () => sandbox.close());
		}
		const sandboxUrl = (sandbox.url || `http://127.0.0.1:${sandbox.port}`).replace(/\/+$/, '');
		checkNotStopping();

		let env;
		let folders;
		let services;
		if (options.queue) {
			const stateDir = path.resolve(options.stateDir || process.env.N8N_QUEUE_STATE_DIR || path.join(local.repoRoot, '.queue'));
			console.log(`[start] PostgreSQL and Redis for queue mode (data in ${stateDir})`);
			services = await queueMode.startServices({ stateDir, onLine: options.onLine, fast: options.fast, onProcess: ownProcess });
			folders = queueMode.userFolders(stateDir, options.workers);
			checkNotStopping();
			// The user folder and broker port here are for the import; startCluster gives each process its own.
			env = { ...local.n8nEnv({ userFolder: folders.main, port: options.port, brokerPort: await local.freePort(), n8nBin }), ...queueMode.queueEnv(services) };
		} else {
			const userFolder = path.resolve(options.userFolder || process.env.N8N_LOCAL_USER_FOLDER || path.join(local.cacheDir(), 'local-user'));
			folders = { main: userFolder, workers: [] };
			const brokerPort = Number(process.env.N8N_RUNNERS_BROKER_PORT) || (await local.freePort());
			env = local.n8nEnv({ userFolder, port: options.port, brokerPort, n8nBin });
		}
		env = { ...env, ...options.env };
		for (const folder of [folders.main, ...folders.workers]) fs.mkdirSync(folder, { recursive: true });
		checkNotStopping();

		console.log(`[start] installing the packed package into ${[folders.main, ...folders.workers].map((folder) => `${folder}/.n8n/nodes`).join(', ')}`);
		local.installPackage(folders.main, ...folders.workers);

		// scripts/execute.js reads it to tell "the sandbox is not running" from a failing workflow.
		fs.writeFileSync(path.join(folders.main, local.SANDBOX_URL_FILE), `${sandboxUrl}\n`);

		console.log('[start] importing the sandbox credentials and the example workflows (about 20 s)');
		const workflows = local.exampleWorkflows(sandboxUrl);
		await local.importIntoN8n(n8nBin, env, { credentials: local.sandboxCredentials(sandbox), workflows });
		checkNotStopping();

		const editorUrl = `http://localhost:${options.port}`;
		let cluster;
		if (options.queue) {
			cluster = await queueMode.startCluster({ n8nBin, env, folders, port: options.port, onLine: options.onLine, workerEnv: options.workerEnv, onProcess: ownProcess });
		} else {
			// Its own process group: Ctrl-C reaches this script only, which then
			// stops n8n once, cleanly, and waits for it.
			const n8n = spawn(n8nBin, ['start'], { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
			await ownProcess({ name: 'n8n', child: n8n });
			await local.waitForHttp(`${editorUrl}/healthz/readiness`, { child: n8n, name: 'n8n' });
			await local.waitForHttp(`${editorUrl}/`, { child: n8n, name: 'n8n' });
			cluster = { main: { name: 'main', child: n8n, url: editorUrl }, workers: [] };
		}
		return { editorUrl, sandbox, sandboxUrl, workflows, folders, services, cluster, n8nBin, env };
	}

	function stop() {
		stopping ??= (async () => {
			for (const { name, stopFn } of cleanups.reverse()) {
				try {
					await stopFn();
				} catch (error) {
					console.error(`[start] stopping ${name}: ${error.message}`);
				}
			}
		})();
		return stopping;
	}

	return { start, stop };
}

function readyBanner(options, running) {
	const { editorUrl, sandboxUrl, workflows, folders, services, cluster } = running;
	return [
		'',
		'='.repeat(78),
		`n8n ${local.N8N_VERSION} is ready: ${editorUrl}${options.queue ? ` (queue mode: main + ${cluster.workers.length} workers)` : ''}`,
		`  log in as ${local.LOCAL_OWNER.email} / ${local.LOCAL_OWNER.password} (local sandbox only)`,
		`  nodes: search "Plantronics", "UC Softphone", "Kolmisoft", "Genesys" (package ${local.PACKAGE_NAME})`,
		'  example workflows:',
		...workflows.map((workflow) => `    ${editorUrl}/workflow/${workflow.id}  ${workflow.name}`),
		`  vendor sandbox: ${sandboxUrl} (tickets the examples create: GET ${sandboxUrl}/tickets)`,
		...(options.queue
			? [
					`  PostgreSQL 127.0.0.1:${services.postgres.port} (database ${services.postgres.database}), Redis 127.0.0.1:${services.redis.port}`,
					`  n8n main pid ${cluster.main.child.pid}, workers ${cluster.workers.map((worker) => `${worker.name} pid ${worker.child.pid}`).join(', ')}`,
				]
			: [`  n8n pid ${cluster.main.child.pid}, user folder ${folders.main}`]),
		`Press Ctrl-C to stop ${options.queue ? 'n8n, its workers, PostgreSQL, Redis' : 'n8n'} and the sandbox.`,
		'='.repeat(78),
	].join('\n');
}

async function main() {
	let options;
	try {
		options = parseArgs(process.argv.slice(2));
		// start.sh runs this check first (--check-ports), before installing anything, and again
		// here: another program may have taken a port while n8n was being installed.
		await local.assertPortsFree(portsOf(options));
	} catch (error) {
		console.error(error.message.replace(/^/gm, '[start] '));
		process.exit(1);
	}
	if (options.checkPortsOnly) return;
	const instance = localInstance(options);
	let stopping = false;
	const stop = async (exitCode) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n[start] stopping ${options.queue ? 'n8n, its workers, PostgreSQL, Redis' : 'n8n'} and the sandbox ...`);
		await instance.stop();
		console.log('[start] stopped');
		process.exit(exitCode);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	try {
		const running = await instance.start();
		for (const processInfo of [running.cluster.main, ...running.cluster.workers]) {
			processInfo.child.on('exit', (code, signal) => {
				if (!stopping) {
					console.error(`[start] n8n ${processInfo.name} exited on its own (code ${code}, signal ${signal})`);
					stop(1);
				}
			});
		}
		console.log(readyBanner(options, running));
	} catch (error) {
		if (stopping) return;
		console.error(`[start] ${error.message}`);
		await stop(1);
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`[start] ${error.stack || error.message}`);
		process.exit(1);
	});
}

module.exports = { localInstance };
