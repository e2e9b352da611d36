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
				outcomes[itemIndex] = { ok: true, json: Array.isArray(result) ? result : [result] };
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
			throw outcome.error;
		}
	}
	return output;
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
