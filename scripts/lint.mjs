// Lints the way n8n's community-package scanner does: the source (nodes/,
// credentials/, package.json) and the JavaScript of the packed tarball, with
// @n8n/eslint-plugin-community-nodes (recommended), eslint-plugin-n8n-nodes-base
// (community, credentials, nodes) and no-console. Inline eslint-disable
// comments are ignored. Any error fails.
// Then the code that is in no package (tests, sandbox, bench, scripts) with
// the project's own rules (scripts/eslint.tooling.mjs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import toolingConfig, { TOOLING_FILES } from './eslint.tooling.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const config = defineConfig(
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The scanner turns these two off for community packages.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// The scanner turns these off too.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json', '**/*.ts'], languageOptions: { parser: tsParser } },
);

async function lint(cwd, patterns, label, overrideConfig = config) {
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig });
	const results = await eslint.lintFiles(patterns);
	const formatter = await eslint.loadFormatter('stylish');
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	const text = await formatter.format(results);
	if (text.trim()) console.log(text);
	console.log(`lint ${label}: ${results.length} files, ${errors} errors, ${warnings} warnings`);
	return errors;
}

function packTarball() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'));
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
	const [{ filename }] = JSON.parse(output);
	const unpacked = path.join(dir, 'package');
	execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', dir]);
	return { dir, unpacked };
}

let errors = await lint(root, ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'], 'source');
errors += await lint(root, TOOLING_FILES, 'tests, sandbox, bench and scripts', toolingConfig);
if (!process.argv.includes('--source-only')) {
	const { dir, unpacked } = packTarball();
	try {
		errors += await lint(unpacked, ['**/*.js', 'package.json'], 'packed tarball');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
process.exit(errors > 0 ? 1 : 0);
