/**
 * Third-party code bundled into the packages (fast-xml-parser today): which
 * npm packages that is, and the THIRD_PARTY_NOTICES.md text that ships with
 * every tarball bundling any (name, version, licence and the licence text).
 * esbuild names every bundled module by its path (`…/node_modules/<name>/…`)
 * in the output, so the built code itself says what it bundles. Used by the
 * build (gulpfile.js) to write the notices and by scripts/check-package.mjs
 * to check the shipped ones.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** The npm packages whose modules a built file holds (scoped names too). */
function bundledPackagesIn(code) {
	return [...new Set([...code.matchAll(/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//g)].map((match) => match[1]))].sort();
}

function manifestOf(name) {
	return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
}

/** The packages and their runtime dependencies, recursively: a prebuilt bundle (fast-xml-parser's lib/fxp.cjs) carries its dependencies inside. */
function withDependencies(names) {
	const found = new Set();
	const visit = (name) => {
		if (found.has(name)) return;
		found.add(name);
		for (const dependency of Object.keys(manifestOf(name).dependencies ?? {})) visit(dependency);
	};
	for (const name of names) visit(name);
	return [...found].sort();
}

function licenceText(name) {
	const dir = path.join(root, 'node_modules', name);
	const file = fs.readdirSync(dir).find((entry) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(entry));
	if (!file) throw new Error(`${name} ships no licence file: its notice cannot be written`);
	return fs.readFileSync(path.join(dir, file), 'utf8').trim();
}

/** The notice for every package in `names` (dependencies included). */
function noticesText(names) {
	const sections = withDependencies(names).map((name) => {
		const { version, license } = manifestOf(name);
		return `## ${name} ${version} (${license})\n\n${licenceText(name)}\n`;
	});
	return `# Third-party notices\n\nThis package's JavaScript files bundle code of the npm packages below (a bundled package with its runtime dependencies). Their licences follow.\n\n${sections.join('\n')}`;
}

module.exports = { bundledPackagesIn, withDependencies, licenceText, noticesText, NOTICES_FILE: 'THIRD_PARTY_NOTICES.md' };
