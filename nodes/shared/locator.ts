import type { IExecuteFunctions, INodeListSearchItems, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';

/** At most this many entries are offered in a list; the rest are reachable by ID or by typing a filter. */
export const MAX_LIST_RESULTS = 500;

/**
 * A field picked from a list the server gives ("From List", searchable) or typed ("By ID"),
 * as n8n's own nodes offer it. Workflows saved when the field was plain text keep working:
 * n8n hands that text over as it is.
 */
export function locatorField(field: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	listPlaceholder: string;
	/** The typed mode: "By ID" (mode `id`) unless said otherwise. */
	typed?: { name: string; displayName: string };
	typedPlaceholder: string;
}): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: field.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: field.listPlaceholder,
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true },
			},
			{
				displayName: field.typed?.displayName ?? 'By ID',
				name: field.typed?.name ?? 'id',
				type: 'string',
				placeholder: field.typedPlaceholder,
			},
		],
	};
}

/** The text of a locator field, whether the saved value is a locator or plain text (older workflows). */
export function readLocatorText(context: IExecuteFunctions, name: string, itemIndex: number, label: string, hint: string): string {
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
	if (text === undefined || text === '') {
		throw inputError(context.getNode(), text === undefined ? `"${label}" must be text` : `"${label}" is required`, hint, itemIndex);
	}
	return text;
}

/** The entries whose name or value contains what the user typed (case ignored), at most MAX_LIST_RESULTS. */
export function filterEntries(entries: INodeListSearchItems[], filter?: string): INodeListSearchItems[] {
	const wanted = (filter ?? '').trim().toLowerCase();
	const found: INodeListSearchItems[] = [];
	for (const entry of entries) {
		if (wanted && !entry.name.toLowerCase().includes(wanted) && !String(entry.value).toLowerCase().includes(wanted)) continue;
		found.push(entry);
		if (found.length >= MAX_LIST_RESULTS) break;
	}
	return found;
}
