import type { IDataObject } from 'n8n-workflow';

import type { InventoryDevice } from '../transport';

const normalise = (value: unknown) => String(value).trim().toLowerCase();

const textAt = (record: IDataObject, section: string, key: string): string | undefined => {
	const value = (record[section] as IDataObject | undefined)?.[key];
	return typeof value === 'string' ? value : undefined;
};

const listAt = (record: IDataObject, section: string, key: string): string[] | undefined => {
	const value = (record[section] as IDataObject | undefined)?.[key];
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : undefined;
};

interface FilterCheck {
	label: string;
	/** Whether the record matches the wanted value; undefined when the record has no field to tell. */
	matches: (record: InventoryDevice, wanted: string) => boolean | undefined;
}

/** How each filter shows in a device record (field names from the API reference). */
const FILTER_CHECKS: Record<string, FilterCheck> = {
	manufacturer: {
		label: 'Manufacturer',
		matches(record, wanted) {
			const manufacturer = textAt(record, 'product', 'manufacturer');
			if (manufacturer === undefined) return undefined;
			// The reference describes the values as "plantronics or non plantronics".
			if (/^non[\s_-]*plantronics$/.test(wanted)) return normalise(manufacturer) !== 'plantronics';
			return normalise(manufacturer) === wanted;
		},
	},
	deviceType: {
		label: 'Device Type',
		matches(record, wanted) {
			const type = textAt(record, 'product', 'type');
			return type === undefined ? undefined : normalise(type) === wanted;
		},
	},
	productName: {
		label: 'Product Name',
		// "Product id e.g. BT600": the model id or the product name, either one.
		matches(record, wanted) {
			const names = [textAt(record, 'product', 'modelId'), textAt(record, 'product', 'name')].filter((name) => name !== undefined);
			return names.length === 0 ? undefined : names.some((name) => normalise(name) === wanted);
		},
	},
	userGroup: {
		label: 'User Group',
		matches(record, wanted) {
			const groups = listAt(record, 'lastSeen', 'userGroups') ?? listAt(record, 'firstSeen', 'userGroups');
			return groups === undefined ? undefined : groups.some((group) => normalise(group) === wanted);
		},
	},
	// A device record has no state field: this filter cannot be checked.
	deviceState: { label: 'Device State', matches: () => undefined },
};

export interface FilterRecheck {
	/** Whether any filter is checked here (the node then drops devices itself). */
	active: boolean;
	keep: (device: InventoryDevice) => boolean;
	/** What the check did, for the user, when it left devices out or could not tell. */
	notice: () => string | undefined;
}

/**
 * Checks on each returned device the filters the endpoint does not document:
 * a server that ignores them answers every device. A device that does not
 * match is left out; a device whose record cannot tell is kept, and counted.
 */
export function recheckUndocumentedFilters(filters: IDataObject, undocumented: string[]): FilterRecheck {
	const checks = undocumented
		.filter((name) => filters[name] !== undefined && FILTER_CHECKS[name] !== undefined)
		.map((name) => ({ ...FILTER_CHECKS[name], given: String(filters[name]), wanted: normalise(filters[name]), dropped: 0, unchecked: 0 }));
	return {
		active: checks.length > 0,
		keep(device) {
			for (const check of checks) {
				const matches = check.matches(device, check.wanted);
				if (matches === undefined) check.unchecked++;
				else if (!matches) {
					check.dropped++;
					return false;
				}
			}
			return true;
		},
		notice() {
			const sentences: string[] = [];
			for (const check of checks) {
				if (check.dropped > 0) {
					sentences.push(`${check.dropped} device(s) returned by Plantronics did not match ${check.label} "${check.given}" and were left out.`);
				}
				if (check.unchecked > 0) {
					sentences.push(`${check.label} "${check.given}" could not be checked on ${check.unchecked} device(s): their records have no such field, so they may not match it.`);
				}
			}
			if (sentences.length === 0) return undefined;
			return `${sentences.join(' ')} The API does not document these filters for this operation, so the node checks them on each device.`;
		},
	};
}
