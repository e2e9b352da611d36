/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import path from 'node:path';

import type { INode, INodeType } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { getNodeType, nodeTypes } from '../../harness/nodeTypes';

/**
 * What the n8n editor shows for Plantronics Inventory (+ Trigger) and UC
 * Softphone Device: subtitles as the editor evaluates them, the node picker's
 * entry, and the codex it searches.
 */

const root = path.resolve(__dirname, '..', '..', '..');

function nodeType(name: string): INodeType {
	return getNodeType(name) as INodeType;
}

/** The subtitle the editor shows under a node on the canvas, evaluated as n8n does. */
function subtitleOf(type: string, parameters: Record<string, unknown>): unknown {
	const { description } = nodeType(type);
	const node: INode = { id: 'n', name: 'N', type, typeVersion: 1, position: [0, 0], parameters: {} };
	node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters as INode['parameters'], true, false, node, description) ?? {};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

function codex(folder: string, file: string): { categories: string[]; alias: string[] } {
	return JSON.parse(fs.readFileSync(path.join(root, 'nodes', folder, file), 'utf8'));
}

describe('what the editor shows', () => {
	it.each([
		['plantronicsInventory', { operation: 'getAll' }, 'Devices of the tenant'],
		['plantronicsInventory', { operation: 'getAllByUser' }, 'Devices of a user'],
		['plantronicsInventory', { operation: 'getAllByUserGroup' }, 'Devices of user groups'],
		['plantronicsInventoryTrigger', { event: 'nonCompliantDevice' }, 'On non-compliant device'],
		['plantronicsInventoryTrigger', { event: 'newDevice' }, 'On new device'],
		['plantronicsInventoryTrigger', { event: 'deviceReassigned' }, 'On device reassigned'],
		['plantronicsInventoryTrigger', { event: 'deviceRemoved' }, 'On device removed'],
		['ucSoftphoneDevice', { operation: 'assign' }, 'Assign as softphone'],
		['ucSoftphoneDevice', { operation: 'unassign' }, 'Unassign softphone'],
	])('%s %j has the subtitle "%s"', (type, parameters, expected) => {
		expect(subtitleOf(type, { resource: 'device', ...parameters })).toBe(expected);
	});

	it('the node picker entry Plantronics Inventory shares with its trigger describes both', () => {
		// n8n merges "<name>Trigger" into the node "<name>" and shows the trigger's description on the entry.
		const trigger = nodeType('plantronicsInventoryTrigger').description;
		expect(trigger.name.replace('Trigger', '')).toBe(nodeType('plantronicsInventory').description.name);
		expect(trigger.description).toMatch(/^List the headsets .* by tenant, user or user group/);
		expect(trigger.description).toMatch(/start a workflow when one falls out of firmware compliance, appears, changes user or disappears$/);
	});

	it.each([
		['PlantronicsInventory', 'PlantronicsInventory.node.json', ['Poly', 'Plantronics', 'HP', 'headset']],
		['PlantronicsInventory', 'PlantronicsInventoryTrigger.node.json', ['Poly', 'Plantronics', 'HP', 'headset']],
		['UcSoftphoneDevice', 'UcSoftphoneDevice.node.json', ['softphone', 'Xarios', 'KAZOO']],
	])('%s/%s is in Communication with the aliases users search for', (folder, file, aliases) => {
		const { categories, alias } = codex(folder, file);
		expect(categories).toContain('Communication');
		expect(alias).toEqual(expect.arrayContaining(aliases));
	});

	it('the action nodes are usable as AI tools; the trigger is not an action node', () => {
		expect(nodeType('plantronicsInventory').description.usableAsTool).toBe(true);
		expect(nodeType('ucSoftphoneDevice').description.usableAsTool).toBe(true);
		expect(nodeType('plantronicsInventoryTrigger').description.usableAsTool).toBeUndefined();
	});

	it('operation fields get their display options from updateDisplayOptions, one way everywhere', () => {
		const sources = ['PlantronicsInventory', 'UcSoftphoneDevice'].flatMap((folder) => {
			const dir = path.join(root, 'nodes', folder, 'actions', 'device');
			return fs.readdirSync(dir).map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
		});
		// Only the operation selector names the resource by hand; every other field goes through updateDisplayOptions.
		const byHand = sources.join('\n').match(/displayOptions: \{ show: \{ resource:/g) ?? [];
		expect(byHand).toHaveLength(2);
		expect(sources.join('\n')).not.toMatch(/'\/operation'/);
	});
});
