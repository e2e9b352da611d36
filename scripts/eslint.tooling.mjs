// Lint rules for the code that is in no package: tests, the vendor sandbox,
// the benchmark, scripts and the build and test configuration. n8n's default
// config (eslint.config.mjs, required unchanged for n8n Cloud) holds the
// package rules; these files carry a file-level disable for it, so this
// config is the one that checks them (scripts/lint.mjs, inline comments off).
import js from '@eslint/js';
import tsParser from '@typescript-eslint/parser';
import globals from 'globals';

export const TOOLING_FILES = ['test/**/*.ts', 'sandbox/**/*.js', 'bench/**/*.{js,cjs,mjs}', 'scripts/**/*.{js,mjs}', '*.{js,mjs}'];

// A test left focused (`it.only`) silently skips the rest of the suite.
const focusedTests = ['describe', 'it', 'test'].map((object) => ({ object, property: 'only', message: 'A focused test skips the rest of the suite.' }));

export default [
	{ ignores: ['bench/results/**', 'bench/.work/**'] },
	{
		files: ['**/*.{js,cjs,mjs}'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 'latest', globals: { ...globals.node } },
	},
	{ files: ['**/*.{js,cjs}'], languageOptions: { sourceType: 'commonjs' } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	{
		rules: {
			'no-unused-vars': ['error', { ignoreRestSiblings: true, caughtErrors: 'none' }],
			'no-restricted-properties': ['error', ...focusedTests],
			'no-debugger': 'error',
		},
	},
	// TypeScript checks its own names (tsconfig.test.json); the core rule does not understand types.
	{ files: ['**/*.ts'], rules: { 'no-unused-vars': 'off' } },
];
