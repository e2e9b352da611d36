/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { GenesysDevices } from '../../nodes/GenesysDevices/GenesysDevices.node';
import { KolmisoftDevices } from '../../nodes/KolmisoftDevices/KolmisoftDevices.node';
import { PlantronicsInventory } from '../../nodes/PlantronicsInventory/PlantronicsInventory.node';
import { UcSoftphoneDevice } from '../../nodes/UcSoftphoneDevice/UcSoftphoneDevice.node';
import { allNodeTypes, getCredentialType } from '../harness/nodeTypes';

/**
 * What the n8n editor reports on a node (the red warning triangle) and what stops n8n from running
 * a workflow: NodeHelpers.getNodeParametersIssues, the check both use. A field the model fills
 * through `$fromAI()` (or any expression) must not make a required field that depends on it count
 * as missing, while a fixed value still does.
 */

const DESCRIPTIONS: INodeTypeDescription[] = [new PlantronicsInventory(), new UcSoftphoneDevice(), new KolmisoftDevices(), new GenesysDevices()].map((node) => node.description);

/** The node as the editor holds it: every displayed parameter, defaults filled in. */
function editorNode(description: INodeTypeDescription, parameters: INodeParameters): INode {
	const full = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, { typeVersion: 1 } as INode, description) ?? {};
	return { id: 'n', name: 'n', type: description.name, typeVersion: 1, position: [0, 0], parameters: { ...full, ...parameters } };
}

function issues(description: INodeTypeDescription, parameters: INodeParameters): string[] {
	const node = editorNode(description, parameters);
	return Object.keys(NodeHelpers.getNodeParametersIssues(description.properties, node, description)?.parameters ?? {}).sort();
}

function shown(description: INodeTypeDescription, parameters: INodeParameters, name: string): { required: boolean }[] {
	const node = editorNode(description, parameters);
	return description.properties
		.filter((property) => property.name === name && NodeHelpers.displayParameter(node.parameters, property, node, description))
		.map((property) => ({ required: property.required === true }));
}

const CREDENTIAL_TYPES = ['plantronicsManagerProApi', 'ucSoftphoneApi', 'ucSoftphoneOAuth2Api', 'kolmisoftApi', 'genesysWebServicesApi'];

const fromAi = (key: string) => `={{ $fromAI('${key}', 'filled by the model', 'string') }}`;

const genesys = DESCRIPTIONS.find((description) => description.name === 'genesysDevices')!;
const asTool = (description: INodeTypeDescription): INodeTypeDescription => ({ ...description, name: `${description.name}Tool` });

describe('editor issues: fields the model fills', () => {
	for (const description of DESCRIPTIONS.flatMap((entry) => [entry, asTool(entry)])) {
		it(`${description.name}: an options field filled by $fromAI adds no missing-field issue, in any operation`, () => {
			const operations = description.properties.find((property) => property.name === 'operation')!.options!.map((option) => (option as { value: string }).value);
			const added: string[] = [];
			for (const operation of operations) {
				const base = { resource: 'device', operation };
				const node = editorNode(description, base);
				const optionFields = description.properties.filter(
					(property) => property.type === 'options' && !['resource', 'operation'].includes(property.name) && NodeHelpers.displayParameter(node.parameters, property, node, description),
				);
				const before = issues(description, base);
				for (const field of optionFields) {
					for (const name of issues(description, { ...base, [field.name]: fromAi(field.name) })) {
						if (!before.includes(name)) added.push(`${operation}: ${field.name} → ${name}`);
					}
				}
			}
			expect(added).toEqual([]);
		});
	}

	it.each([
		['action', 'ForwardCallsOn', 'destination'],
		['action', 'ListenIn', 'targetDevice'],
		['action', 'Coach', 'targetDevice'],
		['action', 'BargeIn', 'targetDevice'],
	])('Genesys Perform Action: %s %s still requires %s; another action hides it; $fromAI shows it optional', (control, value, field) => {
		const base = { resource: 'device', operation: 'performAction', deviceId: 'd1' };
		expect(issues(genesys, { ...base, [control]: value })).toEqual([field]);
		expect(shown(genesys, { ...base, [control]: value }, field)).toEqual([{ required: true }]);
		expect(issues(genesys, { ...base, [control]: value, [field]: '5551234' })).toEqual([]);
		expect(shown(genesys, { ...base, [control]: 'DoNotDisturbOn' }, field)).toEqual([]);
		expect(issues(genesys, { ...base, [control]: 'DoNotDisturbOn' })).toEqual([]);
		expect(shown(genesys, { ...base, [control]: fromAi(control) }, field)).toEqual([{ required: false }]);
		expect(issues(genesys, { ...base, [control]: fromAi(control) })).toEqual([]);
	});

	it.each(['getAll', 'create'])('Genesys %s: scope User still requires User ID; other scopes hide it, also "all" carried over to Create', (operation) => {
		const base = { resource: 'device', operation, phoneNumber: '3001' };
		expect(issues(genesys, { ...base, scope: 'user' })).toEqual(['userId']);
		expect(shown(genesys, { ...base, scope: 'all' }, 'userId')).toEqual([]);
		expect(shown(genesys, { ...base, scope: 'me' }, 'userId')).toEqual([]);
		expect(shown(genesys, { ...base, scope: fromAi('scope') }, 'userId')).toEqual([{ required: false }]);
		expect(issues(genesys, { ...base, scope: fromAi('scope') })).toEqual([]);
	});

	const examples = path.resolve(__dirname, '..', '..', 'examples');
	for (const file of fs.readdirSync(examples).filter((name) => name.endsWith('.json')).sort()) {
		it(`examples/${file}: no node of the package has an issue`, () => {
			const workflow = JSON.parse(fs.readFileSync(path.join(examples, file), 'utf8')) as { nodes: INode[] };
			const found: Record<string, unknown> = {};
			for (const node of workflow.nodes) {
				const [, type] = node.type.split('.');
				const base = DESCRIPTIONS.find((description) => type === description.name || type === `${description.name}Tool`);
				if (!base) continue;
				const description = type.endsWith('Tool') ? asTool(base) : base;
				const nodeIssues = NodeHelpers.getNodeParametersIssues(description.properties, editorNode(description, node.parameters), description);
				if (nodeIssues) found[node.name] = nodeIssues;
			}
			expect(found).toEqual({});
		});
	}
});

describe('placeholders read "e.g. …", as n8n\'s UX guidelines ask', () => {
	/** Field placeholders that are examples; a collection's button ("Add Field") and a list's prompt ("Select a device...") are not. */
	function examplePlaceholders(owner: string, properties: unknown[], found: string[]): void {
		for (const property of properties as Array<Record<string, unknown>>) {
			const placeholder = property.placeholder;
			const isButton = property.type === 'collection' || property.type === 'fixedCollection';
			const isListPrompt = property.type === 'list';
			if (typeof placeholder === 'string' && !isButton && !isListPrompt && !placeholder.startsWith('e.g. ')) found.push(`${owner} > ${String(property.displayName)}: "${placeholder}"`);
			for (const key of ['options', 'values', 'modes']) {
				const nested = property[key];
				if (Array.isArray(nested)) examplePlaceholders(`${owner} > ${String(property.displayName ?? property.name)}`, nested, found);
			}
		}
	}

	it('on every field of every node and credential of the package', () => {
		const found: string[] = [];
		for (const type of allNodeTypes()) {
			if (type.description.name.startsWith('n8n-nodes-base.') || type.description.name === 'manualTrigger') continue;
			examplePlaceholders(type.description.displayName, (type.description as INodeTypeDescription).properties, found);
		}
		for (const name of CREDENTIAL_TYPES) examplePlaceholders(name, getCredentialType(name)!.properties, found);
		expect(found).toEqual([]);
	});
});
