// The published package must hold only the built output, the README and
// package.json, and must have no runtime dependency.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const problems = [];
if (Object.keys(manifest.dependencies ?? {}).length > 0) {
	problems.push(`package.json has runtime dependencies: ${Object.keys(manifest.dependencies).join(', ')}`);
}
const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8' }));
const allowed = (file) => file.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE.md'].includes(file);
for (const { path } of pack.files) {
	if (!allowed(path)) problems.push(`the package would ship ${path}`);
}
for (const listed of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
	if (!pack.files.some((file) => file.path === listed)) problems.push(`n8n section lists ${listed}, which is not packed`);
}
if (problems.length) {
	console.error(problems.join('\n'));
	process.exit(1);
}
console.log(`package: ${pack.files.length} files, ${pack.size} bytes packed, no runtime dependencies`);
