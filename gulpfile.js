/**
 * Build: TypeScript, then the steps tsc does not do.
 * - copy icons and codex files next to the compiled nodes;
 * - bundle fast-xml-parser into dist/nodes/shared/xml.js, so the published
 *   package has no runtime dependency (n8n verifies packages with none), and
 *   write the licences of what is bundled to THIRD_PARTY_NOTICES.md.
 *
 * Per-vendor packages (`gulp vendors`, after `build`): for each
 * packages/<name>/package.json, every node and credential it lists is bundled
 * from dist/ with esbuild into build/vendors/<name>/dist/ (shared code inside,
 * n8n-workflow left to n8n), with the icons its files name and the nodes'
 * codex files, its README and the repository's LICENSE.md and CHANGELOG.md.
 * The package.json there is the template; it exists in the repository
 * because n8n's scanner finds a package's source by its name.
 * `gulp packVendors` (npm run pack:vendors) packs the all-in-one package and
 * the four vendor packages into build/packages/.
 */
const { src, dest, series } = require('gulp');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { bundledPackagesIn, noticesText, NOTICES_FILE } = require('./scripts/third-party-notices');

function clean(done) {
	fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
	fs.rmSync(path.join(__dirname, NOTICES_FILE), { force: true });
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
	writeNotices(__dirname, jsFilesUnder(path.join(__dirname, 'dist')));
}

function jsFilesUnder(dir) {
	return fs.readdirSync(dir, { recursive: true }).filter((file) => file.endsWith('.js')).map((file) => path.join(dir, file));
}

/** THIRD_PARTY_NOTICES.md in packageDir for the third-party code the built files hold; none when they hold none. */
function writeNotices(packageDir, builtFiles) {
	const bundled = [...new Set(builtFiles.flatMap((file) => bundledPackagesIn(fs.readFileSync(file, 'utf8'))))];
	const notices = path.join(packageDir, NOTICES_FILE);
	if (bundled.length) fs.writeFileSync(notices, noticesText(bundled));
	else fs.rmSync(notices, { force: true });
}

const buildDir = path.join(__dirname, 'build');
const vendorsDir = path.join(buildDir, 'vendors');
const packagesDir = path.join(buildDir, 'packages');

function vendorNames() {
	return fs
		.readdirSync(path.join(__dirname, 'packages'), { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && fs.existsSync(path.join(__dirname, 'packages', entry.name, 'package.json')))
		.map((entry) => entry.name)
		.sort();
}

/** The listed files, all built; fails naming a listed file the build did not produce. */
function builtEntries(name, listed) {
	return listed.filter((file) => {
		if (fs.existsSync(path.join(__dirname, file))) return true;
		throw new Error(`${name}: packages/${name}/package.json lists ${file}, which the build did not produce (source ${file.replace(/^dist\//, '').replace(/\.js$/, '.ts')} missing?)`);
	});
}

/** The files a built module names as `file:` icons, relative to the package root. */
function iconsNamedBy(file) {
	const text = fs.readFileSync(path.join(__dirname, file), 'utf8');
	return [...text.matchAll(/["']file:([^"']+)["']/g)].map((match) => path.posix.join(path.posix.dirname(file), match[1]));
}

function copyIntoPackage(file, packageDir) {
	const from = path.join(__dirname, file);
	if (!fs.existsSync(from)) throw new Error(`${path.basename(packageDir)}: ${file} is missing`);
	fs.mkdirSync(path.dirname(path.join(packageDir, file)), { recursive: true });
	fs.copyFileSync(from, path.join(packageDir, file));
}

/** A codex file names its node with the package prefix (`<package>.<node>`): in a per-vendor package, that package's. */
function renameCodexNode(file, packageName) {
	const codex = JSON.parse(fs.readFileSync(file, 'utf8'));
	codex.node = `${packageName}.${codex.node.slice(codex.node.lastIndexOf('.') + 1)}`;
	fs.writeFileSync(file, `${JSON.stringify(codex, null, '\t')}\n`);
}

async function bundleVendor(name) {
	const template = JSON.parse(fs.readFileSync(path.join(__dirname, 'packages', name, 'package.json'), 'utf8'));
	const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, 'package.json'), 'utf8'));
	if (template.version !== version) {
		throw new Error(`packages/${name}/package.json has version ${template.version}, package.json ${version}: the five packages are released together, give them the same version`);
	}
	const nodes = builtEntries(name, template.n8n.nodes);
	const credentials = builtEntries(name, template.n8n.credentials);
	const packageDir = path.join(vendorsDir, name);
	fs.rmSync(packageDir, { recursive: true, force: true });

	await esbuild.build({
		entryPoints: [...nodes, ...credentials].map((file) => path.join(__dirname, file)),
		outbase: path.join(__dirname, 'dist'),
		outdir: path.join(packageDir, 'dist'),
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		legalComments: 'inline',
		logLevel: 'error',
	});
	const codexFiles = nodes.map((file) => file.replace(/\.js$/, '.json'));
	const icons = [...nodes, ...credentials].flatMap(iconsNamedBy);
	for (const file of new Set([...codexFiles, ...icons])) copyIntoPackage(file, packageDir);
	for (const file of codexFiles) renameCodexNode(path.join(packageDir, file), name);

	writeNotices(packageDir, jsFilesUnder(path.join(packageDir, 'dist')));
	fs.copyFileSync(path.join(__dirname, 'packages', name, 'README.md'), path.join(packageDir, 'README.md'));
	for (const file of ['LICENSE.md', 'CHANGELOG.md']) fs.copyFileSync(path.join(__dirname, file), path.join(packageDir, file));
	const manifest = { ...template, n8n: { ...template.n8n, nodes, credentials } };
	fs.writeFileSync(path.join(packageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function vendors() {
	for (const name of vendorNames()) await bundleVendor(name);
}

/** npm pack of the all-in-one package and of each vendor package into build/packages/. */
function pack(done) {
	fs.rmSync(packagesDir, { recursive: true, force: true });
	fs.mkdirSync(packagesDir, { recursive: true });
	for (const folder of [__dirname, ...vendorNames().map((name) => path.join(vendorsDir, name))]) {
		const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packagesDir], { cwd: folder, encoding: 'utf8' }));
		console.log(`${path.relative(__dirname, path.join(packagesDir, packed.filename))}: ${packed.entryCount} files, ${packed.size} bytes`);
	}
	done();
}

exports.clean = clean;
exports.build = series(clean, compile, copyAssets, bundleXmlParser);
exports.vendors = vendors;
exports.pack = pack;
exports.packVendors = series(exports.build, vendors, pack);
exports.default = exports.build;
