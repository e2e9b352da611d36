/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSandbox } from '../../sandbox';

const local = require('../../scripts/n8n-local.js');

/**
 * The tarballs `npm run pack:vendors` wrote to build/packages/, each installed
 * with the README's install command (the `npm install … /path/to/….tgz` line
 * of "Installing in n8n", read from the README, run in
 * `<user folder>/.n8n/nodes`), in a fresh user folder of the pinned n8n: npm
 * adds the package alone (no peer, no n8n package), n8n loads exactly that
 * package's nodes and credential types, runs a workflow of that vendor against
 * the sandbox, and the credential's Test passes. Then the all-in-one and a
 * per-vendor package together (two installs in one folder), which share
 * credential type names, and the README's remove command.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Item = Record<string, unknown>;

interface RunResult {
	code: number;
	signal: string | null;
	stdout: string;
	stderr: string;
}

interface VendorCase {
	name: string;
	nodes: string[];
	credentials: string[];
	/** The workflow's node: type, parameters and the credential it uses (key of sandbox.credentials). */
	run: { type: string; credentialType: string; sandboxKey: string; parameters: (sandbox: Sandbox) => Item };
	/** Checks the node's output and what the sandbox received. */
	verify: (sandbox: Sandbox, output: Item[]) => void;
}

const ALL_IN_ONE = 'n8n-nodes-telephony-devices';
const CONTRACT_CREDENTIALS: string[] = ['genesysWebServicesApi', 'kolmisoftApi', 'plantronicsManagerProApi', 'ucSoftphoneApi', 'ucSoftphoneOAuth2Api'];

const VENDORS: VendorCase[] = [
	{
		name: 'n8n-nodes-plantronics-manager-pro',
		nodes: ['plantronicsInventory', 'plantronicsInventoryTrigger'],
		credentials: ['plantronicsManagerProApi'],
		run: {
			type: 'plantronicsInventory',
			credentialType: 'plantronicsManagerProApi',
			sandboxKey: 'plantronics',
			parameters: () => ({ resource: 'device', operation: 'getAll', returnAll: false, limit: 3, simplify: true }),
		},
		verify(sandbox, output) {
			const expected = sandbox.data.plantronics.list().slice(0, 3).map((record: { device: { displayId: string } }) => record.device.displayId);
			expect(output).toHaveLength(3);
			for (const displayId of expected) expect(JSON.stringify(output)).toContain(displayId);
			expect(sandbox.requests.some((request: { path: string }) => request.path.startsWith('/reports/assets/tenant/'))).toBe(true);
		},
	},
	{
		name: 'n8n-nodes-uc-softphone',
		nodes: ['ucSoftphoneDevice'],
		credentials: ['ucSoftphoneApi', 'ucSoftphoneOAuth2Api'],
		run: {
			type: 'ucSoftphoneDevice',
			credentialType: 'ucSoftphoneApi',
			sandboxKey: 'uc',
			parameters: (sandbox) => ({ authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: sandbox.data.uc.customers[0], userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' }),
		},
		verify(sandbox, output) {
			const customer = sandbox.data.uc.customers[0];
			expect(sandbox.data.uc.assignments.get(`${customer}/user-1/dev-1-a`)).toBe('desktop');
			expect(output).toEqual([expect.objectContaining({ operation: 'assign', deviceId: 'dev-1-a', clientType: 'desktop', acceptChargesHeaderSent: false })]);
		},
	},
	{
		name: 'n8n-nodes-kolmisoft',
		nodes: ['kolmisoftDevices', 'kolmisoftDevicesTrigger'],
		credentials: ['kolmisoftApi'],
		run: {
			type: 'kolmisoftDevices',
			credentialType: 'kolmisoftApi',
			sandboxKey: 'kolmisoft',
			parameters: () => ({ resource: 'device', operation: 'getAll', userId: '101', returnAll: true }),
		},
		verify(sandbox, output) {
			const expected = [...sandbox.data.kolmisoft.devices.values()].filter((device: { user_id: string }) => device.user_id === '101').map((device: { device_id: string }) => device.device_id);
			expect(expected.length).toBeGreaterThan(0);
			expect(output.map((item) => String(item.device_id)).sort()).toEqual([...expected].map(String).sort());
			expect(sandbox.requests.some((request: { path: string }) => request.path === '/billing/api/devices_get')).toBe(true);
		},
	},
	{
		name: 'n8n-nodes-genesys-gws',
		nodes: ['genesysDevices', 'genesysDevicesTrigger'],
		credentials: ['genesysWebServicesApi'],
		run: {
			type: 'genesysDevices',
			credentialType: 'genesysWebServicesApi',
			sandboxKey: 'genesys',
			parameters: () => ({ resource: 'device', operation: 'getAll', scope: 'all', fields: '*', returnAll: false, limit: 3 }),
		},
		verify(sandbox, output) {
			const expected = [...sandbox.data.genesys.devices.values()].slice(0, 3).map((entry: { device: { id: string } }) => entry.device.id);
			expect(output.map((item) => item.id)).toEqual(expected);
			expect(sandbox.requests.some((request: { path: string }) => request.path === '/api/v2/devices')).toBe(true);
		},
	},
];

const packagesDir = path.join(local.repoRoot, 'build', 'packages');

/** Each test starts n8n's CLI four times and its server once: minutes on a busy machine. */
const TEST_TIMEOUT_MS = 900_000;

const sandboxCredential = (sandbox: Sandbox, key: string): object => (sandbox.credentials as Record<string, object>)[key];

/** How long each step took, printed at the end (the machine is shared: slow steps show here). */
const timings: string[] = [];
async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await step();
	} finally {
		timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
	}
}

function tarballOf(name: string): string {
	const file = fs.readdirSync(packagesDir).find((entry) => entry.startsWith(`${name}-`) && /^\d/.test(entry.slice(name.length + 1)) && entry.endsWith('.tgz'));
	if (!file) throw new Error(`no tarball of ${name} in build/packages: run npm run pack:vendors first`);
	return path.join(packagesDir, file);
}

/** The README's commands, in the shell block of "Installing in n8n": `npm install|uninstall <flags> <tarball|name>`. */
function readmeCommand(verb: 'install' | 'uninstall'): string[] {
	const readme = fs.readFileSync(path.join(local.repoRoot, 'README.md'), 'utf8');
	const pattern = verb === 'install' ? /^npm install ((?:--\S+ )+)\/path\/to\/\S+\.tgz/m : /^\s*npm uninstall ((?:--\S+ )+)n8n-nodes-\S+/m;
	const match = pattern.exec(readme);
	if (!match) throw new Error(`README.md has no "npm ${verb} <flags> …" line in its install section`);
	return [verb, ...match[1].trim().split(' ')];
}

function npm(args: string[], cwd: string): string {
	return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs the README's install command on each tarball in <user folder>/.n8n/nodes; npm must add each package alone. */
function installTarballs(userFolder: string, names: string[]): void {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	for (const name of names) {
		const printed = npm([...readmeCommand('install'), tarballOf(name)], nodesDir);
		expect(printed).toMatch(/added 1 package\b/);
	}
	// Only the packages: npm installed neither the peer n8n-workflow nor anything of n8n's.
	expect(fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((entry) => !entry.startsWith('.')).sort()).toEqual([...names].sort());
	expect(Object.keys(JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')).dependencies).sort()).toEqual([...names].sort());
}

/** One manual trigger followed by the given nodes, side by side. */
function workflowWith(id: string, nodes: Array<{ name: string; type: string; parameters: Item; credentialType: string }>) {
	const credential = (type: string) => local.CREDENTIALS.find((entry: { type: string }) => entry.type === type);
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'f0000000-0000-4000-8000-000000000000', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...nodes.map((node, index) => ({
				id: `f0000000-0000-4000-8000-00000000000${index + 1}`,
				name: node.name,
				type: node.type,
				typeVersion: 1,
				position: [300, index * 200],
				parameters: node.parameters,
				credentials: { [node.credentialType]: { id: credential(node.credentialType).id, name: credential(node.credentialType).name } },
			})),
		],
		connections: { 'Run now': { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
	};
}

/** A fresh user folder with the packages, one credential and one workflow imported. */
async function prepareUserFolder(n8nBin: string, sandbox: Sandbox, packages: string[], credentialKeys: Array<{ sandboxKey: string; type: string }>, workflow: object) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-vendor-'));
	installTarballs(userFolder, packages);
	const env = local.n8nEnv({ userFolder, brokerPort: await local.freePort() });
	const credentials = credentialKeys.map(({ sandboxKey, type }) => {
		const { id, name } = local.CREDENTIALS.find((entry: { type: string }) => entry.type === type);
		return { id, name, type, data: { ...sandboxCredential(sandbox, sandboxKey) } };
	});
	await local.importIntoN8n(n8nBin, env, { credentials, workflows: [workflow] });
	return { userFolder, env };
}

/** The node types n8n loaded from community packages (`export:nodes`). */
async function communityNodeTypes(n8nBin: string, userFolder: string, env: NodeJS.ProcessEnv): Promise<string[]> {
	const file = path.join(userFolder, 'nodes-export.json');
	const result = (await local.runN8n(n8nBin, ['export:nodes', `--output=${file}`], env)) as RunResult;
	expect(result.code).toBe(0);
	return (JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ name: string }>)
		.map((node) => node.name)
		.filter((name) => name.startsWith('n8n-nodes-') && !name.startsWith('n8n-nodes-base.'))
		.sort();
}

/** The names n8n gives a package's nodes: every action node also as an AI tool (`…Tool`). */
function expectedTypes(packageName: string, nodes: string[]): string[] {
	return nodes.flatMap((node) => [`${packageName}.${node}`, ...(node.endsWith('Trigger') ? [] : [`${packageName}.${node}Tool`])]);
}

async function execute(n8nBin: string, env: NodeJS.ProcessEnv, workflowId: string) {
	const result = (await local.runN8n(n8nBin, ['execute', `--id=${workflowId}`, '--rawOutput'], env)) as RunResult;
	const run = local.parseRunOutput(result.stdout) as { data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Item }>> } }>> } } } | undefined;
	const output = (node: string) => run?.data.resultData.runData[node]?.[0]?.data?.main[0]?.map((item) => item.json) ?? [];
	return { outcome: local.executionOutcome(result) as string, output, text: result.stdout + result.stderr };
}

/** n8n's main process on free ports, logged in as the owner: its credential types and the credential Test. */
async function startN8n(n8nBin: string, userFolder: string) {
	const port = await local.freePort();
	const env = local.n8nEnv({ userFolder, port, brokerPort: await local.freePort(), n8nBin });
	const child: ChildProcess = spawn(n8nBin, ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let log = '';
	child.stdout?.on('data', (chunk) => (log += chunk));
	child.stderr?.on('data', (chunk) => (log += chunk));
	const base = `http://127.0.0.1:${port}`;
	let cookie: string;
	try {
		await local.waitForHttp(`${base}/healthz/readiness`, { child, name: 'n8n', timeoutMs: 240_000 });
		cookie = await local.ownerSessionCookie(base);
	} catch (error) {
		await local.stopProcessGroup(child);
		throw new Error(`${(error as Error).message}\n${log.slice(-3000)}`);
	}
	return {
		/** The contract's credential types n8n offers, one entry per type it registered. */
		async contractCredentialTypes(): Promise<string[]> {
			const types = (await (await fetch(`${base}/types/credentials.json`, { headers: { cookie } })).json()) as Array<{ name: string }>;
			return types.map((type) => type.name).filter((name) => CONTRACT_CREDENTIALS.includes(name)).sort();
		},
		testCredential: (type: string, data: object): Promise<{ status: string; message: string }> => local.testCredentialInN8n(base, cookie, type, data),
		/** What Settings > Community Nodes lists (the packages n8n installed itself). */
		async settingsCommunityPackages(): Promise<string[]> {
			const body = (await (await fetch(`${base}/rest/community-packages`, { headers: { cookie } })).json()) as { data: Array<{ packageName: string }> };
			return body.data.map((entry) => entry.packageName);
		},
		stop: () => local.stopProcessGroup(child),
	};
}

describe('each per-vendor package installed alone in n8n', () => {
	let n8nBin: string;
	let sandbox: Sandbox;
	const userFolders: string[] = [];

	beforeAll(async () => {
		n8nBin = local.installN8n();
		sandbox = await startSandbox({ port: 0, size: 20 });
	});

	afterAll(async () => {
		console.log(timings.join('\n'));
		await sandbox?.close();
		for (const folder of userFolders) fs.rmSync(folder, { recursive: true, force: true });
	});

	for (const vendor of VENDORS) {
		it(`${vendor.name}: loads only its nodes and credentials, runs its workflow against the sandbox, its credential test passes`, async () => {
			const nodeName = 'Vendor node';
			const workflow = workflowWith('TdVendorPackage1', [{ name: nodeName, type: `${vendor.name}.${vendor.run.type}`, parameters: vendor.run.parameters(sandbox), credentialType: vendor.run.credentialType }]);
			const { userFolder, env } = await timed(`${vendor.name} import`, () => prepareUserFolder(n8nBin, sandbox, [vendor.name], [{ sandboxKey: vendor.run.sandboxKey, type: vendor.run.credentialType }], workflow));
			userFolders.push(userFolder);

			expect(await timed(`${vendor.name} export:nodes`, () => communityNodeTypes(n8nBin, userFolder, env))).toEqual(expectedTypes(vendor.name, vendor.nodes).sort());

			sandbox.clearRequests();
			const run = await timed(`${vendor.name} execute`, () => execute(n8nBin, env, 'TdVendorPackage1'));
			expect({ outcome: run.outcome, text: run.outcome === 'success' ? '' : run.text.slice(-2000) }).toEqual({ outcome: 'success', text: '' });
			vendor.verify(sandbox, run.output(nodeName));

			const n8n = await timed(`${vendor.name} start`, () => startN8n(n8nBin, userFolder));
			try {
				expect(await n8n.contractCredentialTypes()).toEqual([...vendor.credentials].sort());
				sandbox.clearRequests();
				expect(await n8n.testCredential(vendor.run.credentialType, sandboxCredential(sandbox, vendor.run.sandboxKey))).toMatchObject({ status: 'OK' });
				expect(sandbox.requests.length).toBeGreaterThan(0);
			} finally {
				await n8n.stop();
			}
		}, TEST_TIMEOUT_MS);
	}
});

describe('the all-in-one and a per-vendor package installed together', () => {
	let n8nBin: string;
	let sandbox: Sandbox;
	let userFolder: string | undefined;

	beforeAll(async () => {
		n8nBin = local.installN8n();
		sandbox = await startSandbox({ port: 0, size: 20 });
	});

	afterAll(async () => {
		await sandbox?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('n8n loads the nodes of both, lists the shared credential type twice, both packages\' nodes run with one credential, Settings lists neither, the README\'s remove command takes one out', async () => {
		const vendor = VENDORS[0];
		const nodes = [ALL_IN_ONE, vendor.name].map((packageName) => ({ name: packageName, type: `${packageName}.${vendor.run.type}`, parameters: vendor.run.parameters(sandbox), credentialType: vendor.run.credentialType }));
		const prepared = await timed('both import', () => prepareUserFolder(n8nBin, sandbox, [ALL_IN_ONE, vendor.name], [{ sandboxKey: vendor.run.sandboxKey, type: vendor.run.credentialType }], workflowWith('TdBothPackages01', nodes)));
		userFolder = prepared.userFolder;

		const loaded = await timed('both export:nodes', () => communityNodeTypes(n8nBin, prepared.userFolder, prepared.env));
		expect(loaded).toEqual(
			[...expectedTypes(ALL_IN_ONE, ['genesysDevices', 'genesysDevicesTrigger', 'kolmisoftDevices', 'kolmisoftDevicesTrigger', 'plantronicsInventory', 'plantronicsInventoryTrigger', 'ucSoftphoneDevice']), ...expectedTypes(vendor.name, vendor.nodes)].sort(),
		);

		const run = await timed('both execute', () => execute(n8nBin, prepared.env, 'TdBothPackages01'));
		expect({ outcome: run.outcome, text: run.outcome === 'success' ? '' : run.text.slice(-2000) }).toEqual({ outcome: 'success', text: '' });
		for (const node of nodes) vendor.verify(sandbox, run.output(node.name));

		const n8n = await timed('both start', () => startN8n(n8nBin, prepared.userFolder));
		try {
			// Both packages register the credential type under the same name: the editor's list has it twice.
			expect(await n8n.contractCredentialTypes()).toEqual([...CONTRACT_CREDENTIALS, ...vendor.credentials].sort());
			expect(await n8n.testCredential(vendor.run.credentialType, sandboxCredential(sandbox, vendor.run.sandboxKey))).toMatchObject({ status: 'OK' });
			// Installed by npm, not by n8n: loaded, but not in Settings > Community Nodes (the README says so).
			expect(await n8n.settingsCommunityPackages()).toEqual([]);
		} finally {
			await n8n.stop();
		}

		// The README's remove command takes the per-vendor package out and leaves the all-in-one.
		const nodesDir = path.join(prepared.userFolder, '.n8n', 'nodes');
		npm([...readmeCommand('uninstall'), vendor.name], nodesDir);
		expect(fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((entry) => !entry.startsWith('.'))).toEqual([ALL_IN_ONE]);
		expect(Object.keys(JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')).dependencies)).toEqual([ALL_IN_ONE]);
	}, TEST_TIMEOUT_MS);
});
