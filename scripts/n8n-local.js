'use strict';
/**
 * Runs the pinned n8n (installed by scripts/n8n-install.sh) with this package
 * installed the way n8n installs a community package: the packed tarball
 * (`npm pack`, exactly what the registry would serve) unpacked into
 * `<user folder>/.n8n/nodes/node_modules/n8n-nodes-telephony-devices`.
 * n8n 2.41 loads every `n8n-nodes-*` folder there at start-up, so the node
 * types are `n8n-nodes-telephony-devices.<name>`, the names the contract and
 * the codex files use, and the example workflows work unchanged in any n8n
 * that installed the package from the registry.
 *
 * Used by scripts/start.js (the `npm start` local instance) and by the
 * end-to-end tests in test/e2e.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const PACKAGE_NAME = 'n8n-nodes-telephony-devices';
const N8N_VERSION = '2.41.1';
/** The last n8n 1.x line, still widely self-hosted: the OAuth2 and example-workflow e2e tests run in it too. */
const N8N_1X_VERSION = '1.123.81';
/** The n8n versions the package is tested in (README, Compatibility). */
const TESTED_N8N_VERSIONS = [N8N_VERSION, N8N_1X_VERSION];

/** The sandbox URL written in the shipped example workflows (ticket inbox). */
const EXAMPLE_SANDBOX_URL = 'http://127.0.0.1:5680';
const DEFAULT_SANDBOX_PORT = 5680;
/** Written by start.js into the instance's user folder: the URL its credentials point at. */
const SANDBOX_URL_FILE = 'sandbox-url';

/** Local sandbox instances only: never use this key for an instance with real credentials. */
const LOCAL_ENCRYPTION_KEY = 'telephony-devices-local-sandbox-only';

/** The owner n8n creates from the environment, so the editor has no set-up wall. */
const LOCAL_OWNER = {
	email: process.env.N8N_LOCAL_OWNER_EMAIL || 'owner@telephony-devices.test',
	password: process.env.N8N_LOCAL_OWNER_PASSWORD || 'Sandbox-Only-1',
	firstName: 'Local',
	lastName: 'Owner',
};

/**
 * One credential per system, with the ids the example workflows reference.
 * `sandboxKey` is the key of `sandbox.credentials` holding its working values.
 */
const CREDENTIALS = [
	{ sandboxKey: 'plantronics', id: 'TdCredPlantronic', name: 'Plantronics Manager Pro (sandbox)', type: 'plantronicsManagerProApi' },
	{ sandboxKey: 'uc', id: 'TdCredUcSoftphon', name: 'UC Softphone (sandbox)', type: 'ucSoftphoneApi' },
	{ sandboxKey: 'kolmisoft', id: 'TdCredKolmisoft1', name: 'Kolmisoft MOR (sandbox)', type: 'kolmisoftApi' },
	{ sandboxKey: 'genesys', id: 'TdCredGenesysGws', name: 'Genesys GWS (sandbox)', type: 'genesysWebServicesApi' },
	// The chat model of the AI agent example: the sandbox's OpenAI-compatible endpoint.
	{ sandboxKey: 'openAi', id: 'TdCredOpenAiSbx1', name: 'OpenAI (sandbox)', type: 'openAiApi' },
];

const cacheDir = () => path.resolve(process.env.N8N_CACHE_DIR || path.join(repoRoot, '.n8n-cache'));
const examplesDir = path.join(repoRoot, 'examples');

/** Installs n8n `version` if the cache does not have it yet (minutes, the first time) and returns the path of its binary. */
function installN8n(version = N8N_VERSION) {
	const out = execFileSync('bash', [path.join(repoRoot, 'scripts/n8n-install.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, N8N_VERSION: version },
	});
	return out.trim().split('\n').pop();
}

/**
 * Packs the built package (dist/ must be current: `npm run build`) and unpacks
 * it into each user folder as n8n does for an installed community package
 * (queue mode: the main and every worker have their own).
 * Returns the folder it was unpacked into (in the first user folder).
 */
function installPackage(userFolder, ...moreUserFolders) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-pack-'));
	try {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
				cwd: repoRoot,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit'],
			}),
		);
		const targets = [userFolder, ...moreUserFolders].map((folder) => path.join(folder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME));
		for (const target of targets) {
			fs.rmSync(target, { recursive: true, force: true });
			fs.mkdirSync(target, { recursive: true });
			execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', target, '--strip-components=1']);
		}
		return targets[0];
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

function ownerPasswordHash(n8nBin, password) {
	const n8nDir = path.resolve(path.dirname(fs.realpathSync(n8nBin)), '..');
	const bcrypt = require(require.resolve('bcryptjs', { paths: [n8nDir] }));
	return bcrypt.hashSync(password, 10);
}

/**
 * The environment for every n8n command of a local instance or a test run.
 * - N8N_SSRF_*: n8n 2.41 can refuse requests to private and loopback addresses
 *   (SSRF protection, @n8n/backend-network; off unless N8N_SSRF_PROTECTION_ENABLED=true).
 *   Local runs and tests switch it on and allow only the loopback address the
 *   sandbox listens on, so they behave like a hardened instance and prove
 *   that the allow-list is all the sandbox needs.
 * - N8N_INSTANCE_OWNER_*: n8n 2.41 creates the owner from the environment,
 *   so the editor opens on a login page instead of the owner set-up wall.
 * - N8N_RUNNERS_BROKER_PORT: every n8n process (CLI commands included) opens a
 *   task-runner broker port; a fixed one would collide between instances.
 * - Offline quiet: nothing that calls n8n's own servers (version notices,
 *   templates, diagnostics, the list of verified community packages, license
 *   renewal, and on 2.x the MCP server registry: pass `version` for a 1.x
 *   n8n), and the settings n8n warns will change default set explicitly to
 *   today's values, so the log shows only what matters here.
 */
function n8nEnv({ userFolder, port, brokerPort, n8nBin, version = N8N_VERSION, extra = {} }) {
	const env = {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: LOCAL_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		// 2.x refreshes a registry of MCP servers from n8n's servers; 1.x has no such module and
		// refuses to start on a module name it does not know.
		...(Number(version.split('.')[0]) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_SECURE_COOKIE: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'true',
		N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32,::1/128',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		...extra,
	};
	// Under NODE_ENV=test (set by jest) the n8n CLI exits at once doing nothing.
	delete env.NODE_ENV;
	if (port) env.N8N_PORT = String(port);
	if (brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	if (n8nBin) {
		env.N8N_INSTANCE_OWNER_MANAGED_BY_ENV = 'true';
		env.N8N_INSTANCE_OWNER_EMAIL = LOCAL_OWNER.email;
		env.N8N_INSTANCE_OWNER_FIRST_NAME = LOCAL_OWNER.firstName;
		env.N8N_INSTANCE_OWNER_LAST_NAME = LOCAL_OWNER.lastName;
		env.N8N_INSTANCE_OWNER_PASSWORD_HASH = ownerPasswordHash(n8nBin, LOCAL_OWNER.password);
	}
	return env;
}

/** A port that was free a moment ago (the OS picks it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether something already listens on host:port (binding it fails the way n8n's or the sandbox's own listen would). */
function portTaken(port, host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', (error) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(error.code) : reject(error)));
		server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
	});
}

/**
 * Fails at once, naming the port and what to do, when one of the ports
 * (`[{ port, what, flag }]`) is taken: a server already there would answer
 * the readiness check in n8n's place.
 */
async function assertPortsFree(ports) {
	const problems = [];
	for (const { port, what, flag } of ports) {
		if (!port) continue;
		const taken = await portTaken(port);
		if (taken === 'EACCES') problems.push(`port ${port} (${what}) may not be used by this user: pick a port above 1023 with ${flag} <port>`);
		else if (taken) problems.push(`port ${port} (${what}) is already in use by another program: stop it (e.g. a start.sh still running; \`ss -ltnp | grep :${port}\` shows which) or pick another port with ${flag} <port>`);
	}
	if (problems.length) throw new Error(problems.join('\n'));
}

function processGroupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Stops a child started with `detached: true` (its own process group, so
 * Ctrl-C in a terminal reaches only our script, which then stops each child
 * once, in order): `signal` to the group, SIGKILL to whatever of the group is
 * left after `timeoutMs` (n8n's task runner lives in n8n's group).
 */
async function stopProcessGroup(child, { signal = 'SIGTERM', timeoutMs = 30000 } = {}) {
	if (!child || !child.pid) return;
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		try {
			process.kill(-child.pid, signal);
		} catch {
			// already gone
		}
		const timer = setTimeout(() => processGroupAlive(child.pid) && process.kill(-child.pid, 'SIGKILL'), timeoutMs);
		await exited;
		clearTimeout(timer);
	}
	if (processGroupAlive(child.pid)) {
		await sleep(1000);
		if (processGroupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
	}
}

/** Waits until `url` answers 2xx; fails early when `child` exits. */
/** Longest wait for one answer: a listener that accepts and never answers must not hold the start-up. */
const READINESS_REQUEST_MS = 5000;

async function waitForHttp(url, { child, name = url, timeoutMs = 180000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${name} exited during start-up`);
		try {
			const signal = AbortSignal.timeout(Math.max(1, Math.min(READINESS_REQUEST_MS, deadline - Date.now())));
			if ((await fetch(url, { signal })).ok) return;
		} catch {
			// not listening yet, or no answer in time
		}
		await sleep(500);
	}
	throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Runs one n8n CLI command to its end: { code, signal, stdout, stderr, ms }. */
function runN8n(n8nBin, args, env, { timeoutMs = 180000 } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(n8nBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/**
 * `n8n execute --rawOutput` prints the run as pretty JSON, possibly after log
 * lines; this returns the parsed run or undefined when there is none.
 */
function parseRunOutput(text) {
	const start = text.search(/^\{$/m);
	const end = text.lastIndexOf('\n}');
	if (start < 0 || end < start) return undefined;
	try {
		return JSON.parse(text.slice(start, end + 2));
	} catch {
		return undefined;
	}
}

/**
 * How one `n8n execute` run ended: 'success', 'failed' or 'unknown'. n8n 2.41.1's
 * CLI now and then crashes (SIGSEGV) while shutting down after the run has ended
 * and been printed (seen about once in ten runs on a busy 2-core machine); that
 * exit changes nothing about the run, so then what the run printed counts.
 */
function executionOutcome(result) {
	const failed = `${result.stdout}${result.stderr}`.includes('Error executing workflow');
	if (result.code === 0) return 'success';
	if (result.code === 1 && failed) return 'failed';
	if (result.signal === 'SIGSEGV') {
		if (parseRunOutput(result.stdout)?.status === 'success') return 'success';
		if (failed) return 'failed';
	}
	return 'unknown';
}

/** The credentials to import, pointing at a running sandbox (its own credential values). */
function sandboxCredentials(sandbox) {
	return CREDENTIALS.map(({ sandboxKey, id, name, type }) => {
		const data = sandbox.credentials[sandboxKey];
		if (!data) throw new Error(`the sandbox gives no credentials for "${sandboxKey}"`);
		return { id, name, type, data: { ...data } };
	});
}

/** The example workflows, with the ticket inbox URL pointing at the given sandbox. */
function exampleWorkflows(sandboxUrl) {
	return fs
		.readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = fs.readFileSync(path.join(examplesDir, file), 'utf8');
			return JSON.parse(text.split(EXAMPLE_SANDBOX_URL).join(sandboxUrl.replace(/\/+$/, '')));
		});
}

/**
 * Imports credentials and workflows (two CLI calls, about 8 s each). The
 * credentials file holds the plain values (n8n encrypts them on import), so
 * it is written into a private temporary folder and removed right after.
 */
async function importIntoN8n(n8nBin, env, { credentials, workflows }) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-import-'));
	try {
		const credentialsFile = path.join(work, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
		const workflowsDir = path.join(work, 'workflows');
		fs.mkdirSync(workflowsDir);
		for (const workflow of workflows) {
			fs.writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		}
		const results = [];
		for (const args of [
			['import:credentials', `--input=${credentialsFile}`],
			['import:workflow', '--separate', `--input=${workflowsDir}`],
		]) {
			// Migrations and import take minutes, not seconds, on a machine busy with other work.
			const result = await runN8n(n8nBin, args, env, { timeoutMs: 900000 });
			results.push(result);
			if (result.code !== 0 || /An error occurred while importing/i.test(result.stdout + result.stderr)) {
				throw new Error(`n8n ${args[0]} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
			}
		}
		return results;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

/** Logs in as the local owner on a running n8n; returns the session cookie for REST calls. */
async function ownerSessionCookie(base) {
	const login = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: LOCAL_OWNER.email, password: LOCAL_OWNER.password }),
	});
	if (login.status !== 200) throw new Error(`n8n refused the owner's login (HTTP ${login.status})`);
	return (login.headers.get('set-cookie') || '').split(';')[0];
}

/** A credential's Test, as the editor's button runs it: { status: 'OK' | 'Error', message }. */
async function testCredentialInN8n(base, cookie, type, data) {
	const answer = await fetch(`${base}/rest/credentials/test`, {
		method: 'POST',
		headers: { cookie, 'Content-Type': 'application/json' },
		body: JSON.stringify({ credentials: { id: '', name: 'probe', type, data } }),
	});
	return (await answer.json()).data;
}

module.exports = {
	CREDENTIALS,
	DEFAULT_SANDBOX_PORT,
	EXAMPLE_SANDBOX_URL,
	LOCAL_ENCRYPTION_KEY,
	LOCAL_OWNER,
	N8N_1X_VERSION,
	N8N_VERSION,
	PACKAGE_NAME,
	SANDBOX_URL_FILE,
	TESTED_N8N_VERSIONS,
	cacheDir,
	exampleWorkflows,
	examplesDir,
	executionOutcome,
	freePort,
	assertPortsFree,
	portTaken,
	importIntoN8n,
	installN8n,
	installPackage,
	n8nEnv,
	ownerSessionCookie,
	parseRunOutput,
	repoRoot,
	runN8n,
	sandboxCredentials,
	stopProcessGroup,
	testCredentialInN8n,
	waitForHttp,
};
