/**
 * Build: TypeScript, then the steps tsc does not do.
 * - copy icons and codex files next to the compiled nodes;
 * - bundle fast-xml-parser into dist/nodes/shared/xml.js, so the published
 *   package has no runtime dependency (n8n verifies packages with none).
 */
const { src, dest, series } = require('gulp');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

function clean(done) {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	done();
}

function copyAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

async function bundleXmlParser() {
	const file = path.join(__dirname, 'dist/nodes/shared/xml.js');
	if (!fs.existsSync(file)) return;
	await esbuild.build({
		entryPoints: [file],
		outfile: file,
		allowOverwrite: true,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		legalComments: 'inline',
	});
}

exports.clean = clean;
exports.build = series(clean, compile, copyAssets, bundleXmlParser);
exports.default = exports.build;
