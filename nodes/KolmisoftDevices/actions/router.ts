import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPerItem, selectOperation } from '../../shared/runner';
import type { KolmisoftConnection } from '../transport';
import { kolmisoftConnection } from '../transport';
import * as device from './device';

type Operation = (this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection) => Promise<IDataObject | IDataObject[]>;

const operations: Record<string, Operation> = {
	create: device.create.execute,
	delete: device.deleteDevice.execute,
	get: device.get.execute,
	getAll: device.getAll.execute,
	update: device.update.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = selectOperation(this, operations);
	// One item at a time: billing servers are often small, and writes keep input order.
	// The credential is read per item, so a bad one fails each item and Continue On Fail goes on.
	return await runPerItem.call(this, async (itemIndex) => await operation.call(this, itemIndex, await kolmisoftConnection.call(this)));
}
