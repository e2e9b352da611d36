// Checks every tarball `npm run pack:vendors` wrote to build/packages/:
// - the analysis n8n's package scanner runs before it lists or verifies a
//   package (@n8n/scan-community-package, its own code at the pinned
//   version): the tarball's JavaScript and package.json, and the source
//   folder the scanner would find by the package's name;
// - what the scanner does not check: the built code loads nothing but
//   n8n-workflow, Node built-ins and its own files; nothing ships but dist/,
//   README, LICENSE, CHANGELOG and package.json; no runtime dependency,
//   n8n-workflow the only peer; every listed node has its codex file and every
//   icon a file names exists; each node of the all-in-one package is in
//   exactly one per-vendor package; a tarball whose code bundles third-party
//   packages ships THIRD_PARTY_NOTICES.md with each one's licence text.
// Prints files and size per tarball. Exits 1 on any problem.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const { bundledPackagesIn, withDependencies, licenceText, NOTICES_FILE } = createRequire(import.meta.url)('./third-party-notices.js');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = path.join(root, 'build', 'packages');
const ALL_IN_ONE = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name;
const SHIPPED_AT_TOP = ['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md'];
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Every module name a built file asks for, static or dynamic; a non-literal request is reported as such. */
function requestsIn(code) {
	const requests = [];
	for (const match of code.matchAll(/\b(?:require|import)\s*\(\s*([^)]*?)\s*\)/g)) {
		const literal = /^(["'`])([^"'`$]+)\1$/.exec(match[1]);
		requests.push(literal ? literal[2] : `<computed: ${match[1].slice(0, 40)}>`);
	}
	return requests;
}

function walk(dir, base = dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full, base) : [path.relative(base, full).split(path.sep).join('/')];
	});
}

/** Loads every file n8n would load, with module resolution watched; returns what was asked for outside the package. */
function loadWatched(packageDir, entries) {
	const script = `
		const Module = require('node:module');
		const path = require('node:path');
		const packageDir = ${JSON.stringify(packageDir)};
		const n8nWorkflow = Module.createRequire(${JSON.stringify(path.join(root, 'package.json'))}).resolve('n8n-workflow');
		const outside = [];
		const resolve = Module._resolveFilename;
		Module._resolveFilename = function (request, parent, ...rest) {
			if (request === 'n8n-workflow') return n8nWorkflow;
			const resolved = resolve.call(this, request, parent, ...rest);
			const fromPackage = parent && parent.filename && parent.filename.startsWith(packageDir + path.sep);
			if (fromPackage && !Module.isBuiltin(request) && !resolved.startsWith(packageDir + path.sep)) outside.push(request);
			return resolved;
		};
		for (const entry of ${JSON.stringify(entries)}) require(path.join(packageDir, entry));
		process.stdout.write(JSON.stringify(outside));
	`;
	return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

async function checkTarball(tarball) {
	const problems = [];
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', work]);
		const packageDir = path.join(work, 'package');
		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		const files = walk(packageDir);

		// The scanner's tarball leg, then its source leg on the folder it would find by name.
		const distResult = await analyzePackage(packageDir, ['**/*.js', 'package.json']);
		if (!distResult.passed) problems.push(`scanner (tarball): ${distResult.message}\n${distResult.details ?? ''}`);
		const sourceDir = manifest.name === ALL_IN_ONE ? root : path.join(root, 'packages', manifest.name);
		if (!fs.existsSync(path.join(sourceDir, 'package.json'))) {
			problems.push(`the scanner looks for the source by package name: no package.json named ${manifest.name} at ${path.relative(root, sourceDir)}`);
		} else {
			const sourceResult = await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS);
			if (!sourceResult.passed) problems.push(`scanner (source): ${sourceResult.message}\n${sourceResult.details ?? ''}`);
		}

		for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
			const names = Object.keys(manifest[field] ?? {});
			if (names.length) problems.push(`package.json ${field}: ${names.join(', ')}`);
		}
		const peers = Object.keys(manifest.peerDependencies ?? {});
		if (peers.join() !== 'n8n-workflow') problems.push(`peerDependencies must be n8n-workflow alone, are: ${peers.join(', ') || 'none'}`);
		if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}, not MIT`);
		if (!manifest.keywords?.includes('n8n-community-node-package')) problems.push('keywords lack n8n-community-node-package');

		for (const file of files) {
			if (!file.startsWith('dist/') && !SHIPPED_AT_TOP.includes(file) && file !== NOTICES_FILE) problems.push(`ships ${file}`);
		}

		// Bundled third-party code ships with its licence.
		const bundled = [...new Set(files.filter((file) => file.endsWith('.js')).flatMap((file) => bundledPackagesIn(fs.readFileSync(path.join(packageDir, file), 'utf8'))))];
		if (bundled.length) {
			const notices = files.includes(NOTICES_FILE) ? fs.readFileSync(path.join(packageDir, NOTICES_FILE), 'utf8') : undefined;
			if (!notices) problems.push(`bundles ${bundled.join(', ')} but ships no ${NOTICES_FILE}`);
			else {
				for (const name of withDependencies(bundled)) {
					if (!notices.includes(`## ${name} `) || !notices.includes(licenceText(name))) problems.push(`${NOTICES_FILE} lacks ${name} or its licence text`);
				}
			}
		}
		for (const file of SHIPPED_AT_TOP) if (!files.includes(file)) problems.push(`${file} missing`);

		const nodes = manifest.n8n?.nodes ?? [];
		const credentials = manifest.n8n?.credentials ?? [];
		for (const file of [...nodes, ...credentials]) if (!files.includes(file)) problems.push(`n8n section lists ${file}, which is not in the tarball`);
		for (const node of nodes) {
			const codex = node.replace(/\.js$/, '.json');
			if (!files.includes(codex)) problems.push(`codex file ${codex} missing`);
			else {
				// n8n and its node search know a node by `<package>.<node>`: the codex must name this package.
				const named = JSON.parse(fs.readFileSync(path.join(packageDir, codex), 'utf8')).node;
				if (!named?.startsWith(`${manifest.name}.`)) problems.push(`codex file ${codex} names ${named}, not a node of ${manifest.name}`);
			}
		}

		for (const file of files.filter((name) => name.endsWith('.js'))) {
			const code = fs.readFileSync(path.join(packageDir, file), 'utf8');
			for (const request of requestsIn(code)) {
				const relative = request.startsWith('./') || request.startsWith('../');
				if (relative) {
					const target = path.posix.join(path.posix.dirname(file), request);
					if (![target, `${target}.js`, `${target}/index.js`].some((candidate) => files.includes(candidate))) problems.push(`${file} requires ${request}, not in the tarball`);
				} else if (request !== 'n8n-workflow' && !builtins.has(request)) {
					problems.push(`${file} requires ${request}`);
				}
			}
			for (const match of code.matchAll(/["']file:([^"']+)["']/g)) {
				const icon = path.posix.join(path.posix.dirname(file), match[1]);
				if (!files.includes(icon)) problems.push(`${file} names icon ${match[1]}, not in the tarball`);
			}
		}
		try {
			for (const request of loadWatched(packageDir, [...nodes, ...credentials])) problems.push(`loading the package reached outside it: ${request}`);
		} catch (error) {
			const reason = String(error.stderr ?? error.message).split('\n').find((line) => /Error/.test(line)) ?? error.message;
			problems.push(`loading the package failed: ${reason.trim()}`);
		}

		const unpackedBytes = files.reduce((sum, file) => sum + fs.statSync(path.join(packageDir, file)).size, 0);
		const packedBytes = fs.statSync(tarball).size;
		console.log(`${path.basename(tarball)}: ${files.length} files, ${(packedBytes / 1024).toFixed(1)} kB packed, ${(unpackedBytes / 1024).toFixed(1)} kB unpacked; ${nodes.length} nodes, ${credentials.length} credentials; ${problems.length ? `${problems.length} problems` : 'ok'}`);
		return { name: manifest.name, nodes, credentials, problems };
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

const tarballs = fs.existsSync(packagesDir) ? fs.readdirSync(packagesDir).filter((file) => file.endsWith('.tgz')).sort() : [];
const vendorNames = fs.readdirSync(path.join(root, 'packages')).filter((name) => fs.existsSync(path.join(root, 'packages', name, 'package.json')));
const problems = [];
for (const name of [ALL_IN_ONE, ...vendorNames]) {
	if (!tarballs.some((file) => file.startsWith(`${name}-`) && /^\d/.test(file.slice(name.length + 1)))) problems.push(`no tarball for ${name} in build/packages (npm run pack:vendors)`);
}
const results = [];
for (const file of tarballs) {
	const result = await checkTarball(path.join(packagesDir, file));
	results.push(result);
	problems.push(...result.problems.map((problem) => `${result.name}: ${problem}`));
}

// Each node and credential of the all-in-one package is in exactly one per-vendor package.
const allInOne = results.find((result) => result.name === ALL_IN_ONE);
if (allInOne) {
	for (const file of [...allInOne.nodes, ...allInOne.credentials]) {
		const holders = results.filter((result) => result !== allInOne && [...result.nodes, ...result.credentials].includes(file)).map((result) => result.name);
		if (holders.length !== 1) problems.push(`${file} is in ${holders.length ? holders.join(', ') : 'no per-vendor package'}; it belongs in exactly one`);
	}
}

if (problems.length) {
	console.error(problems.join('\n'));
	process.exit(1);
}
console.log(`${results.length} packages checked: scanner analysis passed, only n8n-workflow, Node built-ins and their own files loaded`);
