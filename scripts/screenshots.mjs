// Screenshots of the example workflows in the n8n editor, for the README.
// Needs the main job running (./scripts/start.sh) and a Chromium
// (scripts/chromium.sh finds one or installs Debian's chromium); the driver is
// the playwright-core devDependency, which never downloads a browser.
//
//   node scripts/screenshots.mjs [http://localhost:5678]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const local = require('./n8n-local.js');

const base = process.argv[2] ?? 'http://localhost:5678';
const { chromium } = require('playwright-core');
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH || execFileSync('bash', [path.join(root, 'scripts/chromium.sh')], { encoding: 'utf8' }).trim(),
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
	const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
	const login = await page.request.post(`${base}/rest/login`, { data: { emailOrLdapLoginId: local.LOCAL_OWNER.email, password: local.LOCAL_OWNER.password } });
	if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()}`);
	const outDir = path.join(root, 'examples', 'screenshots');
	fs.mkdirSync(outDir, { recursive: true });
	for (const file of fs.readdirSync(path.join(root, 'examples')).filter((name) => name.endsWith('.json'))) {
		const { id } = JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8'));
		await page.goto(`${base}/workflow/${id}`);
		await page.waitForSelector('.vue-flow__node', { timeout: 60000 });
		await page.waitForTimeout(1500);
		const target = path.join(outDir, file.replace(/\.json$/, '.png'));
		await page.screenshot({ path: target });
		console.log(`wrote ${path.relative(root, target)}`);
	}
} finally {
	await browser.close();
}
