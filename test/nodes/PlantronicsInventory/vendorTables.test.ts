/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { getCredentialType, getNodeType } from '../../harness/nodeTypes';

/**
 * The vendor tables for Plantronics and UC (docs/vendor-coverage.md) against the node
 * descriptions: every name a table gives exists, every parameter the node has
 * is in its table, and the filters are offered on the operations the table says.
 */

const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'vendor-coverage.md'), 'utf8');

interface Row {
	cells: string[];
	/** The backticked names of the "Node parameter" column. */
	names: string[];
}

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

function tableOf(heading: string): Row[] {
	const start = readme.indexOf(`\n## ${heading}\n`);
	expect(start).toBeGreaterThan(-1);
	const end = readme.indexOf('\n## ', start + 1);
	const lines = readme.slice(start, end).split('\n').filter((line) => line.startsWith('| '));
	expect(lines[0]).toMatch(/^\| Vendor documents \| Node parameter \|/);
	return lines.slice(1).map((line) => {
		const cells = line.slice(2, -2).split(' | ');
		return { cells, names: backticked(cells[1]) };
	});
}

interface NodeNames {
	operations: string[];
	/** Top-level parameters, and collection options as "collection.option". */
	parameters: string[];
	credentialFields: string[];
	/** For each collection option, the operations it is offered on. */
	offeredOn: Map<string, Set<string>>;
}

function namesOf(type: string, credentials: string[]): NodeNames {
	const { properties } = (getNodeType(type) as INodeType).description;
	const operations = (properties.find((property) => property.name === 'operation')?.options ?? []).map(
		(option) => (option as { value: string }).value,
	);
	const parameters = new Set<string>();
	const offeredOn = new Map<string, Set<string>>();
	for (const property of properties) {
		if (property.name === 'resource' || property.name === 'operation') continue;
		const on = (property.displayOptions?.show?.operation as string[] | undefined) ?? operations;
		if (property.type !== 'collection') {
			parameters.add(property.name);
			continue;
		}
		for (const option of (property.options ?? []) as INodeProperties[]) {
			const name = `${property.name}.${option.name}`;
			parameters.add(name);
			offeredOn.set(name, new Set([...(offeredOn.get(name) ?? []), ...on]));
		}
	}
	const credentialFields = credentials.flatMap((name) => (getCredentialType(name)?.properties ?? []).map((field) => `credential.${field.name}`));
	return { operations, parameters: [...parameters], credentialFields, offeredOn };
}

describe.each([
	['Plantronics Manager Pro', 'plantronicsInventory', ['plantronicsManagerProApi']],
	['UC Softphone Device', 'ucSoftphoneDevice', ['ucSoftphoneApi']],
])('vendor coverage table "%s"', (heading, type, credentials) => {
	const rows = tableOf(heading);
	const node = namesOf(type, credentials);
	const named = new Set(rows.flatMap((row) => row.names));

	it('names only operations, parameters and credential fields the node has', () => {
		const known = new Set([...node.operations, ...node.parameters, ...node.credentialFields]);
		expect([...named].filter((name) => !known.has(name))).toEqual([]);
	});

	it('lists every operation and every parameter of the node', () => {
		expect([...node.operations, ...node.parameters].filter((name) => !named.has(name))).toEqual([]);
	});

	it('says for every row what the node does', () => {
		for (const row of rows) expect(row.cells.at(-1)).toMatch(/^(Supported|Error|Zero devices|One item|Used|Filtered|Full record|Output|Not supported|As `|429|1–50)/);
	});
});

describe('vendor coverage table "Plantronics Manager Pro": offered on', () => {
	it('each filter is offered on exactly the operations the table gives', () => {
		const node = namesOf('plantronicsInventory', []);
		const filterRows = tableOf('Plantronics Manager Pro').filter((row) => row.names.some((name) => name.startsWith('filters.')));
		expect(filterRows.length).toBeGreaterThan(5);
		for (const row of filterRows) {
			const claimed = backticked(row.cells[2]).sort();
			for (const name of row.names) expect([name, [...(node.offeredOn.get(name) ?? [])].sort()]).toEqual([name, claimed]);
		}
	});
});

describe('vendor coverage table "Plantronics Inventory Trigger"', () => {
	it('names every event and scope of the trigger, and nothing the trigger does not have', () => {
		const start = readme.indexOf('\n## Plantronics Inventory Trigger\n');
		expect(start).toBeGreaterThan(-1);
		const lines = readme.slice(start, readme.indexOf('\n## ', start + 1)).split('\n').filter((line) => line.startsWith('| '));
		expect(lines[0]).toMatch(/^\| Vendor documents \| Trigger parameter \|/);
		const named = new Set(lines.slice(1).flatMap((line) => backticked(line.slice(2, -2).split(' | ')[1])));
		const { properties } = (getNodeType('plantronicsInventoryTrigger') as INodeType).description;
		const valuesOf = (name: string) => (properties.find((property) => property.name === name)?.options ?? []).map((option) => (option as { value: string }).value);
		const known = [...valuesOf('event'), ...valuesOf('scope'), ...properties.map((property) => property.name)];
		expect([...named].filter((name) => !known.includes(name))).toEqual([]);
		expect([...valuesOf('event'), ...valuesOf('scope')].filter((value) => !named.has(value))).toEqual([]);
	});
});
