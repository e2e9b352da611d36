import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';

/** The device field: picked from a list the server gives, or typed as an ID. */
export function deviceLocator(searchListMethod: 'searchAllDevices' | 'searchMyDevices', description: string): INodeProperties {
	return {
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a device...',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '0c754c1f-7a65-4a7f-9a2b-c5bb5c983653',
			},
		],
	};
}

/** The device ID, whether the saved value is a plain text (older workflows) or a locator. */
export function readDeviceId(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter('deviceId', itemIndex, '', { extractValue: true }) as unknown;
	const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
	if (text === undefined || text === '') {
		throw inputError(
			context.getNode(),
			text === undefined ? '"Device ID" must be text' : '"Device ID" is required',
			'Pick a device from the list, or enter its ID, or check the expression that fills "Device ID".',
			itemIndex,
		);
	}
	return text;
}
