import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorField, readLocatorText } from '../../../shared/locator';

/** The device field: picked from a list the server gives, or typed as an ID. */
export function deviceLocator(searchListMethod: 'searchAllDevices' | 'searchMyDevices', description: string): INodeProperties {
	return locatorField({
		displayName: 'Device ID',
		name: 'deviceId',
		description,
		searchListMethod,
		listPlaceholder: 'Select a device...',
		typedPlaceholder: 'e.g. 0c754c1f-7a65-4a7f-9a2b-c5bb5c983653',
	});
}

/** The device ID, whether the saved value is a plain text (older workflows) or a locator. */
export function readDeviceId(context: IExecuteFunctions, itemIndex: number): string {
	return readLocatorText(context, 'deviceId', itemIndex, 'Device ID', 'Pick a device from the list, or enter its ID, or check the expression that fills "Device ID".');
}
