/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { EXAMPLE_CHECKS } from './exampleChecks';

const local = require('../../scripts/n8n-local.js');

/**
 * The built package inside each tested n8n (the pinned 2.41.1 and the last
 * 1.x line): example workflows run with `n8n execute` against a freshly
 * started sandbox, asserting on what they output and on what the sandbox
 * received.
 */

const WRONG_API_KEY = 'e2e-wrong-apikey-Qz81Lm7Rt';

interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function secretForms(secret: string): string[] {
	return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(`admin:${secret}`).toString('base64')];
}

function filesUnder(folder: string): string[] {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
		return [full];
	});
}

describe.each(local.TESTED_N8N_VERSIONS as string[])('the package in a real n8n %s', (version) => {
	let n8nBin: string;
	let userFolder: string;
	let env: NodeJS.ProcessEnv;
	let sandbox: Sandbox;
	const outputs: RunResult[] = [];

	async function execute(workflowId: string): Promise<RunResult & { run?: { data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>>; error?: { message: string } } } } }> {
		const result = (await local.runN8n(n8nBin, ['execute', `--id=${workflowId}`, '--rawOutput'], env)) as RunResult;
		outputs.push(result);
		return { ...result, run: local.parseRunOutput(result.stdout) };
	}

	function nodeOutput(run: Awaited<ReturnType<typeof execute>>['run'], node: string) {
		return run?.data.resultData.runData[node]?.[0]?.data?.main[0]?.map((item) => item.json) ?? [];
	}

	beforeAll(async () => {
		n8nBin = local.installN8n(version);
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-e2e-'));
		local.installPackage(userFolder);
		sandbox = await startSandbox({ port: 0, size: 60 });
		env = local.n8nEnv({ userFolder, brokerPort: await local.freePort(), version });
		const credentials = [
			...local.sandboxCredentials(sandbox),
			{ id: 'TdCredBadPlantr1', name: 'Plantronics with a wrong key', type: 'plantronicsManagerProApi', data: { ...sandbox.credentials.plantronics, apiKey: WRONG_API_KEY } },
		];
		const workflows = [...local.exampleWorkflows(sandbox.url), JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/wrong-secret.json'), 'utf8'))];
		await local.importIntoN8n(n8nBin, env, { credentials, workflows });
	});

	afterAll(async () => {
		await sandbox?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('loads every node of the package under the contract names', async () => {
		const file = path.join(userFolder, 'nodes-export.json');
		const result = (await local.runN8n(n8nBin, ['export:nodes', `--output=${file}`], env)) as RunResult;
		expect(result.code).toBe(0);
		const names = (JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ name: string; credentials?: Array<{ name: string }> }>)
			.filter((node) => node.name.startsWith('n8n-nodes-telephony-devices.'));
		expect(names.map((node) => node.name).sort()).toEqual(
			['genesysDevices', 'genesysDevicesTrigger', 'kolmisoftDevices', 'kolmisoftDevicesTrigger', 'plantronicsInventory', 'plantronicsInventoryTrigger', 'ucSoftphoneDevice']
				.flatMap((name) => [`n8n-nodes-telephony-devices.${name}`, ...(name.endsWith('Trigger') ? [] : [`n8n-nodes-telephony-devices.${name}Tool`])])
				.sort(),
		);
		const credentialNames = new Set(names.flatMap((node) => (node.credentials ?? []).map((credential) => credential.name)));
		expect([...credentialNames].sort()).toEqual(['genesysWebServicesApi', 'kolmisoftApi', 'plantronicsManagerProApi', 'ucSoftphoneApi', 'ucSoftphoneOAuth2Api']);
	});

	for (const check of EXAMPLE_CHECKS) {
		it(check.title, async () => {
			const prepared = check.prepare(sandbox);
			const result = await execute(check.workflowId);
			expect(local.executionOutcome(result)).toBe('success');
			check.verify(sandbox, (node) => nodeOutput(result.run, node), prepared);
		});
	}

	it('a wrong API key fails with the vendor error, and the key appears nowhere', async () => {
		const result = await execute('TdE2eWrongSecret');
		expect(local.executionOutcome(result)).toBe('failed');
		expect(result.stdout + result.stderr).toMatch(/Plantronics Manager Pro: Unauthorized/);
		const leaks: string[] = [];
		const secrets = [WRONG_API_KEY, ...Object.values(SANDBOX_SECRETS)];
		for (const output of outputs) {
			for (const secret of secrets) for (const form of secretForms(secret)) if ((output.stdout + output.stderr).includes(form)) leaks.push(`output: ${secret}`);
		}
		// The saved executions (sqlite and its write-ahead log) and every other file of the user folder.
		for (const file of filesUnder(path.join(userFolder, '.n8n'))) {
			const bytes = fs.readFileSync(file);
			for (const secret of secrets) for (const form of secretForms(secret)) if (bytes.includes(form)) leaks.push(`${path.basename(file)}: ${secret}`);
		}
		expect(leaks).toEqual([]);
	});
});
