/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

/**
 * Each per-vendor package's README (packages/<name>/README.md, shipped in its
 * tarball and shown on its npm page) is a complete page for that package: it
 * names every operation, action and trigger event of its nodes by value, its
 * example workflow uses that package's node types with parameters the nodes
 * have, and every link is absolute (a relative link breaks either in the
 * repository or in the tarball), pointing at files the repository has.
 */

const root = path.resolve(__dirname, '../..');
const REPOSITORY = 'https://github.com/n8n-nodes-telephony-devices/n8n-nodes-telephony-devices';
const packageNames = fs.readdirSync(path.join(root, 'packages')).filter((name) => fs.existsSync(path.join(root, 'packages', name, 'package.json')));

/** The node descriptions a package lists, loaded from the sources. */
function descriptionsOf(packageName: string): INodeTypeDescription[] {
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'packages', packageName, 'package.json'), 'utf8'));
	return (manifest.n8n.nodes as string[]).map((file) => {
		const source = path.join(root, file.replace(/^dist\//, '').replace(/\.js$/, ''));
		const className = path.basename(source).replace(/\.node$/, '');
		const NodeClass = require(source)[className];
		return new NodeClass().description as INodeTypeDescription;
	});
}

/** Every value an `options` property of that name offers, across the node's properties. */
function optionValues(description: INodeTypeDescription, name: string): string[] {
	return description.properties
		.filter((property) => property.name === name && property.type === 'options')
		.flatMap((property) => (property.options as INodePropertyOptions[]).map((option) => String(option.value)));
}

function childNames(property: INodeProperties): string[] {
	return (property.options ?? []).flatMap((option) => ('name' in option && !('value' in option) ? [(option as INodeProperties | INodePropertyCollection).name] : []));
}

describe.each(packageNames)('packages/%s/README.md', (packageName) => {
	const readme = fs.readFileSync(path.join(root, 'packages', packageName, 'README.md'), 'utf8');
	const descriptions = descriptionsOf(packageName);

	it('names every operation, action and trigger event of its nodes by value, and every node', () => {
		const missing: string[] = [];
		for (const description of descriptions) {
			if (!readme.includes(`\`${description.name}\``)) missing.push(`node ${description.name}`);
			for (const field of ['operation', 'action', 'event', 'scope']) {
				for (const value of optionValues(description, field)) if (!readme.includes(`\`${value}\``)) missing.push(`${description.name} ${field} ${value}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('has an example workflow of this package\'s node types, with parameters its nodes have', () => {
		const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]) as { nodes: Array<{ type: string; parameters: Record<string, unknown> }> });
		expect(blocks.length).toBeGreaterThan(0);
		const ownNodes = blocks.flatMap((workflow) => workflow.nodes).filter((node) => !node.type.startsWith('n8n-nodes-base.'));
		expect(ownNodes.length).toBeGreaterThan(0);
		for (const node of ownNodes) {
			expect(node.type.startsWith(`${packageName}.`)).toBe(true);
			const description = descriptions.find((candidate) => `${packageName}.${candidate.name}` === node.type);
			expect(description).toBeDefined();
			for (const [name, value] of Object.entries(node.parameters)) {
				const properties = description!.properties.filter((property) => property.name === name);
				expect({ parameter: name, known: properties.length > 0 }).toEqual({ parameter: name, known: true });
				const values = optionValues(description!, name);
				if (values.length && typeof value === 'string' && !value.startsWith('=')) expect(values).toContain(value);
				if (value && typeof value === 'object' && !Array.isArray(value)) {
					const children = properties.flatMap(childNames);
					for (const child of Object.keys(value)) expect({ parameter: `${name}.${child}`, known: children.includes(child) }).toEqual({ parameter: `${name}.${child}`, known: true });
				}
			}
		}
	});

	it('links only absolutely, to files the repository has', () => {
		const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
		expect(links.filter((link) => !/^https?:\/\//.test(link))).toEqual([]);
		const missing = links
			.filter((link) => link.startsWith(`${REPOSITORY}/`) && /\/(blob|tree)\/main\//.test(link))
			.map((link) => link.replace(/^.*?\/(?:blob|tree)\/main\//, '').replace(/#.*$/, ''))
			.filter((file) => !fs.existsSync(path.join(root, file)));
		expect(missing).toEqual([]);
	});
});
