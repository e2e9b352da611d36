import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem, selectOperation } from '../../shared/runner';
import { readInteger } from '../../shared/validation';
import { ucConnection } from '../transport';
import * as device from './device';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './device/common';

const operations = { assign: device.assign.execute, unassign: device.unassign.execute };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = selectOperation(this, operations);
	// Concurrency applies to the whole run, so it is read from the first item. A bad value
	// fails every item (one error item each with Continue On Fail) and nothing is sent.
	let concurrency = 1;
	let concurrencyError: unknown;
	try {
		concurrency = readInteger(this, 'options.concurrency', 0, 'Concurrency', {
			min: 1,
			max: MAX_CONCURRENCY,
			fallback: DEFAULT_CONCURRENCY,
		});
	} catch (error) {
		concurrencyError = error;
	}
	// Credentials and base URL are read once per run, not once per item: the promise is kept,
	// so items started together (Concurrency) wait for the same read.
	let connection: ReturnType<typeof ucConnection> | undefined;
	return await runPerItem.call(
		this,
		async (itemIndex) => {
			if (concurrencyError) throw concurrencyError;
			connection ??= ucConnection.call(this, 0);
			return await operation.call(this, itemIndex, await connection);
		},
		{ concurrency, reportCarriedOut: true },
	);
}
