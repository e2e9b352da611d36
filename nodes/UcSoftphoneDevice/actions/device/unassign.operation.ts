import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UcConnection } from '../../transport';
import { actOnDevice } from './common';

export const description: INodeProperties[] = [];

/** Removes the PBX device as the user's softphone. */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection?: UcConnection): Promise<IDataObject> {
	return await actOnDevice.call(this, itemIndex, 'unassign', connection);
}
