/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';

const local = require('../../scripts/n8n-local.js');

const repoRoot = path.resolve(__dirname, '..', '..');

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The README's first command: n8n with the package, the sandbox, credentials and examples; Ctrl-C stops it all. */
describe('the main job (scripts/start.sh)', () => {
	it('brings n8n up with the example workflows and credentials, and stops cleanly on Ctrl-C', async () => {
		const port = await local.freePort();
		const sandboxPort = await local.freePort();
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-start-'));
		const env: NodeJS.ProcessEnv = { ...process.env, N8N_LOCAL_USER_FOLDER: userFolder };
		delete env.NODE_ENV;
		const child = spawn('bash', ['scripts/start.sh', '--port', String(port), '--sandbox-port', String(sandboxPort)], {
			cwd: repoRoot,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			const deadline = Date.now() + 240_000;
			while (!/is ready/.test(output)) {
				if (Date.now() > deadline || child.exitCode !== null) throw new Error(`start.sh did not become ready:\n${output}`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			const base = `http://localhost:${port}`;
			expect((await fetch(`${base}/`)).status).toBe(200);

			const cookie: string = await local.ownerSessionCookie(base);
			const workflows = (await (await fetch(`${base}/rest/workflows`, { headers: { cookie } })).json()) as { data: Array<{ id: string }> };
			expect(workflows.data.map((workflow) => workflow.id).sort()).toEqual(['TdAiAgentTools1', 'TdDeviceAssignSy', 'TdFirmwareAlert1', 'TdInventoryExprt', 'TdNonCompliantTr', 'TdSoftphoneSync1']);
			const credentials = (await (await fetch(`${base}/rest/credentials`, { headers: { cookie } })).json()) as { data: Array<{ type: string }> };
			expect(credentials.data.map((credential) => credential.type).sort()).toEqual(['genesysWebServicesApi', 'kolmisoftApi', 'openAiApi', 'plantronicsManagerProApi', 'ucSoftphoneApi']);
			expect((await fetch(`http://127.0.0.1:${sandboxPort}/tickets`)).status).toBe(200);

			// The "Test" button of each credential, as n8n itself runs it.
			const vendors = await startSandbox({ size: 5 });
			try {
				const testInN8n = (type: string, data: object): Promise<{ status: string; message: string }> => local.testCredentialInN8n(base, cookie, type, data);
				const cases = [
					{ type: 'plantronicsManagerProApi', good: vendors.credentials.plantronics, secretField: 'apiKey', refused: /API key was rejected/ },
					{ type: 'ucSoftphoneApi', good: vendors.credentials.uc, secretField: 'accessToken', refused: /access token is missing, invalid or expired/ },
					{ type: 'kolmisoftApi', good: vendors.credentials.kolmisoft, secretField: 'apiSecretKey', refused: /API Secret Key is wrong/ },
					{ type: 'genesysWebServicesApi', good: vendors.credentials.genesys, secretField: 'password', refused: /username or password is wrong/ },
				];
				for (const { type, good, secretField, refused } of cases) {
					expect({ type, ...(await testInN8n(type, good)) }).toMatchObject({ type, status: 'OK' });
					const wrong = `${String((good as Record<string, unknown>)[secretField])}-wrong`;
					const outcome = await testInN8n(type, { ...good, [secretField]: wrong });
					expect({ type, ...outcome }).toEqual({ type, status: 'Error', message: expect.stringMatching(refused) });
					for (const secret of [wrong, ...Object.values(SANDBOX_SECRETS)]) expect(outcome.message).not.toContain(secret);
				}
			} finally {
				await vendors.close();
			}

			const n8nPid = Number(/n8n pid (\d+)/.exec(output)?.[1]);
			child.kill('SIGINT');
			expect(await exited).toBe(0);
			expect(isAlive(n8nPid)).toBe(false);
			await expect(fetch(`http://127.0.0.1:${sandboxPort}/tickets`)).rejects.toThrow();
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	});
});
