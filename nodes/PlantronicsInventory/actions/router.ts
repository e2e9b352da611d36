import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem, selectOperation } from '../../shared/runner';
import { RunLimits } from '../../shared/runLimits';
import * as device from './device';

const operations: Record<string, (this: IExecuteFunctions, itemIndex: number, run: RunLimits) => Promise<IDataObject[]>> = {
	getAll: device.getAll.execute,
	getAllByUser: device.getAllByUser.execute,
	getAllByUserGroup: device.getAllByUserGroup.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = selectOperation(this, operations);
	// What this execution may read, for all its items together; the next execution starts afresh.
	const run = new RunLimits();
	// Items run one after another: each may page through a whole tenant.
	return await runPerItem.call(this, async (itemIndex) => await operation.call(this, itemIndex, run));
}
