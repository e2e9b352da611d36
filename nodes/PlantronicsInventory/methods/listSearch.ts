import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { filterEntries } from '../../shared/locator';
import { RunLimits } from '../../shared/runLimits';
import type { InventoryDevice } from '../transport';
import { MAX_PAGE_SIZE, listDevices } from '../transport';

/** Devices read for the list (about 50 pages); a user beyond them is still found by the exact name typed. */
export const LIST_DEVICE_LIMIT = 5_000;

const lastSeenUser = (record: InventoryDevice) => {
	const lastSeen = record.lastSeen as { username?: unknown } | undefined;
	return typeof lastSeen?.username === 'string' ? lastSeen.username.trim() : '';
};

/** The users of the tenant's inventory (each device's last-seen user), with how many devices each has. */
export async function searchUsers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	// One run for the list: the read budget of an execution holds for both listings.
	const run = new RunLimits();
	const devices = await listDevices.call(this, { scope: { kind: 'tenant' }, filters: {}, pageSize: MAX_PAGE_SIZE, limit: LIST_DEVICE_LIMIT, run });
	const counts = new Map<string, number>();
	for (const record of devices) {
		const user = lastSeenUser(record);
		if (user !== '') counts.set(user, (counts.get(user) ?? 0) + 1);
	}
	// A large tenant was read only in part: ask for the exact name typed, as Get Many by User would.
	const typed = (filter ?? '').trim();
	if (devices.length >= LIST_DEVICE_LIMIT && typed !== '' && typed !== '.' && typed !== '..' && !counts.has(typed)) {
		const own = await listDevices.call(this, { scope: { kind: 'user', username: typed }, filters: {}, pageSize: MAX_PAGE_SIZE, limit: MAX_PAGE_SIZE, run });
		if (own.length > 0) counts.set(typed, own.length);
	}
	const entries = [...counts.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([user, count]) => ({ name: `${user} (${count} device${count === 1 ? '' : 's'})`, value: user }));
	return { results: filterEntries(entries, filter) };
}
