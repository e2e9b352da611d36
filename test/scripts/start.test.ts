/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const local = require('../../scripts/n8n-local.js');

/**
 * What scripts/start.sh does before it installs anything, and its readiness
 * wait: a taken port fails at once naming the port and the option to change
 * it; a listener that never answers does not hold the wait past its deadline;
 * the progress line of a long step stops when the step ends.
 */

const root = path.resolve(__dirname, '../..');

/** A server on a free loopback port that accepts connections and never answers. */
async function silentListener(): Promise<{ port: number; close: () => Promise<void> }> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => sockets.add(socket));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		port,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
	return { status: result.status, output: `${result.stdout}${result.stderr}`, ms: Date.now() - started };
}

/**
 * start.sh in a process group of its own, killed whole after 20 s: should the check ever let a
 * taken port through, the test fails without leaving an install or an n8n behind (npm in dry-run).
 */
function runStartSh(args: string[]): Promise<{ status: number | null; output: string; ms: number }> {
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn('bash', ['scripts/start.sh', ...args], { cwd: root, detached: true, env: { ...process.env, npm_config_dry_run: 'true' } });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
		child.on('close', (status) => {
			clearTimeout(timer);
			resolve({ status, output, ms: Date.now() - started });
		});
	});
}

describe('start.sh: ports and readiness', () => {
	let taken: Awaited<ReturnType<typeof silentListener>>;
	let free: number;

	beforeAll(async () => {
		taken = await silentListener();
		free = await local.freePort();
	});
	afterAll(() => taken.close());

	it('the port check names a taken n8n port and the option to change it, and passes free ports', () => {
		const refused = run(process.execPath, ['scripts/start.js', '--check-ports', '--port', String(taken.port), '--sandbox-port', String(free)]);
		expect(refused.status).toBe(1);
		expect(refused.output).toContain(`port ${taken.port} (n8n's editor) is already in use`);
		expect(refused.output).toContain('--port <port>');
		expect(refused.output).not.toContain(`port ${free}`);

		const passed = run(process.execPath, ['scripts/start.js', '--check-ports', '--port', String(free), '--sandbox-port', String(free)]);
		expect(passed).toMatchObject({ status: 0, output: '' });
	});

	it('the port check names a taken sandbox port and --sandbox-port', () => {
		const refused = run(process.execPath, ['scripts/start.js', '--check-ports', '--port', String(free), '--sandbox-port', String(taken.port)]);
		expect(refused.status).toBe(1);
		expect(refused.output).toContain(`port ${taken.port} (the vendor sandbox) is already in use`);
		expect(refused.output).toContain('--sandbox-port <port>');
	});

	it('start.sh on a taken port stops at once, before installing or building anything', async () => {
		const result = await runStartSh(['--port', String(taken.port), '--sandbox-port', String(free)]);
		expect(result.status).toBe(1);
		expect(result.output).toContain(`port ${taken.port} (n8n's editor) is already in use`);
		expect(result.output).not.toMatch(/installing|building|n8n:/);
		expect(result.ms).toBeLessThan(15_000);
	});

	it('the readiness wait gives up on a listener that never answers, at its deadline', async () => {
		const started = Date.now();
		await expect(local.waitForHttp(`http://127.0.0.1:${taken.port}/healthz/readiness`, { name: 'n8n', timeoutMs: 2000 })).rejects.toThrow('n8n did not answer');
		expect(Date.now() - started).toBeLessThan(4000);
	});
});

describe('progress lines of long steps', () => {
	it('print while the step runs and stop when it ends', () => {
		const script = 'exec 2>&1; source scripts/progress.sh; progress_start "[test]" "doing the step"; sleep 2.5; progress_stop; echo "step done"; sleep 2.5';
		const { status, output } = run('bash', ['-c', script], { PROGRESS_EVERY_S: '1' });
		expect(status).toBe(0);
		const lines = output.trim().split('\n');
		expect(lines.filter((line) => line.startsWith('[test] still doing the step: ')).length).toBeGreaterThanOrEqual(1);
		// Nothing after the step ended.
		expect(lines[lines.length - 1]).toBe('step done');
	});
});
