import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../shared/runner';
import { ucConnection } from '../transport';
import * as device from './device';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './device/common';

const operations = { assign: device.assign.execute, unassign: device.unassign.execute };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as keyof typeof operations;
	const operation = resource === 'device' ? operations[operationName] : undefined;
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`);
	}
	const options = this.getNodeParameter('options', 0, {}) as { concurrency?: number };
	const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)));
	// Credentials and base URL are read once per run, not once per item.
	let connection: Awaited<ReturnType<typeof ucConnection>> | undefined;
	return await runPerItem.call(
		this,
		async (itemIndex) => {
			connection ??= await ucConnection.call(this, 0);
			return await operation.call(this, itemIndex, connection);
		},
		{ concurrency },
	);
}
