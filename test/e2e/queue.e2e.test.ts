/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { EXAMPLE_CHECKS } from './exampleChecks';
import { n8nRest, until } from './rest';

const local = require('../../scripts/n8n-local.js');
const { localInstance } = require('../../scripts/start.js');

/**
 * n8n's queue mode, brought up by the same code as `./scripts/start.sh
 * --queue` (PostgreSQL, Redis, the n8n main and 2 workers, each with the
 * packed package installed), driven over n8n's REST API like the editor does,
 * against a sandbox this test controls. Every execution must run on a worker;
 * the logs of each n8n process say which one ran it.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Json = Record<string, unknown>;
interface RunItem {
	json: Json;
	pairedItem?: { item: number } | Array<{ item: number }>;
}
interface Execution {
	id: string;
	status: string;
	mode: string;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: RunItem[][] } }>>; error?: { message: string } } };
}
interface Workflow {
	id?: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Json }>;
	connections: Json;
	settings?: Json;
}
interface Row {
	customerTenantId: string;
	userId: string;
	deviceId: string;
	clientType: string;
	acceptCharges: boolean;
}

const WORKERS = 2;
// Short Bull locks so that a killed worker's job is noticed in seconds rather
// than n8n's default 60 s lock + 30 s stalled-job check (README "Running at scale").
const WORKER_LOCKS = { QUEUE_WORKER_LOCK_DURATION: '10000', QUEUE_WORKER_LOCK_RENEW_TIME: '2000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };

describe('queue mode: PostgreSQL, Redis, the n8n main and 2 workers', () => {
	let sandbox: Sandbox;
	let stateDir: string;
	let instance: { start(): Promise<any>; stop(): Promise<void> };
	let running: any;
	let cookie: string;
	let flatted: { parse(text: string): any };
	const logs: Array<{ name: string; line: string }> = [];
	const timings: Record<string, number> = {};

	const linesOf = (name: string) => logs.filter((entry) => entry.name === name).map((entry) => entry.line);
	/** The n8n processes whose log says they started this execution. */
	const startedBy = (executionId: string) =>
		[...new Set(logs.filter((entry) => new RegExp(`Worker started execution ${executionId} \\(`).test(entry.line)).map((entry) => entry.name))];

	const rest = <T = any>(method: string, pathname: string, body?: unknown) => n8nRest<T>(running.editorUrl, cookie, method, pathname, body);

	/** The editor's "Execute workflow" from the given trigger; in queue mode n8n hands it to a worker. */
	async function runManually(workflowId: string, trigger = 'Run now'): Promise<string> {
		const { executionId } = await rest<{ executionId: string }>('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
		return executionId;
	}

	async function finished(executionId: string, timeoutMs = 120_000): Promise<Execution> {
		return until(
			`execution ${executionId} to end`,
			async () => {
				const execution = await rest<Execution & { data: string }>('GET', `/executions/${executionId}`);
				if (['new', 'running', 'waiting'].includes(execution.status)) return undefined;
				return { ...execution, data: flatted.parse(execution.data) };
			},
			timeoutMs,
		);
	}

	function output(execution: Execution, node: string): RunItem[] {
		return execution.data?.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
	}

	/** The trigger's executions (one per poll that fired) all succeeded, each on one worker; only the main polled. */
	async function expectPolledOnMainOnly(workflowId: string, executions: number, polls: (processName: string) => number) {
		const executionIds = running.services.postgres.query(`select id from execution_entity where "workflowId" = '${workflowId}' order by id`).split('\n').filter(Boolean);
		expect(executionIds).toHaveLength(executions);
		for (const id of executionIds) {
			const execution = await finished(id);
			expect({ id, status: execution.status, mode: execution.mode }).toEqual({ id, status: 'success', mode: 'trigger' });
			expect(startedBy(id)).toEqual([expect.stringMatching(/^worker-\d$/)]);
		}
		expect(polls('main')).toBeGreaterThanOrEqual(4);
		for (const worker of running.cluster.workers) expect(polls(worker.name)).toBe(0);
	}

	/** The softphone example with other rows (and options for its UC node), created through the API. */
	async function softphoneWorkflow(name: string, rows: Row[], ucOptions: Json = {}): Promise<string> {
		const example = local.exampleWorkflows(sandbox.url).find((workflow: Workflow) => workflow.id === 'TdSoftphoneSync1') as Workflow;
		const nodes = example.nodes.map((node) => {
			if (node.name === 'Assignments to apply') return { ...node, parameters: { ...node.parameters, jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` } };
			if (node.name === 'Assign softphone') return { ...node, parameters: { ...node.parameters, options: { ...(node.parameters.options as Json), ...ucOptions } } };
			return node;
		});
		const created = await rest<{ id: string }>('POST', '/workflows', { name, nodes, connections: example.connections, settings: example.settings });
		return created.id;
	}

	beforeAll(async () => {
		const started = Date.now();
		sandbox = await startSandbox({ port: 0, size: 60 });
		stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-queue-'));
		fs.chmodSync(stateDir, 0o755); // PostgreSQL runs as the postgres user when we are root
		instance = localInstance({
			queue: true,
			workers: WORKERS,
			port: await local.freePort(),
			sandbox,
			stateDir,
			fast: true,
			// Debug level for the poll trigger's "Poll trigger initiated" line: it says which process polls.
			env: { N8N_LOG_LEVEL: 'debug' },
			workerEnv: WORKER_LOCKS,
			onLine: (line: string, name: string) => logs.push({ name, line }),
		});
		try {
			running = await instance.start();
		} catch (error) {
			throw new Error(`${(error as Error).message}\n${logs.slice(-60).map((entry) => `[${entry.name}] ${entry.line}`).join('\n')}`);
		}
		timings.startUp = Date.now() - started;
		const n8nDir = path.resolve(path.dirname(fs.realpathSync(running.n8nBin)), '..');
		flatted = require(require.resolve('flatted', { paths: [n8nDir] }));
		const login = await fetch(`${running.editorUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: local.LOCAL_OWNER.email, password: local.LOCAL_OWNER.password }),
		});
		expect(login.status).toBe(200);
		cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	}, 600_000);

	afterAll(async () => {
		const stopping = Date.now();
		await instance?.stop();
		timings.stop = Date.now() - stopping;
		// Every line of every process, for a look after a failure (.tooling/ is git-ignored).
		fs.mkdirSync(path.join(local.repoRoot, '.tooling'), { recursive: true });
		fs.writeFileSync(path.join(local.repoRoot, '.tooling/queue-e2e.log'), logs.map((entry) => `[${entry.name}] ${entry.line}\n`).join(''));
		await sandbox?.close();
		if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
		console.log(`queue mode timings (ms): ${JSON.stringify(timings)}`);
	});

	it('runs on PostgreSQL and Redis with the package installed in the main and in every worker', () => {
		const env = running.env as Record<string, string>;
		expect(env).toMatchObject({ EXECUTIONS_MODE: 'queue', DB_TYPE: 'postgresdb', OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' });
		expect(running.cluster.workers).toHaveLength(WORKERS);
		for (const folder of [running.folders.main, ...running.folders.workers]) {
			const manifest = JSON.parse(fs.readFileSync(path.join(folder, '.n8n/nodes/node_modules', local.PACKAGE_NAME, 'package.json'), 'utf8'));
			expect(manifest.name).toBe(local.PACKAGE_NAME);
		}
		// n8n's tables are in our PostgreSQL, with the imported credentials and example workflows.
		expect(running.services.postgres.query('select count(*) from credentials_entity')).toBe(String(local.CREDENTIALS.length));
		expect(running.services.postgres.query(`select count(*) from workflow_entity where id in ('TdFirmwareAlert1', 'TdSoftphoneSync1', 'TdInventoryExprt', 'TdNonCompliantTr', 'TdDeviceAssignSy')`)).toBe('5');
	});

	for (const check of EXAMPLE_CHECKS) {
		it(`on a worker, ${check.title}`, async () => {
			const started = Date.now();
			const prepared = check.prepare(sandbox);
			const execution = await finished(await runManually(check.workflowId));
			expect(execution.status).toBe('success');
			check.verify(sandbox, (node) => output(execution, node).map((item) => item.json), prepared);
			// The execution record is in PostgreSQL, and exactly one worker (never the main) ran it.
			expect(running.services.postgres.query(`select status from execution_entity where id = ${Number(execution.id)}`)).toBe('success');
			expect(startedBy(execution.id)).toEqual([expect.stringMatching(/^worker-\d$/)]);
			timings[check.workflowId] = Date.now() - started;
		});
	}

	it('Continue On Fail: N rows in, N results out on each worker, failures exactly where the vendor refused or nothing was sent', async () => {
		const started = Date.now();
		const [customer, otherCustomer] = sandbox.data.uc.customers;
		const rows: Row[] = [
			{ customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop', acceptCharges: false },
			{ customerTenantId: customer, userId: 'user-2', deviceId: 'dev-2-b', clientType: 'mobile', acceptCharges: true },
			{ customerTenantId: customer, userId: 'user-2', deviceId: 'dev-2-paid', clientType: 'webrtc', acceptCharges: false },
			{ customerTenantId: customer, userId: 'user-3', deviceId: 'dev-3-paid', clientType: 'crm', acceptCharges: true },
			{ customerTenantId: customer, userId: 'user-1', deviceId: 'dev-9-x', clientType: 'desktop', acceptCharges: false },
			{ customerTenantId: 'not-a-tenant-id', userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop', acceptCharges: false },
			{ customerTenantId: customer, userId: '', deviceId: 'dev-1-b', clientType: 'desktop', acceptCharges: false },
			{ customerTenantId: otherCustomer, userId: 'user-3', deviceId: 'dev-3-a', clientType: 'webrtc', acceptCharges: false },
			{ customerTenantId: '00000000-0000-4000-8000-000000000000', userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop', acceptCharges: false },
			{ customerTenantId: otherCustomer, userId: 'user-1', deviceId: 'dev-1-b', clientType: 'mobile', acceptCharges: false },
		];
		const workflowId = await softphoneWorkflow('Softphone rows, Continue On Fail (queue test)', rows);
		sandbox.data.tickets.length = 0;
		const firstRequest = sandbox.requests.length;
		// Each UC answer takes 2 s, so the 8 runs overlap: with 5 jobs at most per
		// worker, both workers must take some (and both must have the package).
		sandbox.setFaults([{ vendor: 'uc', kind: 'latency', ms: 2000 }]);
		const RUNS = 8;
		let executions: Execution[];
		try {
			const ids = await Promise.all(Array.from({ length: RUNS }, () => runManually(workflowId)));
			executions = await Promise.all(ids.map((id) => finished(id)));
		} finally {
			sandbox.setFaults([]);
		}
		// What the vendor accepted, per row (the same for every run).
		const assigns = sandbox.requests.slice(firstRequest).filter((request: { vendor: string; path: string }) => request.vendor === 'uc' && request.path.endsWith('/assign'));
		const acceptedPaths = new Set(assigns.filter((request: { status: number }) => request.status === 201).map((request: { path: string }) => request.path));
		const sentPaths = new Set(assigns.map((request: { path: string }) => request.path));
		const pathOf = (row: Row) => `/api/v1.0/customers/${encodeURIComponent(row.customerTenantId)}/users/${encodeURIComponent(row.userId)}/devices/pbx/${encodeURIComponent(row.deviceId)}/assign`;
		expect(acceptedPaths.size).toBeGreaterThan(0);
		expect(acceptedPaths.size).toBeLessThan(rows.length);

		for (const execution of executions) {
			expect(execution.status).toBe('success');
			const items = output(execution, 'Assign softphone');
			expect(items).toHaveLength(rows.length);
			items.forEach((item, index) => {
				const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
				expect({ index, paired: paired?.item }).toEqual({ index, paired: index });
				const accepted = acceptedPaths.has(pathOf(rows[index]));
				expect({ index, failed: item.json.error !== undefined }).toEqual({ index, failed: !accepted });
			});
			expect(startedBy(execution.id)).toHaveLength(1);
		}
		// Rows the node refused before sending (bad ids) never reached the vendor.
		expect(sentPaths.has(pathOf(rows[5]))).toBe(false);
		expect(sentPaths.has(pathOf(rows[6]))).toBe(false);
		// Every run reported every row, once.
		expect(sandbox.data.tickets).toHaveLength(RUNS * rows.length);
		const workersUsed = new Set(executions.flatMap((execution) => startedBy(execution.id)));
		expect([...workersUsed].sort()).toEqual(running.cluster.workers.map((worker: { name: string }) => worker.name).sort());
		timings.continueOnFail = Date.now() - started;
	});

	it('the Plantronics trigger polls on the main only and fires exactly once per device that becomes non-compliant', async () => {
		const started = Date.now();
		// The example trigger workflow, polling every 10 s instead of every minute (six "every minute" times).
		const example = local.exampleWorkflows(sandbox.url).find((workflow: Workflow) => workflow.id === 'TdNonCompliantTr') as Workflow;
		const pollTimes = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };
		const nodes = example.nodes.map((node) => (node.type.endsWith('.plantronicsInventoryTrigger') ? { ...node, parameters: { ...node.parameters, pollTimes } } : node));
		const created = await rest<{ id: string; versionId: string }>('POST', '/workflows', { name: 'Non-compliant headset ticket (10 s polls)', nodes, connections: example.connections, settings: example.settings });
		sandbox.data.tickets.length = 0;
		const polls = (name: string) => linesOf(name).filter((line) => line.includes('Poll trigger initiated for workflow "Non-compliant headset ticket (10 s polls)"')).length;
		const headsetTickets = () => sandbox.data.tickets.filter((ticket: { title: string }) => /^Headset /.test(ticket.title));

		// Activation polls once: the baseline, which fires nothing. n8n 2.41 activates
		// in the background after answering, so wait for it before changing anything.
		await rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
		await until('the activation poll', () => linesOf('main').some((line) => line.includes('Activated trigger node') && line.includes('(10 s polls)')));
		const compliant = sandbox.data.plantronics.list().filter((record: { device: { versionCompliant: boolean } }) => record.device.versionCompliant);
		const flipped: Array<{ device: { id: string; displayId: string } }> = [];
		try {
			for (const batch of [compliant.slice(0, 2), compliant.slice(2, 5)]) {
				for (const record of batch) sandbox.data.plantronics.setCompliant(record.device.id, false);
				flipped.push(...batch);
				await until(`${flipped.length} headset tickets`, () => headsetTickets().length >= flipped.length);
			}
			// Two more polls with nothing new: nothing more fires.
			const pollsSoFar = polls('main');
			await until('two more polls', () => polls('main') >= pollsSoFar + 2);
		} finally {
			await rest('POST', `/workflows/${created.id}/deactivate`, {});
		}
		const tickets = headsetTickets();
		expect(tickets).toHaveLength(flipped.length);
		for (const record of flipped) expect(tickets.filter((ticket: { title: string }) => ticket.title.includes(record.device.displayId))).toHaveLength(1);

		// One execution per poll that found something.
		await expectPolledOnMainOnly(created.id, 2, polls);
		timings.trigger = Date.now() - started;
	});

	it('the Genesys triggers of the device assignment sync poll on the main only and fire exactly once per device that moves to another agent', async () => {
		const started = Date.now();
		const name = 'Device assignment sync (queue test, 10 s polls)';
		const example = local.exampleWorkflows(sandbox.url).find((workflow: Workflow) => workflow.id === 'TdDeviceAssignSy') as Workflow;
		const pollTimes = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };
		const nodes = example.nodes.map((node) => (node.type.endsWith('.genesysDevicesTrigger') ? { ...node, parameters: { ...node.parameters, pollTimes } } : node));
		const created = await rest<{ id: string; versionId: string }>('POST', '/workflows', { name, nodes, connections: example.connections, settings: example.settings });
		sandbox.data.tickets.length = 0;
		const polls = (processName: string) => linesOf(processName).filter((line) => line.includes(`Poll trigger initiated for workflow "${name}"`)).length;
		const deviceTickets = () => (sandbox.data.tickets as Array<{ deviceKey?: string; updates?: number }>).filter((ticket) => ticket.deviceKey?.startsWith('genesys-device-'));
		const devices = [...sandbox.data.genesys.devices.values()].map((entry: { device: { id: string } }) => entry.device);

		await rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
		// The workflow's manual trigger is activated first: wait for the polling one.
		await until('the activation poll', () => linesOf('main').some((line) => line.includes('Activated trigger node "Device reassigned"') && line.includes(name)));
		const flipped: typeof devices = [];
		try {
			for (const batch of [devices.slice(0, 2), devices.slice(2, 5)]) {
				// To the third agent the example watches, who has no devices at the start.
				for (const device of batch) sandbox.data.genesys.assignDevice(device.id, sandbox.data.genesys.otherAgentId);
				flipped.push(...batch);
				await until(`${flipped.length} device tickets`, () => deviceTickets().length >= flipped.length);
			}
			const pollsSoFar = polls('main');
			await until('two more polls', () => polls('main') >= pollsSoFar + 2);
		} finally {
			await rest('POST', `/workflows/${created.id}/deactivate`, {});
		}
		// One ticket per changed device, never updated: each change fired once.
		expect(deviceTickets().map((ticket) => [ticket.deviceKey, ticket.updates ?? 0]).sort()).toEqual(flipped.map((device) => [`genesys-device-${device.id}`, 0]).sort());

		await expectPolledOnMainOnly(created.id, 2, polls);
		timings.genesysTrigger = Date.now() - started;
	});

	it('no secret in any log line of the main and the workers, nor in the executions stored in PostgreSQL', () => {
		const leaks: string[] = [];
		for (const secret of Object.values(SANDBOX_SECRETS)) {
			const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
			for (const entry of logs) if (forms.some((form) => entry.line.includes(form))) leaks.push(`${entry.name} log: ${secret}`);
			const stored = running.services.postgres.query(`select count(*) from execution_data where data like '%${secret}%' or "workflowData"::text like '%${secret}%'`);
			if (stored !== '0') leaks.push(`execution_data: ${secret}`);
		}
		expect(leaks).toEqual([]);
	});

	it('no warning that n8n processes share a host id, nor calls to n8n\'s own servers', () => {
		// Where the machine lets it (root on Linux), each process has its own host name (scripts/queue-mode.js).
		const root = process.platform === 'linux' && process.getuid?.() === 0;
		const noisy = logs.filter((entry) => /ENOTFOUND api\.n8n\.io/.test(entry.line) || (root && /sharing the same hostId/.test(entry.line)));
		expect(noisy.map((entry) => `[${entry.name}] ${entry.line}`)).toEqual([]);
	});

	it('a worker killed in the middle of a long run: n8n fails that execution without running it again, and reports no row as done', async () => {
		const started = Date.now();
		const rows: Row[] = sandbox.data.uc.customers.flatMap((customerTenantId: string) =>
			['user-1', 'user-2', 'user-3'].flatMap((userId) => ['a', 'b'].map((suffix) => ({ customerTenantId, userId, deviceId: `dev-${userId.slice(-1)}-${suffix}`, clientType: 'crm', acceptCharges: false }))),
		);
		// One row at a time, 1 s per answer: an 18 s run.
		const workflowId = await softphoneWorkflow('Softphone rows, long run (queue test)', rows, { concurrency: 1 });
		sandbox.data.tickets.length = 0;
		const firstRequest = sandbox.requests.length;
		const crmAssigns = () =>
			sandbox.requests.slice(firstRequest).filter((request: { path: string; body: string }) => request.path.endsWith('/assign') && request.body.includes('"crm"'));
		sandbox.setFaults([{ vendor: 'uc', kind: 'latency', ms: 1000 }]);
		let execution: Execution;
		let victim: { name: string; child: { pid: number } };
		try {
			const executionId = await runManually(workflowId);
			const [workerName] = await until('a worker to start the long run', () => (startedBy(executionId).length ? startedBy(executionId) : undefined));
			victim = running.cluster.workers.find((worker: { name: string }) => worker.name === workerName);
			await until('4 rows sent', () => crmAssigns().length >= 4);
			// What `docker kill` does to a worker's container: the worker and its task runner die at once.
			process.kill(-victim.child.pid, 'SIGKILL');
			execution = await finished(executionId, 150_000);
		} finally {
			sandbox.setFaults([]);
		}
		const sent = crmAssigns();
		const done = new Set(sent.filter((request: { status: number }) => request.status === 201).map((request: { path: string }) => request.path));
		// Observed: the execution ends as failed ("job stalled"), once; it is not handed to the other worker.
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toMatch(/failed to be processed too many times and will no longer retry/);
		expect(startedBy(execution.id)).toEqual([victim!.name]);
		// Some rows were done at the vendor before the kill, the rest never sent.
		expect(done.size).toBeGreaterThanOrEqual(4);
		expect(sent.length).toBeLessThan(rows.length);
		// Nothing reports a row as done that the vendor did not do: no output of the UC node, no ticket.
		const reported = output(execution, 'Assign softphone').filter((item) => item.json.error === undefined);
		expect(reported.length).toBeLessThanOrEqual(done.size);
		expect(sandbox.data.tickets).toHaveLength(0);
		timings.killedWorker = Date.now() - started;
		console.log(`killed worker: ${done.size} of ${rows.length} rows done at the vendor before the kill; nodes in the failed execution's record: ${JSON.stringify(Object.keys(execution.data?.resultData.runData ?? {}))}`);
	});
});
