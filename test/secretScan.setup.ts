/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';

import { SCAN_DIR } from './harness/secretScan';

/** Starts each run with an empty record of outputs. */
export default function clearSecretScan(): void {
	fs.rmSync(SCAN_DIR, { recursive: true, force: true });
}
