/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { json, startScriptedServer } from '../fixtures/scriptedServer';

const local = require('../../scripts/n8n-local.js');

/**
 * The transport turns n8n's own redirect following off and follows
 * same-origin redirects of reads itself. Checked here in a real n8n: a read
 * redirected on the same server arrives, authenticated again by n8n; a
 * redirect to another host is refused and nothing reaches that host; a
 * redirected write is not sent again.
 */

const PLANTRONICS_CREDENTIAL = 'TdE2eRedirPltCrd';
const UC_CREDENTIAL = 'TdE2eRedirUcCred';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Other = Awaited<ReturnType<typeof startScriptedServer>>;
type Run = { code: number; stdout: string; stderr: string; run?: { data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } } };

describe('redirects in a real n8n', () => {
	let n8nBin: string;
	let userFolder: string;
	let env: NodeJS.ProcessEnv;
	let sandbox: Sandbox;
	let other: Other;
	const outputs: string[] = [];

	const workflow = (id: string, node: Record<string, unknown>) => ({
		id,
		name: id,
		nodes: [
			{ id: 'r1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'r2', name: 'Node', typeVersion: 1, position: [220, 0], ...node },
		],
		connections: { 'Run now': { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	});
	const inventory = {
		type: 'n8n-nodes-telephony-devices.plantronicsInventory',
		parameters: { resource: 'device', operation: 'getAll', returnAll: false, limit: 5 },
		credentials: { plantronicsManagerProApi: { id: PLANTRONICS_CREDENTIAL, name: 'Plantronics (redirects)' } },
	};

	beforeAll(async () => {
		n8nBin = local.installN8n();
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-redirects-'));
		local.installPackage(userFolder);
		sandbox = await startSandbox({ port: 0, size: 20 });
		other = await startScriptedServer((_request, response) => json(response, 200, { page: { number: 0, totalPages: 1 }, _embedded: { deviceInventoryList: [] } }));
		env = local.n8nEnv({ userFolder, brokerPort: await local.freePort() });
		await local.importIntoN8n(n8nBin, env, {
			credentials: [
				{ id: PLANTRONICS_CREDENTIAL, name: 'Plantronics (redirects)', type: 'plantronicsManagerProApi', data: sandbox.credentials.plantronics },
				{ id: UC_CREDENTIAL, name: 'UC (redirects)', type: 'ucSoftphoneApi', data: sandbox.credentials.uc },
			],
			workflows: [
				workflow('TdE2eRedirRead01', inventory),
				workflow('TdE2eRedirWrite1', {
					type: 'n8n-nodes-telephony-devices.ucSoftphoneDevice',
					parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: sandbox.data.uc.customers[0], userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' },
					credentials: { ucSoftphoneApi: { id: UC_CREDENTIAL, name: 'UC (redirects)' } },
				}),
			],
		});
	});

	afterAll(async () => {
		await sandbox?.close();
		await other?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	afterEach(() => sandbox.setFaults([]));

	async function execute(workflowId: string): Promise<Run> {
		sandbox.clearRequests();
		const result = await local.runN8n(n8nBin, ['execute', `--id=${workflowId}`, '--rawOutput'], env);
		outputs.push(result.stdout + result.stderr);
		return { ...result, run: local.parseRunOutput(result.stdout) };
	}

	const tenantPath = () => `/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices`;

	it('a read redirected on the same server is followed, and n8n authenticates the new request again', async () => {
		// A relative Location that keeps the query, as a server moving the list would send it.
		sandbox.setFaults([{ kind: 'redirect', status: 301, vendor: 'plantronics', times: 1, location: `${tenantPath()}?page=0&count=5&moved=1` }]);
		const result = await execute('TdE2eRedirRead01');
		const outcome = local.executionOutcome(result);
		expect({ outcome, output: outcome === 'success' ? '' : result.stdout + result.stderr }).toEqual({ outcome: 'success', output: '' });
		const items = result.run?.data.resultData.runData.Node[0].data?.main[0] ?? [];
		expect(items).toHaveLength(5);

		const seen = sandbox.requests.filter((request: { vendor: string }) => request.vendor === 'plantronics');
		expect(seen).toHaveLength(2);
		expect(seen[0].status).toBe(301);
		expect(seen[1].query).toMatchObject({ page: '0', count: '5', moved: '1', apikey: SANDBOX_SECRETS.plantronicsApiKey });
		expect(seen[1].headers.appid).toBe(sandbox.credentials.plantronics.appId);
	});

	it('a redirect to another host is not followed: nothing reaches it and the error names it', async () => {
		sandbox.setFaults([{ kind: 'redirect', status: 302, vendor: 'plantronics', location: `${other.url}${tenantPath()}?page=0&count=5` }]);
		const result = await execute('TdE2eRedirRead01');
		expect(local.executionOutcome(result)).toBe('failed');
		expect(result.stdout + result.stderr).toContain(`redirected the request to another host (${new URL(other.url).host}); it was not followed`);
		expect(other.seen).toEqual([]);
	});

	it('a redirected write is not sent again', async () => {
		sandbox.setFaults([{ kind: 'redirect', status: 307, vendor: 'uc', location: '/v1.0/elsewhere' }]);
		const result = await execute('TdE2eRedirWrite1');
		expect(local.executionOutcome(result)).toBe('failed');
		expect(result.stdout + result.stderr).toContain('redirected the write to /v1.0/elsewhere; it was not sent again');
		const seen = sandbox.requests.filter((request: { vendor: string }) => request.vendor === 'uc');
		expect(seen).toHaveLength(1);
		expect(seen[0].method).toBe('PUT');
	});

	it('no secret in any output', () => {
		for (const output of outputs) for (const secret of Object.values(SANDBOX_SECRETS)) expect(output).not.toContain(secret);
	});
});
