import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Runs an operation once per input item. Every output item is paired with its
 * input; with Continue On Fail each failed input gives exactly one error item;
 * items may run concurrently, yet the output keeps input order.
 */

export type ItemHandler = (itemIndex: number) => Promise<IDataObject | IDataObject[]>;

export interface RunOptions {
	/** How many items may be in flight at once (1 = one after another). */
	concurrency?: number;
	/**
	 * The operation changes something at the vendor. When the run stops on an
	 * error (no Continue On Fail), the error then says which items were
	 * already carried out, so that a rerun does not repeat them.
	 */
	reportCarriedOut?: boolean;
}

/** What an entry that is not an object is, in words ("null", "a number"); undefined for an object. */
export function notAnObject(entry: unknown): string | undefined {
	if (entry === null) return 'null';
	if (Array.isArray(entry)) return 'a list';
	if (typeof entry === 'object') return undefined;
	return typeof entry === 'string' ? 'text' : `a ${typeof entry}`;
}

/** The first entry of a list that is not an object, named: n8n's own error handling fails on such an item. */
export function firstNonObject(entries: readonly unknown[]): { index: number; kind: string } | undefined {
	for (let index = 0; index < entries.length; index++) {
		const kind = notAnObject(entries[index]);
		if (kind !== undefined) return { index, kind };
	}
	return undefined;
}

type ItemOutcome = { ok: true; json: IDataObject[] } | { ok: false; error: NodeApiError | NodeOperationError };

function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

export async function runPerItem(
	this: IExecuteFunctions,
	handler: ItemHandler,
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const itemCount = this.getInputData().length;
	const concurrency = Math.max(1, Math.min(options.concurrency ?? 1, itemCount || 1));
	const continueOnFail = this.continueOnFail();
	const outcomes: ItemOutcome[] = new Array(itemCount);
	let nextIndex = 0;
	let stopped = false;

	const worker = async () => {
		while (!stopped && nextIndex < itemCount) {
			const itemIndex = nextIndex++;
			try {
				const result = await handler(itemIndex);
				const json = Array.isArray(result) ? result : [result];
				const odd = firstNonObject(json);
				if (odd !== undefined) {
					throw new NodeOperationError(this.getNode(), `The answer's entry ${odd.index} is ${odd.kind}, not an object`, {
						description: 'Each entry becomes one n8n item, which must be an object. The server answered something other than the documented list.',
						itemIndex,
					});
				}
				outcomes[itemIndex] = { ok: true, json };
			} catch (error) {
				outcomes[itemIndex] = { ok: false, error: asNodeError(this, error, itemIndex) };
				// Without Continue On Fail the run ends: start nothing new.
				if (!continueOnFail) stopped = true;
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const outcome = outcomes[itemIndex];
		if (outcome === undefined) continue;
		const pairedItem = { item: itemIndex };
		if (outcome.ok) {
			for (const json of outcome.json) output.push({ json, pairedItem });
		} else if (continueOnFail) {
			const { error } = outcome;
			output.push({
				json: { error: error.message, ...(error.description ? { description: error.description } : {}) },
				pairedItem,
			});
		} else {
			throw options.reportCarriedOut && itemCount > 1 ? withProgress(outcome.error, itemIndex, outcomes, itemCount) : outcome.error;
		}
	}
	return output;
}

/** "0, 1, 4–9": item indexes as n8n shows them (from 0), runs of three or more joined. */
function ranges(indexes: number[]): string {
	const parts: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		if (end - start >= 2) parts.push(`${indexes[start]}–${indexes[end]}`);
		else parts.push(...indexes.slice(start, end + 1).map(String));
		start = end + 1;
	}
	return parts.join(', ');
}

/**
 * Adds to the error of the item the run stopped on what became of the others:
 * items already in flight finish even after one fails (their requests are out).
 */
function withProgress(
	error: NodeApiError | NodeOperationError,
	failedIndex: number,
	outcomes: ItemOutcome[],
	itemCount: number,
): NodeApiError | NodeOperationError {
	const indexes = (wanted: (outcome: ItemOutcome | undefined) => boolean) =>
		Array.from({ length: itemCount }, (_, index) => index).filter((index) => index !== failedIndex && wanted(outcomes[index]));
	const done = indexes((outcome) => outcome?.ok === true);
	const failed = indexes((outcome) => outcome?.ok === false);
	const notSent = indexes((outcome) => outcome === undefined);
	error.message += done.length
		? ` (item ${failedIndex}; items already carried out: ${ranges(done)})`
		: ` (item ${failedIndex}; no other item was carried out)`;
	const progress = [
		`The run stopped at item ${failedIndex} (items counted from 0).`,
		`Already carried out, do not repeat them: ${done.length ? `items ${ranges(done)}` : 'none'}.`,
		...(failed.length ? [`Also failed: items ${ranges(failed)}.`] : []),
		`Not sent: ${notSent.length ? `items ${ranges(notSent)}` : 'none'}.`,
	].join(' ');
	error.description = error.description ? `${error.description} ${progress}` : progress;
	return error;
}

/** The handler of the chosen resource and operation ("device" is the only resource so far). */
export function selectOperation<T>(context: IExecuteFunctions, operations: Record<string, T>): T {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operationName = context.getNodeParameter('operation', 0) as string;
	const operation = resource === 'device' ? operations[operationName] : undefined;
	if (operation === undefined) {
		throw new NodeOperationError(context.getNode(), `The operation "${operationName}" is not supported`);
	}
	return operation;
}
