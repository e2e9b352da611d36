import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorField, readLocatorText } from '../../../shared/locator';
import { readText } from '../../../shared/validation';

export const userIdField: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 101',
	description: 'The Kolmisoft user ID',
};

/**
 * For Get, Update and Delete: whose devices the Device ID list offers (Kolmisoft lists devices
 * per user). Not sent: those operations need only the device.
 */
export const listUserIdField: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 101',
	description: "The user whose devices Device ID's list offers; not sent. Leave empty to enter the device by ID.",
};

export const deviceIdField: INodeProperties = locatorField({
	displayName: 'Device ID',
	name: 'deviceId',
	description: 'The Kolmisoft device (connection point): from the list of the user\'s devices, or by ID',
	searchListMethod: 'searchUserDevices',
	listPlaceholder: 'Select a device of the user...',
	typedPlaceholder: 'e.g. 5',
});

/** The device ID, whether the saved value is a locator or plain text (older workflows). */
export function readDeviceId(context: IExecuteFunctions, itemIndex: number): string {
	return readLocatorText(context, 'deviceId', itemIndex, 'Device ID', 'Pick a device of the user from the list, or enter its ID, or check the expression that fills "Device ID".');
}

/** A collection of optional text values; absent ones are sent (and signed) as empty. */
export function readOptionalTexts(
	context: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	labels: Record<string, string>,
): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [name, label] of Object.entries(labels)) {
		values[name] = readText(context, `${parameter}.${name}`, itemIndex, label, { required: false });
	}
	return values;
}
