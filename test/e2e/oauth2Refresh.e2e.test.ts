/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';

const local = require('../../scripts/n8n-local.js');

/**
 * An OAuth2 credential whose access token has expired, in each tested n8n
 * (2.41.1 and the last 1.x line, whose request helper refreshes differently):
 * the UC assign must refresh the token once through the credential's token
 * URL, repeat the assign once with the new token, and n8n must have saved the
 * new token in the credential.
 */

const CREDENTIAL_ID = 'TdE2eUcOAuth2Exp';
const SHARED_CREDENTIAL_ID = 'TdE2eUcOAuth2Ex3';
const WORKFLOW_ID = 'TdE2eOAuth2Refrs';
const SHARED_WORKFLOW_ID = 'TdE2eOAuth2Ref3x';
const REVOKED_CREDENTIAL_ID = 'TdE2eUcOAuth2Rev';
const REVOKED_WORKFLOW_ID = 'TdE2eOAuth2Revkd';
const DEVICES = ['dev-3-a', 'dev-3-b', 'dev-2-b'];

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
interface RecordedRequest {
	path: string;
	body: string;
	headers: Record<string, string>;
}

function assignWorkflow(id: string, name: string, credentialId: string, assign: Record<string, unknown>, before: Array<Record<string, unknown>> = []) {
	const chain = [{ id: 'o1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...before];
	const assignNode = {
		id: 'o9',
		name: 'Assign',
		type: 'n8n-nodes-telephony-devices.ucSoftphoneDevice',
		typeVersion: 1,
		position: [220 * chain.length, 0],
		parameters: { authentication: 'oAuth2', resource: 'device', operation: 'assign', ...assign },
		credentials: { ucSoftphoneOAuth2Api: { id: credentialId, name: `UC OAuth2 (expired token) ${credentialId}` } },
	};
	const nodes = [...chain, assignNode];
	const connections = Object.fromEntries(
		nodes.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] }]),
	);
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

describe.each(local.TESTED_N8N_VERSIONS as string[])('OAuth2 token refresh in a real n8n %s', (version) => {
	let n8nBin: string;
	let userFolder: string;
	let env: NodeJS.ProcessEnv;
	let sandbox: Sandbox;

	beforeAll(async () => {
		n8nBin = local.installN8n(version);
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-oauth2-'));
		local.installPackage(userFolder);
		sandbox = await startSandbox({ port: 0, size: 5 });
		env = local.n8nEnv({ userFolder, brokerPort: await local.freePort(), version });
		const [, customer, otherCustomer] = sandbox.data.uc.customers;
		const workflows = [
			assignWorkflow(WORKFLOW_ID, 'E2E: UC assign with an expired OAuth2 token', CREDENTIAL_ID, { customerTenantId: customer, userId: 'user-3', deviceId: 'dev-3-a', clientType: 'webrtc' }),
			// Three items assigned at once, all first refused with the expired token.
			assignWorkflow(
				SHARED_WORKFLOW_ID,
				'E2E: three UC assigns at once with an expired OAuth2 token',
				SHARED_CREDENTIAL_ID,
				{ customerTenantId: otherCustomer, userId: '={{ "user-" + $json.device.split("-")[1] }}', deviceId: '={{ $json.device }}', clientType: 'crm', options: { concurrency: 3 } },
				[
					{ id: 'o2', name: 'Devices', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ device: DEVICES }), options: {} } },
					{ id: 'o3', name: 'One per device', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [440, 0], parameters: { fieldToSplitOut: 'device', options: {} } },
				],
			),
			assignWorkflow(REVOKED_WORKFLOW_ID, 'E2E: UC assign with an expired OAuth2 token and a revoked refresh token', REVOKED_CREDENTIAL_ID, { customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-b', clientType: 'desktop' }),
		];
		const expired = sandbox.credentials.ucOAuth2Expired;
		const revoked = { ...expired, oauthTokenData: { ...expired.oauthTokenData, refresh_token: `${SANDBOX_SECRETS.ucOAuth2RefreshToken}-revoked` } };
		await local.importIntoN8n(n8nBin, env, {
			credentials: [
				...[CREDENTIAL_ID, SHARED_CREDENTIAL_ID].map((id) => ({ id, name: `UC OAuth2 (expired token) ${id}`, type: 'ucSoftphoneOAuth2Api', data: expired })),
				{ id: REVOKED_CREDENTIAL_ID, name: `UC OAuth2 (expired token) ${REVOKED_CREDENTIAL_ID}`, type: 'ucSoftphoneOAuth2Api', data: revoked },
			],
			workflows,
		});
	});

	afterAll(async () => {
		await sandbox?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	async function execute(workflowId: string, expected: 'success' | 'failed' = 'success') {
		sandbox.clearRequests();
		const result = await local.runN8n(n8nBin, ['execute', `--id=${workflowId}`, '--rawOutput'], env);
		const output = `${result.stdout}${result.stderr}`;
		const outcome = local.executionOutcome(result);
		expect({ outcome, output: outcome === expected ? '' : output }).toEqual({ outcome: expected, output: '' });
		for (const secret of Object.values(SANDBOX_SECRETS)) expect(output).not.toContain(secret);
		const requests = sandbox.requests as RecordedRequest[];
		return {
			output,
			tokenCalls: requests.filter((request) => request.path === '/connect/token'),
			assigns: requests.filter((request) => request.path.endsWith('/assign')),
		};
	}

	/** What n8n stored: the credential, decrypted by n8n's own export. */
	async function storedToken(credentialId: string): Promise<Record<string, unknown>> {
		const file = path.join(userFolder, 'credential-export.json');
		const exported = await local.runN8n(n8nBin, ['export:credentials', `--id=${credentialId}`, '--decrypted', `--output=${file}`], env);
		expect(exported.code).toBe(0);
		const [stored] = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ data: { oauthTokenData: Record<string, unknown> } }>;
		fs.rmSync(file);
		return stored.data.oauthTokenData;
	}

	it('refreshes the expired token once, repeats the assign once with the new one, and n8n saves it', async () => {
		const { tokenCalls, assigns } = await execute(WORKFLOW_ID);

		const customer = sandbox.data.uc.customers[1];
		expect(sandbox.data.uc.assignments.get(`${customer}/user-3/dev-3-a`)).toBe('webrtc');
		expect(tokenCalls).toHaveLength(1);
		expect(new URLSearchParams(tokenCalls[0].body).get('grant_type')).toBe('refresh_token');
		expect(assigns.map((request) => request.headers.authorization)).toEqual([
			`Bearer ${SANDBOX_SECRETS.ucOAuth2ExpiredToken}`,
			`Bearer ${SANDBOX_SECRETS.ucOAuth2RefreshedToken}`,
		]);

		const stored = await storedToken(CREDENTIAL_ID);
		expect(stored.access_token).toBe(SANDBOX_SECRETS.ucOAuth2RefreshedToken);
		expect(stored.refresh_token).not.toBe(SANDBOX_SECRETS.ucOAuth2RefreshToken);
	});

	it('three items refused at once with the expired token share one refresh, each assign repeated once', async () => {
		const { tokenCalls, assigns } = await execute(SHARED_WORKFLOW_ID);

		const customer = sandbox.data.uc.customers[2];
		for (const device of DEVICES) expect(sandbox.data.uc.assignments.get(`${customer}/user-${device.split('-')[1]}/${device}`)).toBe('crm');
		expect(tokenCalls).toHaveLength(1);
		for (const device of DEVICES) {
			const sent = assigns.filter((request) => request.path.includes(`/${device}/`)).map((request) => request.headers.authorization);
			expect(sent.filter((authorization) => authorization === `Bearer ${SANDBOX_SECRETS.ucOAuth2RefreshedToken}`)).toHaveLength(1);
			expect(sent.length).toBeLessThanOrEqual(2);
		}
		expect((await storedToken(SHARED_CREDENTIAL_ID)).access_token).toBe(SANDBOX_SECRETS.ucOAuth2RefreshedToken);
	});

	it('a refresh the token URL refuses fails asking to reconnect the credential, with one token request and the assign not repeated', async () => {
		const { output, tokenCalls, assigns } = await execute(REVOKED_WORKFLOW_ID, 'failed');

		expect(output).toMatch(/reconnect/i);
		expect(tokenCalls).toHaveLength(1);
		expect(assigns).toHaveLength(1);
		expect(sandbox.data.uc.assignments.has(`${sandbox.data.uc.customers[1]}/user-1/dev-1-b`)).toBe(false);
	});
});
