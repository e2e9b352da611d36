/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

/** Every `operation`, `operation.parameter` and `operation.collection.option` the node description offers (a collection by its options). */
export function describedPaths(type: INodeType): Set<string> {
	const properties = type.description.properties;
	const operations = (properties.find((property) => property.name === 'operation')!.options ?? []).map((option) => String((option as { value: string }).value));
	const paths = new Set<string>(operations);
	for (const operation of operations) {
		for (const property of properties) {
			if (property.name === 'resource' || property.name === 'operation') continue;
			if (!(property.displayOptions?.show?.operation as string[] | undefined)?.includes(operation)) continue;
			// A collection is named by its options.
			if (property.type !== 'collection') paths.add(`${operation}.${property.name}`);
			else for (const option of (property.options ?? []) as INodeProperties[]) paths.add(`${operation}.${property.name}.${option.name}`);
		}
	}
	return paths;
}

/** The backticked names in the "Node" column of the vendor table under a section of docs/vendor-coverage.md. */
export function tablePaths(section: string): Set<string> {
	const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'vendor-coverage.md'), 'utf8');
	const start = readme.indexOf(`## ${section}\n`);
	const end = readme.indexOf('\n## ', start + 1);
	const rows = readme.slice(start, end === -1 ? undefined : end).split('\n').filter((line) => line.startsWith('| `') || line.startsWith('| '));
	const paths = new Set<string>();
	for (const row of rows) {
		const cells = row.split(' | ');
		if (cells.length < 3) continue;
		for (const match of cells[1].matchAll(/`([A-Za-z0-9.]+)`/g)) paths.add(match[1]);
	}
	return paths;
}
