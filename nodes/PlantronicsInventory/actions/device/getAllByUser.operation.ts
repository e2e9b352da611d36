import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { locatorField, readLocatorText } from '../../../shared/locator';
import type { RunLimits } from '../../../shared/runLimits';
import { pathSegment } from '../../../shared/validation';
import { listFields, listForItem } from './common';

/** The user: picked from the tenant's users or typed. Also the trigger's. */
export const usernameField: INodeProperties = locatorField({
	displayName: 'Username',
	name: 'username',
	description: "The user whose devices to list, as Plantronics Hub reports it: from the users of the tenant's inventory, or typed",
	searchListMethod: 'searchUsers',
	listPlaceholder: 'Select a user...',
	typed: { name: 'name', displayName: 'By Name' },
	typedPlaceholder: 'e.g. dwalker',
});

const properties: INodeProperties[] = [
	usernameField,
	...listFields('getAllByUser'),
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['getAllByUser'] } }, properties);

/** The devices of one user. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunLimits): Promise<IDataObject[]> {
	const username = readLocatorText(this, 'username', itemIndex, 'Username', 'Pick a user from the list, or enter the username, or check the expression that fills "Username".');
	// Checked as a path segment here ("." or ".." would leave the user path); encoded by the transport.
	pathSegment(this, username, 'Username', itemIndex);
	return await listForItem.call(this, itemIndex, { kind: 'user', username }, run);
}
