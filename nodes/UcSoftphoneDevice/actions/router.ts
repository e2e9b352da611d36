import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem, selectOperation } from '../../shared/runner';
import { ucConnection } from '../transport';
import * as device from './device';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './device/common';

const operations = { assign: device.assign.execute, unassign: device.unassign.execute };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = selectOperation(this, operations);
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
