import type { INodeProperties } from 'n8n-workflow';

import { MAX_PARALLEL_REQUESTS } from '../../shared/paging';

/**
 * Pages the trigger asks for at once unless told otherwise: the most allowed,
 * so that one poll over 100,000 devices (1,011 pages) ends within its time
 * budget even at 150 ms per request. Get Many, run by hand, asks fewer.
 */
export const TRIGGER_PARALLEL_REQUESTS = MAX_PARALLEL_REQUESTS;

/** The Parallel Requests option of Get Many and of the trigger: the same field and rules, each with its default. */
export function parallelRequestsOption(defaultValue: number): INodeProperties {
	return {
		displayName: 'Parallel Requests',
		name: 'parallelRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
		default: defaultValue,
		description:
			'How many pages to ask for at once once the first page says more follow (1: one after another). If Plantronics answers "too many requests", the run waits as asked and goes on one at a time.',
	};
}
