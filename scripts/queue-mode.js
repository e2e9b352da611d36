'use strict';
/**
 * n8n's queue mode on one machine: private PostgreSQL and Redis instances
 * (Debian's packages, installed by scripts/queue-install.sh when missing) on
 * free loopback ports, then the n8n main and N workers sharing them.
 *
 * Used by scripts/start.js (`./scripts/start.sh --queue`) and by the
 * queue-mode end-to-end tests. The system services of the packages are never
 * touched: each instance runs as a child of the calling script, with its data
 * under the folder it is given (git-ignored `.queue/` for start.sh, a
 * temporary folder for the tests).
 */
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const local = require('./n8n-local');

const DEFAULT_WORKERS = 2;
/** Jobs each worker runs at once (n8n's minimum recommended value). */
const WORKER_CONCURRENCY = 5;

/** Local sandbox instances only, like LOCAL_ENCRYPTION_KEY. */
const DB = { user: 'n8n', password: 'telephony-devices-local-db-only', database: 'n8n' };

/** Installs PostgreSQL and Redis when missing; returns { pgBin, redisServer }. */
function installServices() {
	const out = execFileSync('bash', [path.join(local.repoRoot, 'scripts/queue-install.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [pgBin, redisServer] = out.trim().split('\n').slice(-2);
	return { pgBin, redisServer };
}

/** PostgreSQL refuses to run as root: as root, its files and process belong to the `postgres` user the package creates. */
function postgresOwner() {
	if (process.getuid() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
	return { uid, gid };
}

/** Can `owner` reach `folder` (every folder on the way must let it through)? */
function reachable(folder, owner) {
	if (owner.uid === undefined) return true;
	return spawnSync('test', ['-x', folder], { uid: owner.uid, gid: owner.gid }).status === 0;
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Prefixes every line a child prints, so the output of several processes stays readable. */
function forwardLines(stream, onLine) {
	let rest = '';
	stream.setEncoding('utf8');
	stream.on('data', (chunk) => {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop();
		for (const line of lines) onLine(line);
	});
	stream.on('end', () => rest && onLine(rest));
}

/**
 * n8n names each process `<main|worker>-<hostname>` when the machine looks like
 * a container (as our CI machines do), so processes sharing one machine share
 * a host id and n8n warns "multiple instances sharing the same hostId". In
 * production each container has its own hostname; here, where we can (root on
 * Linux with unshare), each n8n process gets its own UTS namespace and
 * hostname, so it gets its own host id too. The command keeps its process id.
 */
let canUnshareHostname;
function withOwnHostname(hostname, command, args) {
	if (canUnshareHostname === undefined) {
		canUnshareHostname =
			process.platform === 'linux' &&
			process.getuid?.() === 0 &&
			spawnSync('unshare', ['--uts', '--', 'hostname', 'probe'], { stdio: 'ignore' }).status === 0;
	}
	if (!canUnshareHostname) return [command, args];
	return ['unshare', ['--uts', '--', 'sh', '-c', 'hostname "$0" && exec "$@"', hostname, command, ...args]];
}

function spawnService(name, command, args, { onLine, ...options }) {
	const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const print = onLine ?? ((line) => console.log(`[${name}] ${line}`));
	forwardLines(child.stdout, (line) => print(line, name));
	forwardLines(child.stderr, (line) => print(line, name));
	child.once('error', (error) => print(`could not start: ${error.message}`, name));
	return child;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A private PostgreSQL: initdb on first use (superuser `n8n`, password auth,
 * loopback TCP only, no Unix socket), then `postgres` in the foreground as a
 * child. A later run reuses the data folder.
 */
async function startPostgres({ pgBin, dataDir, port, onLine, onProcess, fast = false }) {
	const owner = postgresOwner();
	fs.mkdirSync(path.dirname(dataDir), { recursive: true });
	if (!reachable(path.dirname(dataDir), owner)) {
		// e.g. a clone under /root as root: the postgres user cannot enter it.
		const fallback = path.join(os.tmpdir(), `telephony-devices-postgres-${crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
		console.log(`[queue] ${path.dirname(dataDir)} is not reachable by the postgres user; PostgreSQL's data goes to ${fallback}`);
		dataDir = fallback;
	}
	if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
		fs.rmSync(dataDir, { recursive: true, force: true });
		fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		const pwFile = path.join(path.dirname(dataDir), `.pg-password-${process.pid}`);
		fs.writeFileSync(pwFile, DB.password, { mode: 0o600 });
		try {
			if (owner.uid !== undefined) {
				fs.chownSync(dataDir, owner.uid, owner.gid);
				fs.chownSync(pwFile, owner.uid, owner.gid);
			}
			execFileSync(path.join(pgBin, 'initdb'), ['-D', dataDir, '-U', DB.user, `--pwfile=${pwFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-locale'], {
				...owner,
				stdio: ['ignore', 'ignore', 'inherit'],
			});
		} finally {
			fs.rmSync(pwFile, { force: true });
		}
	}
	// A previous run that was killed outright may have left its server running on this data folder.
	const pidFile = path.join(dataDir, 'postmaster.pid');
	if (fs.existsSync(pidFile)) {
		const stale = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
		if (stale > 0 && pidAlive(stale)) {
			console.log(`[queue] stopping the PostgreSQL a previous run left running (pid ${stale})`);
			process.kill(stale, 'SIGINT');
			for (let waited = 0; pidAlive(stale) && waited < 30000; waited += 200) await sleep(200);
		}
	}
	const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=50', 'log_min_messages=fatal'];
	// Tests throw their database away: no need to wait for the disk.
	if (fast) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
	const child = spawnService('postgres', path.join(pgBin, 'postgres'), ['-D', dataDir, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])], {
		...owner,
		onLine,
	});
	await onProcess?.({ name: 'postgres', child });
	const env = { ...process.env, PGPASSWORD: DB.password };
	const psql = (sql) =>
		execFileSync(path.join(pgBin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB.user, '-d', 'postgres', '-tAc', sql], { env, encoding: 'utf8' }).trim();
	const deadline = Date.now() + 60000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error('PostgreSQL exited during start-up (see its output above)');
		if (spawnSync(path.join(pgBin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0) break;
		if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections on port ${port} within 60 s`);
		await sleep(300);
	}
	if (psql(`select 1 from pg_database where datname = '${DB.database}'`) !== '1') psql(`create database ${DB.database}`);
	return {
		port,
		dataDir,
		...DB,
		child,
		/** Runs one SQL statement in n8n's database and returns the rows as text (for tests). */
		query: (sql) =>
			execFileSync(path.join(pgBin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB.user, '-d', DB.database, '-tAc', sql], { env, encoding: 'utf8' }).trim(),
		stop: () => local.stopProcessGroup(child, { signal: 'SIGINT' }),
	};
}

/** Answers PING with PONG? */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(2000);
		let answer = '';
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) {
				socket.destroy();
				resolve(answer.startsWith('+PONG'));
			}
		});
		socket.on('timeout', () => socket.destroy());
		socket.on('error', () => resolve(false));
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
	});
}

/** A private Redis on loopback, nothing saved to disk (the queue holds only jobs in flight). */
async function startRedis({ redisServer, dataDir, port, onLine, onProcess }) {
	fs.mkdirSync(dataDir, { recursive: true });
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dataDir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
	const child = spawnService('redis', redisServer, args, { onLine });
	await onProcess?.({ name: 'redis', child });
	const deadline = Date.now() + 30000;
	while (!(await redisPing(port))) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error('Redis exited during start-up (see its output above)');
		if (Date.now() > deadline) throw new Error(`Redis did not answer on port ${port} within 30 s`);
		await sleep(200);
	}
	return { port, child, stop: () => local.stopProcessGroup(child, { signal: 'SIGTERM' }) };
}

/**
 * Installs (when missing) and starts PostgreSQL and Redis with their data
 * under `stateDir`. `onProcess({ name, child })` hears of each child as soon
 * as it is spawned (so a caller stopping during start-up can stop it too).
 */
async function startServices({ stateDir, onLine, onProcess, fast = false }) {
	const { pgBin, redisServer } = installServices();
	const postgres = await startPostgres({ pgBin, dataDir: path.join(stateDir, 'postgres'), port: await local.freePort(), onLine, onProcess, fast });
	try {
		const redis = await startRedis({ redisServer, dataDir: path.join(stateDir, 'redis'), port: await local.freePort(), onLine, onProcess });
		return {
			postgres,
			redis,
			stop: async () => {
				await redis.stop();
				await postgres.stop();
			},
		};
	} catch (error) {
		await postgres.stop();
		throw error;
	}
}

/**
 * What the main and every worker need on top of the usual settings (the same
 * N8N_ENCRYPTION_KEY everywhere comes from local.n8nEnv): the queue, the
 * shared database, and manual runs sent to the workers too (n8n's default
 * from its next major version on), so every execution runs on a worker.
 */
function queueEnv({ postgres, redis }) {
	return {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
}

/** The user folders of the main and of each worker, under `stateDir`. */
function userFolders(stateDir, workers = DEFAULT_WORKERS) {
	return {
		main: path.join(stateDir, 'n8n-main'),
		workers: Array.from({ length: workers }, (_, index) => path.join(stateDir, `n8n-worker-${index + 1}`)),
	};
}

/**
 * Starts the n8n main (editor, API, triggers and pollers) and the workers,
 * each with its own user folder (its own copy of the package, as
 * separate containers would have) and its own task-runner broker port; a
 * worker's health endpoint says when it takes jobs. `env` comes from
 * local.n8nEnv plus queueEnv. Returns { main, workers, stop }.
 */
async function startCluster({ n8nBin, env, folders, port, onLine, onProcess, workerEnv = {} }) {
	const started = [];
	const stop = async () => {
		// Workers first (each finishes or hands back its jobs), then the main.
		for (const processInfo of [...started].reverse()) await local.stopProcessGroup(processInfo.child);
	};
	try {
		const main = { name: 'main', url: `http://localhost:${port}` };
		main.child = spawnService('main', ...withOwnHostname('n8n-main', n8nBin, ['start']), {
			env: { ...env, N8N_USER_FOLDER: folders.main, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await local.freePort()) },
			onLine,
		});
		started.push(main);
		await onProcess?.(main);

		// The workers start alongside the main: the database schema is already
		// migrated (by the import that runs before, or by an earlier run).
		const workers = [];
		for (const [index, folder] of folders.workers.entries()) {
			const healthPort = await local.freePort();
			const worker = { name: `worker-${index + 1}`, healthUrl: `http://127.0.0.1:${healthPort}/healthz/readiness` };
			worker.child = spawnService(worker.name, ...withOwnHostname(`n8n-${worker.name}`, n8nBin, ['worker', `--concurrency=${WORKER_CONCURRENCY}`]), {
				env: {
					...env,
					...workerEnv,
					N8N_USER_FOLDER: folder,
					N8N_RUNNERS_BROKER_PORT: String(await local.freePort()),
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
				onLine,
			});
			started.push(worker);
			workers.push(worker);
			await onProcess?.(worker);
		}
		await local.waitForHttp(`${main.url}/healthz/readiness`, { child: main.child, name: 'the n8n main' });
		for (const worker of workers) await local.waitForHttp(worker.healthUrl, { child: worker.child, name: `n8n ${worker.name}` });
		return { main, workers, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = {
	DB,
	DEFAULT_WORKERS,
	WORKER_CONCURRENCY,
	installServices,
	queueEnv,
	startCluster,
	startServices,
	userFolders,
};
