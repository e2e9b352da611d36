/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
// n8n-core keeps instance settings under N8N_USER_FOLDER: give each jest worker its own temporary one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
