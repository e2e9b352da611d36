import type { IDataObject, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { PollContext } from 'n8n-core';

import { installLogCapture, takeLogs } from './logs';
import { getNodeType, nodeTypes } from './nodeTypes';
import { additionalDataFor, credentialsHelper } from './runWorkflow';
import { recordForSecretScan } from './secretScan';

export interface PollOptions {
	type: string;
	parameters: Record<string, unknown>;
	credentials: Record<string, Record<string, unknown>>;
	/** The workflow static data from the previous poll (undefined on the first one). */
	staticData?: IDataObject;
	/** 'trigger' is an active workflow polling; 'manual' is the editor's test run. */
	mode?: 'trigger' | 'manual';
}

export interface PollOutcome {
	items: INodeExecutionData[] | null;
	/** The workflow static data after the poll, also after a failed one (what n8n would keep). */
	staticData: IDataObject;
	logs: string[];
	error?: Error & { description?: string };
}

/**
 * Runs a polling node's poll() once, with the IPollFunctions context n8n-core
 * builds; the static data comes back so the next poll continues from it. A
 * failed poll throws.
 */
export async function pollTrigger(options: PollOptions): Promise<Omit<PollOutcome, 'error'>> {
	const { error, ...outcome } = await pollOnce(options);
	if (error) throw error;
	return outcome;
}

/** As pollTrigger, but a failed poll comes back with its error and the static data it left. */
export async function pollOnce(options: PollOptions): Promise<PollOutcome> {
	installLogCapture();
	takeLogs();
	credentialsHelper.setCredentials(options.credentials);
	const node: INode = {
		id: 'poller',
		name: 'Poller',
		type: options.type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: Object.fromEntries(Object.keys(options.credentials).map((type) => [type, { id: `${type}-id`, name: type }])),
	};
	const staticData = JSON.parse(JSON.stringify(options.staticData ?? {})) as IDataObject;
	const workflow = new Workflow({ id: 'harness-workflow', nodes: [node], connections: {}, active: true, nodeTypes, staticData });
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		node,
		additionalDataFor({ nodes: [node], connections: {} }, mode),
		mode,
		mode === 'manual' ? 'manual' : 'activate',
	);
	const nodeType = getNodeType(options.type) as INodeType;
	const leftStaticData = () => JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	try {
		const output = await nodeType.poll!.call(context);
		const result = { items: output ? output[0] : null, staticData: leftStaticData(), logs: takeLogs() };
		recordForSecretScan(`poll of ${options.type}`, result);
		return result;
	} catch (error) {
		const logs = takeLogs();
		recordForSecretScan(`failed poll of ${options.type}`, { error, logs });
		return { items: null, staticData: leftStaticData(), logs, error: error as PollOutcome['error'] };
	}
}
