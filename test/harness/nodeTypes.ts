/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

import type {
	INodeTypeDescription,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

/**
 * The node and credential types a harness run knows: this package's, loaded
 * from the TypeScript source that package.json's n8n section points at (so
 * tests run the current code without a build), plus a manual trigger and any
 * test fixtures registered with registerForTests().
 */

const repoRoot = path.resolve(__dirname, '..', '..');

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** Stands in for n8n's Manual Trigger: emits the items the test feeds in. */
class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Harness start node',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

function sourcePathOf(distPath: string): string {
	return path.join(repoRoot, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

function loadClasses<T>(distPaths: string[]): T[] {
	const loaded: T[] = [];
	for (const distPath of distPaths) {
		const source = sourcePathOf(distPath);
		if (!fs.existsSync(source)) continue;
		const exported = require(source) as Record<string, new () => T>;
		for (const value of Object.values(exported)) {
			if (typeof value === 'function') loaded.push(new value());
		}
	}
	return loaded;
}

const nodeTypesByName = new Map<string, INodeType | IVersionedNodeType>();
const credentialTypesByName = new Map<string, ICredentialType>();
let packageLoaded = false;

function ensureLoaded(): void {
	if (packageLoaded) return;
	packageLoaded = true;
	const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	registerForTests({
		nodes: [new ManualTrigger(), ...loadClasses<INodeType>(manifest.n8n.nodes)],
		credentials: loadClasses<ICredentialType>(manifest.n8n.credentials),
	});
}

/** Makes extra node or credential types (test fixtures) known to the harness. */
export function registerForTests(types: { nodes?: Array<INodeType | IVersionedNodeType>; credentials?: ICredentialType[] }) {
	for (const node of types.nodes ?? []) nodeTypesByName.set(node.description.name, node);
	for (const credential of types.credentials ?? []) credentialTypesByName.set(credential.name, credential);
}

/** Type names in a workflow: `n8n-nodes-base.manualTrigger`, or this package's `<package>.<name>`, `CUSTOM.<name>` or `<name>`. */
export function shortName(type: string): string {
	return type.includes('.') ? type.slice(type.lastIndexOf('.') + 1) : type;
}

export function getCredentialType(name: string): ICredentialType | undefined {
	ensureLoaded();
	return credentialTypesByName.get(name);
}

export function getNodeType(type: string): INodeType | IVersionedNodeType | undefined {
	ensureLoaded();
	return nodeTypesByName.get(shortName(type));
}

export function allNodeTypes(): Array<INodeType | IVersionedNodeType> {
	ensureLoaded();
	return [...nodeTypesByName.values()];
}

export const nodeTypes: INodeTypes = {
	getByName(type) {
		const found = getNodeType(type);
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	},
	getByNameAndVersion(type, version) {
		const found = getNodeType(type);
		if (!found) throw new Error(`Unknown node type ${type}`);
		return NodeHelpers.getVersionedNodeType(found, version);
	},
	getKnownTypes() {
		ensureLoaded();
		return Object.fromEntries([...nodeTypesByName.keys()].map((name) => [name, { className: name, sourcePath: '' }]));
	},
} as INodeTypes;
