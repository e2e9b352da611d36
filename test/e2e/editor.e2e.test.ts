/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';

const local = require('../../scripts/n8n-local.js');

/**
 * What a user sees in the n8n editor, in a real browser (Chromium driven by
 * playwright-core) against the main job (scripts/start.sh on free ports):
 * for each node, its panel executes and shows the vendor's data, every
 * operation shows its own fields and none of the others', and the
 * credential's Test tells a right secret from a wrong one in words.
 *
 * A screenshot of each node's panel and of each example workflow goes to
 * .tooling/screenshots/, or to examples/screenshots/ (the README's) with
 * UPDATE_SCREENSHOTS=1 (`npm run screenshots`). Next to the committed ones,
 * examples/screenshots/shown.json lists what each shows that can go stale (the
 * output fields of a panel, the nodes and subtitles of a workflow); every run
 * compares it with what the editor shows now, so a stale screenshot fails the
 * test command. With N8N_EDITOR_URL=http://localhost:5678 it uses a main job
 * that is already running.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const updatingScreenshots = process.env.UPDATE_SCREENSHOTS === '1';
const committedScreenshotDir = path.join(repoRoot, 'examples', 'screenshots');
const screenshotDir = updatingScreenshots ? committedScreenshotDir : path.join(repoRoot, '.tooling', 'screenshots');
const shownFile = path.join(committedScreenshotDir, 'shown.json');

/**
 * Records what a screenshot shows (UPDATE_SCREENSHOTS=1), or checks that the
 * committed screenshot of that name still shows it.
 */
function checkScreenshotShows(file: string, shows: string[]): void {
	const committed = fs.existsSync(shownFile) ? (JSON.parse(fs.readFileSync(shownFile, 'utf8')) as Record<string, string[]>) : {};
	if (updatingScreenshots) {
		const sorted = Object.fromEntries(Object.entries({ ...committed, [file]: shows }).sort(([a], [b]) => a.localeCompare(b)));
		fs.writeFileSync(shownFile, `${JSON.stringify(sorted, null, '\t')}\n`);
		return;
	}
	if (JSON.stringify(committed[file]) !== JSON.stringify(shows)) {
		throw new Error(
			`examples/screenshots/${file} is stale: it shows ${JSON.stringify(committed[file] ?? 'nothing recorded')}, ` +
				`the editor now shows ${JSON.stringify(shows)}. Run \`npm run screenshots\` and commit examples/screenshots/.`,
		);
	}
}

/** The field names in the text of the output's JSON view, in order of first appearance. */
function jsonKeys(text: string): string[] {
	return [...new Set([...text.matchAll(/"([^"\n]+)":/g)].map((match) => match[1]))];
}

/** The sandbox runs on a free port in tests; the README's screenshots show start.sh's default one. */
function withDefaultSandboxPort(text: string): string {
	return text.replace(/127\.0\.0\.1:\d+/g, new URL(local.EXAMPLE_SANDBOX_URL).host);
}

/**
 * The key fields of every operation: the labels the panel must show, and
 * labels of other operations it must not show. Update this table when an
 * operation gains or loses a field.
 */
const OPERATIONS: Record<string, Record<string, { shows: string[]; hides: string[] }>> = {
	'Plantronics Inventory': {
		'Get Many': { shows: ['Return All', 'Limit'], hides: ['Username', 'User Groups'] },
		'Get Many by User': { shows: ['Username', 'Return All', 'Limit'], hides: ['User Groups'] },
		'Get Many by User Group': { shows: ['User Groups', 'Return All', 'Limit'], hides: ['Username'] },
	},
	'UC Softphone Device': {
		Assign: { shows: ['Customer Tenant ID', 'User ID', 'Device ID', 'Client Type'], hides: [] },
		Unassign: { shows: ['Customer Tenant ID', 'User ID', 'Device ID'], hides: ['Client Type'] },
	},
	'Kolmisoft Devices': {
		Create: { shows: ['User ID', 'Type'], hides: ['Device ID', 'Return All', 'Limit'] },
		Delete: { shows: ['Device ID'], hides: ['User ID', 'Type', 'Return All'] },
		Get: { shows: ['Device ID'], hides: ['User ID', 'Type', 'Return All'] },
		'Get Many': { shows: ['User ID', 'Return All'], hides: ['Device ID', 'Type'] },
		Update: { shows: ['Device ID'], hides: ['User ID', 'Type', 'Return All'] },
	},
	'Genesys Devices': {
		Create: { shows: ['Scope', 'Phone Number'], hides: ['Device ID', 'Action', 'Return All', 'Fields'] },
		Get: { shows: ['Device'], hides: ['Scope', 'Action', 'Phone Number', 'Return All'] },
		'Get Many': { shows: ['Scope', 'Fields', 'Return All'], hides: ['Device ID', 'Action', 'Phone Number'] },
		'Perform Action': { shows: ['Device', 'Action'], hides: ['Scope', 'Phone Number', 'Return All', 'Destination'] },
	},
};

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

interface PanelCase {
	node: string;
	file: string;
	type: string;
	credentialType: string;
	parameters: Record<string, unknown>;
	/** What the executed step must show: values only the vendor holds. */
	expectedOutput: (twin: Sandbox) => string[];
	secretField: string;
	refused: RegExp;
}

const CASES: PanelCase[] = [
	{
		node: 'Plantronics Inventory',
		file: 'panel-plantronics-inventory.png',
		type: 'plantronicsInventory',
		credentialType: 'plantronicsManagerProApi',
		parameters: { resource: 'device', operation: 'getAll', returnAll: false, limit: 3, simplify: true },
		expectedOutput: (twin) => twin.data.plantronics.list().slice(0, 3).map((record: { device: { displayId: string } }) => record.device.displayId),
		secretField: 'apiKey',
		refused: /API key was rejected/,
	},
	{
		node: 'UC Softphone Device',
		file: 'panel-uc-softphone-device.png',
		type: 'ucSoftphoneDevice',
		credentialType: 'ucSoftphoneApi',
		parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: '', userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' },
		expectedOutput: (twin) => [twin.data.uc.customers[0], 'dev-1-a', 'desktop'],
		secretField: 'accessToken',
		refused: /access token is missing, invalid or expired/,
	},
	{
		node: 'Kolmisoft Devices',
		file: 'panel-kolmisoft-devices.png',
		type: 'kolmisoftDevices',
		credentialType: 'kolmisoftApi',
		parameters: { resource: 'device', operation: 'getAll', userId: '101', returnAll: true },
		expectedOutput: (twin) => [...twin.data.kolmisoft.devices.values()].filter((device: { user_id: string }) => device.user_id === '101').map((device: { device_id: string }) => device.device_id),
		secretField: 'apiSecretKey',
		refused: /API Secret Key is wrong/,
	},
	{
		node: 'Genesys Devices',
		file: 'panel-genesys-devices.png',
		type: 'genesysDevices',
		credentialType: 'genesysWebServicesApi',
		parameters: { resource: 'device', operation: 'getAll', scope: 'all', fields: '*', returnAll: false, limit: 3 },
		expectedOutput: (twin) => [...twin.data.genesys.devices.values()].slice(0, 3).map((entry: { device: { id: string } }) => entry.device.id),
		secretField: 'password',
		refused: /username or password is wrong/,
	},
];

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The labels of the parameters the panel shows right now. */
async function visibleLabels(page: Page): Promise<string[]> {
	return page.$$eval('[data-test-id="node-parameters"] label.n8n-input-label', (labels) =>
		labels.filter((label) => label.checkVisibility()).map((label) => (label.querySelector('span.n8n-text') ?? label).textContent?.trim() ?? ''),
	);
}

describe('the nodes in the n8n editor, in a browser', () => {
	let mainJob: ChildProcess;
	let output = '';
	let base: string;
	let userFolder: string;
	let browser: Browser;
	let context: BrowserContext;
	let twin: Sandbox;
	let workflowId: string;

	beforeAll(async () => {
		// The main job's sandbox starts with the same seed and size: its twin tells what the vendor holds.
		twin = await startSandbox({});
		if (process.env.N8N_EDITOR_URL) {
			// A main job that is already running (./scripts/start.sh), e.g. while working on these tests.
			base = process.env.N8N_EDITOR_URL.replace(/\/+$/, '');
		} else {
			const port = await local.freePort();
			// The README's screenshots show the sandbox where start.sh puts it by default.
			const sandboxPort = updatingScreenshots ? local.DEFAULT_SANDBOX_PORT : await local.freePort();
			userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-editor-'));
			const env: NodeJS.ProcessEnv = { ...process.env, N8N_LOCAL_USER_FOLDER: userFolder };
			delete env.NODE_ENV;
			mainJob = spawn('bash', ['scripts/start.sh', '--port', String(port), '--sandbox-port', String(sandboxPort)], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
			mainJob.stdout?.on('data', (chunk) => (output += chunk));
			mainJob.stderr?.on('data', (chunk) => (output += chunk));
			const deadline = Date.now() + 240_000;
			while (!/is ready/.test(output)) {
				if (Date.now() > deadline || mainJob.exitCode !== null) throw new Error(`start.sh did not become ready:\n${output}`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			base = `http://localhost:${port}`;
		}

		const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
		if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: run scripts/chromium.sh (it installs Debian's chromium) or set CHROMIUM_PATH`);
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
		context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const login = await context.request.post(`${base}/rest/login`, { data: { emailOrLdapLoginId: local.LOCAL_OWNER.email, password: local.LOCAL_OWNER.password } });
		expect(login.status()).toBe(200);

		// One workflow with each node after a manual trigger, using the main job's sandbox credentials.
		const credentialIds = Object.fromEntries(local.CREDENTIALS.map((credential: { type: string; id: string; name: string }) => [credential.type, credential]));
		const nodes = [
			{ id: 'e0000000-0000-4000-8000-000000000000', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 300], parameters: {} },
			...CASES.map((panel, index) => ({
				id: `e0000000-0000-4000-8000-00000000000${index + 1}`,
				name: panel.node,
				type: `${local.PACKAGE_NAME}.${panel.type}`,
				typeVersion: 1,
				position: [300, index * 180],
				parameters: panel.node === 'UC Softphone Device' ? { ...panel.parameters, customerTenantId: twin.data.uc.customers[0] } : panel.parameters,
				credentials: { [panel.credentialType]: { id: credentialIds[panel.credentialType].id, name: credentialIds[panel.credentialType].name } },
			})),
		];
		const connections = { 'Run now': { main: [CASES.map((panel) => ({ node: panel.node, type: 'main', index: 0 }))] } };
		const created = await context.request.post(`${base}/rest/workflows`, { data: { name: 'Editor test', nodes, connections, settings: { executionOrder: 'v1' }, active: false } });
		expect(created.status()).toBe(200);
		workflowId = ((await created.json()) as { data: { id: string } }).data.id;
		fs.mkdirSync(screenshotDir, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
		await twin?.close();
		if (mainJob && mainJob.exitCode === null) {
			const exited = new Promise((resolve) => mainJob.once('exit', resolve));
			mainJob.kill('SIGINT');
			await exited;
		}
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	async function openPanel(node: string): Promise<Page> {
		const page = await context.newPage();
		// Generous bounds: on a busy 2-core machine the editor takes a minute to load.
		page.setDefaultTimeout(120_000);
		await page.goto(`${base}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
		const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`);
		await canvasNode.waitFor();
		// The canvas fits the view after the nodes appear; a double click during that lands elsewhere.
		for (let attempt = 0; attempt < 5 && !(await page.getByTestId('node-parameters').isVisible()); attempt++) {
			await page.waitForTimeout(1000);
			await canvasNode.dblclick();
		}
		await page.getByTestId('node-parameters').waitFor();
		return page;
	}

	describe('example workflows', () => {
		for (const file of fs.readdirSync(path.join(repoRoot, 'examples')).filter((name) => name.endsWith('.json')).sort()) {
			it(`${file}: screenshot of the canvas, with each node's name and subtitle`, async () => {
				const { id } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples', file), 'utf8')) as { id: string };
				const page = await context.newPage();
				try {
					page.setDefaultTimeout(120_000);
					await page.setViewportSize({ width: 1440, height: 860 });
					await page.goto(`${base}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
					const canvasNodes = page.locator('[data-test-id="canvas-node"]');
					await canvasNodes.first().waitFor();
					// The canvas fits the view after the nodes appear.
					await page.waitForTimeout(1500);
					const screenshot = file.replace(/\.json$/, '.png');
					await page.screenshot({ path: path.join(screenshotDir, screenshot) });
					const texts = (await canvasNodes.allInnerTexts()).map((text) => withDefaultSandboxPort(text.replace(/\s+/g, ' ').trim()));
					checkScreenshotShows(screenshot, texts.sort());
				} finally {
					await page.close();
				}
			});
		}
	});

	for (const panel of CASES) {
		describe(panel.node, () => {
			// One panel for the three checks (the editor saves the workflow as it changes).
			let page: Page;
			beforeAll(async () => {
				page = await openPanel(panel.node);
			});
			afterAll(async () => page?.close());

			it('executes the step and shows what the vendor holds (screenshot of the panel)', async () => {
				// The editor saves the workflow as the step runs; waiting for that "navigation" after the
				// click can hang on a busy machine, and the output below is waited for anyway.
				// A DOM click: Playwright's own click once timed out here after two minutes "scrolling into
				// view" on a later panel of the run, with the button visible and enabled all along.
				await page.getByTestId('node-execute-button').dispatchEvent('click');
				const outputPanel = page.getByTestId('output-panel');
				const data = outputPanel.getByTestId('ndv-data-container');
				// The table view renders every row (the JSON view only what fits on screen).
				await outputPanel.getByTestId('radio-button-table').click();
				const expected = panel.expectedOutput(twin);
				expect(expected.length).toBeGreaterThan(0);
				for (const value of expected) await data.getByText(value).first().waitFor({ state: 'attached' });
				const text = await data.innerText();
				for (const secret of Object.values(SANDBOX_SECRETS)) expect(text).not.toContain(secret);
				await outputPanel.getByTestId('radio-button-json').click();
				await data.getByText(expected[0]).first().waitFor();
				await page.screenshot({ path: path.join(screenshotDir, panel.file) });
				checkScreenshotShows(panel.file, jsonKeys(await data.innerText()));
			});

			it('shows the fields of each operation, and none of the others', async () => {
				const seen: Record<string, { shows: string[]; hides: string[] }> = {};
				const expected = OPERATIONS[panel.node];
				for (const operation of Object.keys(expected)) {
					await page.getByTestId('parameter-input-operation').click();
					await page.getByRole('option').filter({ has: page.getByText(operation, { exact: true }) }).click();
					// Labels render with the operation: wait (bounded) for its first key field, then compare
					// everything at once, so a missing field fails with the whole table in the message.
					await page
						.locator('[data-test-id="node-parameters"] label.n8n-input-label')
						.filter({ hasText: expected[operation].shows[0] })
						.first()
						.waitFor({ timeout: 15_000 })
						.catch(() => undefined);
					const labels = await visibleLabels(page);
					const matches = (wanted: string) => labels.some((label) => label === wanted || label.startsWith(`${wanted} `));
					seen[operation] = { shows: expected[operation].shows.filter(matches), hides: expected[operation].hides.filter((label) => !matches(label)) };
				}
				expect(seen).toEqual(expected);
			});

			it('credential Test: a wrong secret is refused in words the user understands, the right one passes', async () => {
				await page.getByTestId('credential-edit-button').click();
				// The dialog: its header holds the Save button, its body the fields and the test result.
				const modal = page.locator('.el-dialog').filter({ has: page.getByTestId('credential-edit-dialog') });
				await modal.waitFor();
				const secretInput = modal.getByTestId(`parameter-input-${panel.secretField}`).locator('input, textarea').first();
				const right = String((twin.credentials as Record<string, Record<string, unknown>>)[{ plantronicsManagerProApi: 'plantronics', ucSoftphoneApi: 'uc', kolmisoftApi: 'kolmisoft', genesysWebServicesApi: 'genesys' }[panel.credentialType]!][panel.secretField]);
				const wrong = `${right}-wrong`;

				await secretInput.fill(wrong);
				await modal.getByTestId('credential-save-button').click({ noWaitAfter: true });
				await modal.getByText(/connect with these settings/).waitFor({ timeout: 60_000 });
				await modal.getByText('More details').click();
				await modal.getByText(panel.refused).first().waitFor({ timeout: 30_000 });
				const shown = await modal.innerText();
				expect(shown).toMatch(panel.refused);
				for (const secret of [wrong, ...Object.values(SANDBOX_SECRETS)]) expect(shown).not.toContain(secret);

				await secretInput.fill(right);
				await modal.getByTestId('credential-save-button').click({ noWaitAfter: true });
				await modal.getByText('Connection tested successfully').waitFor({ timeout: 60_000 });
			});
		});
	}
});
