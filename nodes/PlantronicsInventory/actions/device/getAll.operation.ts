import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunLimits } from '../../../shared/runLimits';
import { listFields, listForItem } from './common';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['getAll'] } },
	listFields('getAll'),
);

/** Every device of the tenant. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunLimits): Promise<IDataObject[]> {
	return await listForItem.call(this, itemIndex, { kind: 'tenant' }, run);
}
