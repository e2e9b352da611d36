import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeListSearchResult, INodeParameters, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { getNodeType, nodeTypes } from './nodeTypes';
import { additionalDataFor } from './runWorkflow';

/**
 * Calls one of a node's list-search methods the way the editor does ("From List"), through
 * n8n-core's own context: the credential applied by n8n, the panel's other fields as the
 * current node parameters.
 */
export async function listSearch(options: {
	type: string;
	method: string;
	credentialType: string;
	credentials: Record<string, unknown>;
	filter?: string;
	/** The panel's values, which the method reads with getCurrentNodeParameter. */
	parameters?: INodeParameters;
	/** The field the list belongs to. */
	field: string;
}): Promise<INodeListSearchResult> {
	const node: INode = {
		id: 'list-search',
		name: 'List search',
		type: options.type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: { [options.credentialType]: { id: `${options.credentialType}-id`, name: options.credentialType } },
	};
	const helper = new HarnessCredentialsHelper();
	helper.setCredentials({ [options.credentialType]: options.credentials });
	const workflow = new Workflow({ id: 'list-search', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor({ nodes: [node], connections: {} }, 'internal', helper);
	additionalData.currentNodeParameters = options.parameters ?? {};
	const context = new LoadOptionsContext(workflow, node, additionalData, `parameters.${options.field}`);
	const type = getNodeType(options.type) as INodeType;
	return await type.methods!.listSearch![options.method].call(context, options.filter);
}
