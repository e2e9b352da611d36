import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem, selectOperation } from '../../shared/runner';
import { GenesysSession } from '../transport';
import * as device from './device';

type OperationHandler = (
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
) => Promise<IDataObject | IDataObject[]>;

const operations: Record<string, { execute: OperationHandler; isWrite: boolean }> = {
	create: { execute: device.create.execute, isWrite: true },
	get: { execute: device.get.execute, isWrite: false },
	getAll: { execute: device.getAll.execute, isWrite: false },
	performAction: { execute: device.performAction.execute, isWrite: true },
};

const READ_CONCURRENCY = 4;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = selectOperation(this, operations);
	// One session per execution: the CSRF token and cookie never outlive this call.
	const session = new GenesysSession(this);
	// Writes go one after another, so their order follows the input and they share one CSRF token.
	return await runPerItem.call(this, async (itemIndex) => await operation.execute.call(this, itemIndex, session), {
		concurrency: operation.isWrite ? 1 : READ_CONCURRENCY,
	});
}
