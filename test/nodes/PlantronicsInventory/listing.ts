import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode } from '../../harness';

/** Listing Plantronics devices over the sandbox, as the paging tests do. */

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export interface Recorded {
	vendor: string;
	query: Record<string, string>;
	status: number;
	at: number;
	answeredAt?: number;
}

/** Runs Get Many once; the requests are all the run sent to Plantronics, none still on its way. */
export async function listDevices(sandbox: Sandbox, parameters: Record<string, unknown>, extra: { continueOnFail?: boolean } = {}) {
	sandbox.clearRequests();
	sandbox.resetInFlight();
	const result = await runNode({
		type: 'plantronicsInventory',
		parameters: { resource: 'device', operation: 'getAll', ...parameters },
		credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
		continueOnFail: extra.continueOnFail,
	});
	await sandbox.settled();
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs, result.hints]);
	expect(text).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
	const requests = (sandbox.requests as Recorded[]).filter((request) => request.vendor === 'plantronics');
	return { ...result, requests, pagesAsked: requests.map((request) => Number(request.query.page)), maxInFlight: sandbox.maxInFlight() };
}

export const idsOf = (items: Array<{ json: IDataObject }>) => items.map((item) => (item.json.device as { id: string }).id);

/** After each test: its late requests are in (and dropped), so none reaches the next test's log; no fault stays set. */
export async function settleAndReset(sandbox: Sandbox): Promise<void> {
	await sandbox.settled();
	sandbox.setFaults([]);
	sandbox.clearRequests();
}
