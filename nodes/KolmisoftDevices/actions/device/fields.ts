import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/validation';

export const userIdField: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	required: true,
	default: '',
	description: 'The Kolmisoft user ID',
};

export const deviceIdField: INodeProperties = {
	displayName: 'Device ID',
	name: 'deviceId',
	type: 'string',
	required: true,
	default: '',
	description: 'The Kolmisoft device (connection point) ID',
};

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
