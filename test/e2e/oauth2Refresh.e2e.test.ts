import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const local = require('../../scripts/n8n-local.js');

/**
 * An OAuth2 credential whose access token has expired, in a real n8n: the UC
 * assign must refresh the token once through the credential's token URL,
 * repeat the assign once with the new token, and n8n must have saved the
 * new token in the credential.
 */

const CREDENTIAL_ID = 'TdE2eUcOAuth2Exp';
const WORKFLOW_ID = 'TdE2eOAuth2Refrs';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('OAuth2 token refresh in a real n8n', () => {
	let n8nBin: string;
	let userFolder: string;
	let env: NodeJS.ProcessEnv;
	let sandbox: Sandbox;

	beforeAll(async () => {
		n8nBin = local.installN8n();
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-oauth2-'));
		local.installPackage(userFolder);
		sandbox = await startSandbox({ port: 0, size: 5 });
		env = local.n8nEnv({ userFolder, brokerPort: await local.freePort() });
		const workflow = {
			id: WORKFLOW_ID,
			name: 'E2E: UC assign with an expired OAuth2 token',
			nodes: [
				{ id: 'o1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'o2',
					name: 'Assign',
					type: 'n8n-nodes-telephony-devices.ucSoftphoneDevice',
					typeVersion: 1,
					position: [220, 0],
					parameters: { authentication: 'oAuth2', resource: 'device', operation: 'assign', customerTenantId: sandbox.data.uc.customers[1], userId: 'user-3', deviceId: 'dev-3-a', clientType: 'webrtc' },
					credentials: { ucSoftphoneOAuth2Api: { id: CREDENTIAL_ID, name: 'UC OAuth2 (expired token)' } },
				},
			],
			connections: { 'Run now': { main: [[{ node: 'Assign', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		};
		await local.importIntoN8n(n8nBin, env, {
			credentials: [{ id: CREDENTIAL_ID, name: 'UC OAuth2 (expired token)', type: 'ucSoftphoneOAuth2Api', data: sandbox.credentials.ucOAuth2Expired }],
			workflows: [workflow],
		});
	});

	afterAll(async () => {
		await sandbox?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('refreshes the expired token once, repeats the assign once with the new one, and n8n saves it', async () => {
		sandbox.clearRequests();
		const result = await local.runN8n(n8nBin, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], env);
		const output = `${result.stdout}${result.stderr}`;
		const outcome = local.executionOutcome(result);
		expect({ outcome, output: outcome === 'success' ? '' : output }).toEqual({ outcome: 'success', output: '' });

		const customer = sandbox.data.uc.customers[1];
		expect(sandbox.data.uc.assignments.get(`${customer}/user-3/dev-3-a`)).toBe('webrtc');
		const tokenCalls = sandbox.requests.filter((request: { path: string }) => request.path === '/connect/token');
		expect(tokenCalls).toHaveLength(1);
		expect(new URLSearchParams(tokenCalls[0].body).get('grant_type')).toBe('refresh_token');
		const assigns = sandbox.requests.filter((request: { path: string }) => request.path.endsWith('/assign'));
		expect(assigns.map((request: { headers: Record<string, string> }) => request.headers.authorization)).toEqual([
			`Bearer ${SANDBOX_SECRETS.ucOAuth2ExpiredToken}`,
			`Bearer ${SANDBOX_SECRETS.ucOAuth2RefreshedToken}`,
		]);
		for (const secret of Object.values(SANDBOX_SECRETS)) expect(output).not.toContain(secret);

		// What n8n stored: the credential, decrypted by n8n's own export.
		const file = path.join(userFolder, 'credential-export.json');
		const exported = await local.runN8n(n8nBin, ['export:credentials', `--id=${CREDENTIAL_ID}`, '--decrypted', `--output=${file}`], env);
		expect(exported.code).toBe(0);
		const [stored] = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ data: { oauthTokenData: Record<string, unknown> } }>;
		fs.rmSync(file);
		expect(stored.data.oauthTokenData.access_token).toBe(SANDBOX_SECRETS.ucOAuth2RefreshedToken);
		expect(stored.data.oauthTokenData.refresh_token).not.toBe(SANDBOX_SECRETS.ucOAuth2RefreshToken);
	});
});
