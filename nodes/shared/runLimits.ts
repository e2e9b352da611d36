import type { INode, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * What one run of a node may spend: one execution of an action node, or one
 * poll of a trigger. Made at the start of execute() or poll() and passed down
 * to the requests, never kept on the node's context: n8n's legacy scheduler
 * reuses one poll context for a whole activation and lets polls overlap on it.
 */
export class RunLimits {
	/** When the run started: for a trigger, when its listing began (see changeTracking's stale polls). */
	readonly startedAt = Date.now();

	private bytesRead = 0;

	/** @param timeBudgetMs how long the run may take (undefined: no time budget of its own). */
	constructor(readonly timeBudgetMs?: number) {}

	/** Adds an answer's size to what the run has read; true when that passes `budget`. */
	exceedsBytes(bytes: number, budget: number): boolean {
		this.bytesRead += bytes;
		return this.bytesRead > budget;
	}

	/** Milliseconds left of the time budget (Infinity without one). */
	remainingMs(now = Date.now()): number {
		return this.timeBudgetMs === undefined ? Infinity : this.startedAt + this.timeBudgetMs - now;
	}

	get timeIsUp(): boolean {
		return this.remainingMs() <= 0;
	}

	/** The error of a run that stopped at its time budget: sent by the transport instead of any further request. */
	timeUpError(node: INode): NodeOperationError {
		const seconds = Math.round((this.timeBudgetMs ?? 0) / 100) / 10;
		return new NodeOperationError(node, `The poll did not finish within its time budget of ${seconds} s, so it stopped`, {
			description:
				'The listing was not complete: nothing was fired, the stored state is unchanged and no further request is sent; the next poll lists again from the start. ' +
				"n8n's durable scheduler abandons a poll after N8N_SCHEDULER_POLL_TIMEOUT (45 s by default), so the trigger stops well before. " +
				'To make a poll fit: raise Options > Parallel Requests (Plantronics), watch fewer users or a narrower scope.',
		});
	}
}

/**
 * The most one trigger poll may take: a third below n8n's durable-scheduler
 * deadline (45 s by default, of which n8n gives the poll 36 s), and well within
 * the one-minute tick of the legacy scheduler, so polls do not overlap.
 */
export const POLL_TIME_BUDGET_MS = 30_000;

/** The limits of one poll: its time budget is POLL_TIME_BUDGET_MS, or less when n8n gives the poll less. */
export function startPoll(context: IPollFunctions): RunLimits {
	// n8n 1.x has no getPollBudgetMs; the legacy scheduler of 2.x answers 5 minutes.
	const given = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : Infinity;
	return new RunLimits(Math.min(POLL_TIME_BUDGET_MS, Number.isFinite(given) && given > 0 ? given : Infinity));
}
