import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	NodeExecutionHint,
	IRunData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { installLogCapture, takeLogs } from './logs';
import { MANUAL_TRIGGER_TYPE, nodeTypes } from './nodeTypes';
import { recordForSecretScan } from './secretScan';

/**
 * Runs a workflow through n8n-core's WorkflowExecute, the engine n8n itself
 * uses, with this package's node types and the credentials the test gives.
 */

export const credentialsHelper = new HarnessCredentialsHelper();

const BASE_URL = 'http://localhost:5678';

export function additionalDataFor(
	workflowData: { nodes: INode[]; connections: IConnections },
	mode: WorkflowExecuteMode,
	helper: HarnessCredentialsHelper = credentialsHelper,
) {
	const hooks = new ExecutionLifecycleHooks(mode, 'harness-execution', {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		settings: {},
		activeVersionId: null,
	} as never);
	return {
		credentialsHelper: helper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		variables: {},
		executionId: 'harness-execution',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface WorkflowRunResult {
	runData: IRunData;
	error?: Error;
	logs: string[];
	/** The credentials as stored after the run (an OAuth2 refresh saves its new token there). */
	credentials: Record<string, IDataObject>;
}

export async function runWorkflow(
	workflowData: { nodes: INode[]; connections: IConnections; staticData?: IDataObject },
	credentials: Record<string, Record<string, unknown>>,
): Promise<WorkflowRunResult> {
	installLogCapture();
	takeLogs();
	// A helper per run, so runs may go on concurrently with different credentials.
	const helper = new HarnessCredentialsHelper();
	helper.setCredentials(credentials);
	const workflow = new Workflow({
		id: 'harness-workflow',
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		staticData: workflowData.staticData,
		settings: { executionOrder: 'v1' },
	});
	const startNode = workflowData.nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE);
	const execution = new WorkflowExecute(additionalDataFor(workflowData, 'manual', helper), 'manual', createRunExecutionData());
	const run = await execution.run({ workflow, startNode });
	const result = {
		runData: run.data.resultData.runData,
		error: run.data.resultData.error as Error | undefined,
		logs: takeLogs(),
	};
	recordForSecretScan(`workflow of ${workflowData.nodes.map((node) => node.type).join(', ')}`, result);
	return { ...result, credentials: helper.stored() as Record<string, IDataObject> };
}

export interface RunNodeOptions {
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, Record<string, unknown>>;
	input?: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
}

export interface RunNodeResult {
	items: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	logs: string[];
	credentials: Record<string, IDataObject>;
	/** The execution hints the node added (shown above its output in the editor). */
	hints: NodeExecutionHint[];
}

const NODE_UNDER_TEST = 'Node Under Test';

/** Runs one node after a manual trigger that feeds it `input`. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const credentials = options.credentials ?? {};
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: 'Manual Trigger',
			type: MANUAL_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.input ?? [{}]) },
		},
		{
			id: 'node-under-test',
			name: NODE_UNDER_TEST,
			type: options.type,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters as INode['parameters'],
			credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: type }])),
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const, continueOnFail: true } : {}),
		},
	];
	const connections: IConnections = {
		'Manual Trigger': { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] },
	};
	const result = await runWorkflow({ nodes, connections }, credentials);
	const task = result.runData[NODE_UNDER_TEST]?.[0];
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: (task?.error ?? result.error) as RunNodeResult['error'],
		logs: result.logs,
		credentials: result.credentials,
		hints: task?.hints ?? [],
	};
}
