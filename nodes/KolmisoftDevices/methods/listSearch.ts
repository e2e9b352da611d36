import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { filterEntries } from '../../shared/locator';
import { devicesOfUser, kolmisoftConnection } from '../transport';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

/** A device as the list shows it: its description (or username), type and ID. */
function entryOf(device: IDataObject): INodeListSearchItems | undefined {
	const id = text(device.device_id);
	if (id === '') return undefined;
	const label = text(device.description) || text(device.username) || text(device.extension) || `Device ${id}`;
	const type = text(device.device_type);
	return { name: `${label} (${type ? `${type}, ` : ''}ID ${id})`, value: id };
}

/** The devices of the user in "User ID" (devices_get needs a user: the API lists no others). */
export async function searchUserDevices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const userId = text(this.getCurrentNodeParameter('userId'));
	if (userId === '' || userId.startsWith('=')) {
		throw new NodeOperationError(this.getNode(), 'Enter a User ID to list that user\'s devices', {
			description: 'Kolmisoft lists devices per user. Or enter the device by ID.',
		});
	}
	const devices = await devicesOfUser.call(this, await kolmisoftConnection.call(this), userId, 0);
	const entries = devices.map(entryOf).filter((entry): entry is INodeListSearchItems => entry !== undefined);
	return { results: filterEntries(entries, filter) };
}
