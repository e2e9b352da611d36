import type { InventoryDevice } from '../transport';

export type ComplianceStatus = 'any' | 'compliant' | 'nonCompliant';

/** Whether a device matches the wanted firmware compliance (`device.versionCompliant`). */
export function matchesCompliance(device: InventoryDevice, wanted: ComplianceStatus): boolean {
	if (wanted === 'any') return true;
	const compliant = device.device?.versionCompliant;
	return wanted === 'compliant' ? compliant === true : compliant === false;
}
