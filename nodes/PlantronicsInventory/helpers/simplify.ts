import type { IDataObject } from 'n8n-workflow';

import type { InventoryDevice } from '../transport';

const get = (record: IDataObject | undefined, key: string) => record?.[key] as IDataObject | undefined;

/** A flat, readable record of a device, for alerts and tickets. */
export function simplifyDevice(record: InventoryDevice): IDataObject {
	const { device } = record;
	const product = get(record, 'product');
	const firstSeen = get(record, 'firstSeen');
	const lastSeen = get(record, 'lastSeen');
	const softphone = get(record, 'softphone');
	return {
		id: device.id,
		displayId: device.displayId,
		productName: product?.name,
		productType: product?.type,
		manufacturer: product?.manufacturer,
		firmwareVersion: device.firmwareVersion,
		firmwareVersionAvailable: device.firmwareVersionAvailable,
		policyFirmwareVersion: device.policyFirmwareVersion,
		versionCompliant: device.versionCompliant,
		policyId: device.policyId,
		firstSeenUser: firstSeen?.username,
		firstSeenHost: firstSeen?.hostname,
		lastSeenUser: lastSeen?.username,
		lastSeenHost: lastSeen?.hostname,
		softphone: softphone ? [softphone.name, softphone.version].filter(Boolean).join(' ') : undefined,
	};
}
