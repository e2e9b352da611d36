/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Every harness run appends what came out of it (items, errors, logs) to a
 * per-worker file; the jest global teardown (test/secretScan.teardown.ts)
 * scans all of it for the sandbox's secrets in every form they can take.
 */
export const SCAN_DIR = path.resolve(__dirname, '..', '..', '.tooling', 'secret-scan');

export function recordForSecretScan(label: string, value: unknown): void {
	fs.mkdirSync(SCAN_DIR, { recursive: true });
	let text: string;
	try {
		text = JSON.stringify(value, (_key, entry) => (entry instanceof Error ? { message: entry.message, description: (entry as { description?: string }).description } : entry));
	} catch {
		text = String(value);
	}
	fs.appendFileSync(path.join(SCAN_DIR, `${process.pid}.jsonl`), `${JSON.stringify({ label, text })}\n`);
}
