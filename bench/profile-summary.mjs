// Summarises a V8 CPU profile (node --cpu-prof) over a time window: where the
// sampled time went, by package (the deepest frame that is not Node's own) and
// by function. Usage: node bench/profile-summary.mjs <file.cpuprofile> [fromUs toUs] [top]
import fs from 'node:fs';

export function summarise(file, window, top = 15) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

	const ownerOf = (url) => {
		if (!url || url.startsWith('node:')) return undefined;
		const modules = url.lastIndexOf('node_modules/');
		if (modules >= 0) {
			const rest = url.slice(modules + 'node_modules/'.length).split('/');
			return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
		}
		if (url.includes('/nodes/')) return 'this package (nodes/)';
		if (url.includes('/test/harness/')) return 'in-process harness';
		return 'other';
	};
	const packages = new Map();
	const functions = new Map();
	let total = 0;
	let time = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		time += profile.timeDeltas[index];
		const delta = profile.timeDeltas[index + 1] ?? 0;
		if (window && (time < window[0] || time > window[1])) continue;
		total += delta;
		const leaf = byId.get(profile.samples[index]);
		const label = functionLabel(leaf.callFrame.functionName);
		let owner;
		for (let id = leaf.id; id !== undefined && owner === undefined; id = parent.get(id)) owner = ownerOf(byId.get(id).callFrame.url);
		if (owner === undefined) owner = label.startsWith('(') ? label : 'Node.js internals';
		packages.set(owner, (packages.get(owner) ?? 0) + delta);
		const where = `${label} ${leaf.callFrame.url.split('/').slice(-2).join('/')}:${leaf.callFrame.lineNumber + 1}`;
		functions.set(where, (functions.get(where) ?? 0) + delta);
	}
	const groups = new Map();
	for (const [name, us] of packages) groups.set(groupOf(name), (groups.get(groupOf(name)) ?? 0) + us);
	const rank = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: Math.round((1000 * us) / total) / 10 }));
	return { totalMs: Math.round(total / 1000), groups: rank(groups), packages: rank(packages), functions: rank(functions) };
}

const HTTP_STACK = new Set(['axios', 'follow-redirects', 'proxy-from-env', 'form-data', '@n8n/backend-network', 'Node.js internals']);
const N8N_ENGINE = /^(n8n|n8n-core|n8n-workflow|@n8n\/.*|recast|ast-types|esprima-next|luxon|isolated-vm|sqlite3|@n8n\/typeorm|typeorm|lodash|zod|jmespath)$/;

/**
 * V8 names a compiled regular expression after its source, and the secret-masking pattern is built
 * from the run's secrets: such a frame is shown by its length only.
 */
function functionLabel(name) {
	if (!name) return '(anonymous)';
	return name.startsWith('RegExp: ') ? `RegExp (a ${name.length - 8}-character pattern, not shown: it may hold secrets)` : name;
}

/** Coarse owner of a package: ours, n8n's engine, the HTTP stack (n8n's helper and Node's http), or the runtime. */
function groupOf(name) {
	if (name === 'this package (nodes/)' || name === 'n8n-nodes-telephony-devices' || name === 'fast-xml-parser') return 'this package (and the XML parser it bundles)';
	if (HTTP_STACK.has(name)) return "HTTP: n8n's request helper (axios, agents, SSRF guard) and Node's http";
	if (N8N_ENGINE.test(name)) return 'n8n engine (credentials, expressions, run data, database)';
	if (name === '(idle)') return 'waiting (network, database, other threads)';
	if (name === '(garbage collector)') return 'garbage collector';
	return name;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [file, from, to, top] = process.argv.slice(2);
	const summary = summarise(file, from ? [Number(from), Number(to)] : undefined, Number(top ?? 15));
	console.log(`${summary.totalMs} ms sampled`);
	for (const [title, rows] of [['by owner', summary.groups], ['by package', summary.packages], ['by function (self time)', summary.functions]]) {
		console.log(`\n${title}`);
		for (const row of rows) console.log(`${String(row.ms).padStart(8)} ms ${String(row.share).padStart(5)} %  ${row.name}`);
	}
}
