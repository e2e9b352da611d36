// n8n's default lint config for community packages (`n8n-node lint`), applied
// to the package's sources only: tests, the vendor sandbox, the benchmark,
// scripts and the build output are not part of any published package.
import { globalIgnores } from 'eslint/config';
import { config } from '@n8n/node-cli/eslint';

export default [
	globalIgnores(['test/', 'sandbox/', 'bench/', 'scripts/', 'examples/', 'build/', 'coverage/', '.tooling/', '.n8n-cache/', 'gulpfile.js', '*.config.js', '*.config.mjs']),
	...config,
];
