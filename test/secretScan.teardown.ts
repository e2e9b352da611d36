/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

import { SANDBOX_SECRETS } from '../sandbox';
import { SCAN_DIR } from './harness/secretScan';

/** Every form a secret can leak in: plain, URL-encoded, form-encoded, base64, and inside a basic auth token. */
function forms(secret: string): string[] {
	return [
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		Buffer.from(secret).toString('base64'),
		Buffer.from(`admin:${secret}`).toString('base64'),
		Buffer.from(`agent2:${secret}`).toString('base64'),
	];
}

/** Fails the test run when any output, error or log line of any harness run holds a secret. */
export default function scanForSecrets(): void {
	if (!fs.existsSync(SCAN_DIR)) return;
	const needles = Object.entries(SANDBOX_SECRETS).flatMap(([name, secret]) => forms(secret).map((form) => ({ name, form })));
	let runs = 0;
	const leaks: string[] = [];
	for (const file of fs.readdirSync(SCAN_DIR)) {
		for (const line of fs.readFileSync(path.join(SCAN_DIR, file), 'utf8').split('\n')) {
			if (!line) continue;
			runs++;
			const { label, text } = JSON.parse(line) as { label: string; text: string };
			for (const { name, form } of needles) if (text.includes(form)) leaks.push(`${name} in ${label}`);
		}
	}
	console.log(`secret scan: ${runs} harness runs scanned, ${leaks.length} leaks`);
	if (leaks.length) throw new Error(`Secrets leaked into outputs, errors or logs:\n${[...new Set(leaks)].join('\n')}`);
}
