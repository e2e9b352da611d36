import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../shared/runner';
import * as device from './device';

const operations: Record<string, (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>> = {
	getAll: device.getAll.execute,
	getAllByUser: device.getAllByUser.execute,
	getAllByUserGroup: device.getAllByUserGroup.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resource === 'device' ? operations[operationName] : undefined;
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`);
	}
	// Items run one after another: each may page through a whole tenant.
	return await runPerItem.call(this, async (itemIndex) => await operation.call(this, itemIndex));
}
