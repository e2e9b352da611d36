'use strict';
// Lets plain Node require the project's TypeScript (the in-process harness and
// the nodes' source, as the jest tests run them), transpiled by esbuild on load.
const fs = require('node:fs');
const esbuild = require('esbuild');

require.extensions['.ts'] = (module, filename) => {
	const { code } = esbuild.transformSync(fs.readFileSync(filename, 'utf8'), {
		loader: 'ts',
		format: 'cjs',
		target: 'node24',
		sourcefile: filename,
		sourcemap: 'inline',
	});
	module._compile(code, filename);
};
