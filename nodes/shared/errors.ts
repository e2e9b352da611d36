import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { longestSecretForm, redactText } from './redact';

/** What a vendor said went wrong, in words a workflow builder can act on. */
export interface VendorErrorDetails {
	/** The vendor's own message, or ours when the vendor gave none. */
	message: string;
	/** What the user should check or change. */
	hint: string;
	/** The vendor's own error code or status text, when it has one. */
	vendorCode?: string | number;
}

export interface VendorErrorContext {
	vendorName: string;
	httpStatus?: number;
	secrets: readonly string[];
	itemIndex?: number;
}

/** The longest message and description a user sees; server text beyond is cut, and says so. */
export const MAX_MESSAGE_CHARS = 1_000;
export const MAX_DESCRIPTION_CHARS = 2_000;

/**
 * Redacted, then cut to `max` characters. Only a bounded head is redacted, so a
 * huge text costs little; a secret the head cuts through would stay in part,
 * so the head's last stretch, as long as the longest form of a secret, is dropped.
 */
function userText(text: string, secrets: readonly string[], max: number): string {
	const headLength = max * 4;
	let redacted: string;
	if (text.length <= headLength) {
		redacted = redactText(text, secrets);
	} else {
		const head = redactText(text.slice(0, headLength), secrets);
		redacted = head.slice(0, Math.max(0, head.length - longestSecretForm(secrets)));
	}
	return redacted.length > max || text.length > headLength ? `${redacted.slice(0, max)}… (cut at ${max} characters)` : redacted;
}

/**
 * Builds the one error type the nodes throw for vendor answers. The raw answer
 * is deliberately not attached: it can echo request details that carry secrets.
 */
export function vendorApiError(
	node: INode,
	details: VendorErrorDetails,
	context: VendorErrorContext,
): NodeApiError {
	const { vendorName, httpStatus, secrets } = context;
	const codePart = details.vendorCode === undefined ? '' : ` (code ${details.vendorCode})`;
	const statusPart = httpStatus === undefined ? '' : ` [HTTP ${httpStatus}]`;
	const vendorMessage = userText(details.message, secrets, MAX_MESSAGE_CHARS);
	const message = redactText(`${vendorName}: ${vendorMessage}${codePart}`, secrets);
	const description = userText(details.hint, secrets, MAX_DESCRIPTION_CHARS);
	const summary: JsonObject = {
		vendor: vendorName,
		message: vendorMessage,
		httpCode: httpStatus === undefined ? null : String(httpStatus),
		vendorCode: details.vendorCode === undefined ? null : String(details.vendorCode),
	};
	const error = new NodeApiError(node, summary, {
		message: `${message}${statusPart}`,
		description,
		httpCode: httpStatus === undefined ? undefined : String(httpStatus),
		itemIndex: context.itemIndex,
	});
	// NodeApiError swaps messages that mention a network code (ECONNRESET …) for
	// a generic sentence; ours already says what happened and what to do.
	error.message = `${message}${statusPart}`;
	error.description = description;
	error.context.vendorCode = details.vendorCode;
	return error;
}

/** A problem with what the user entered, found before anything was sent. */
export function inputError(
	node: INode,
	message: string,
	description: string,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(node, message, { description, itemIndex });
}

/** The transport throws only node errors; anything else is wrapped so the user still sees a node error. */
export function asNodeError(context: { getNode(): INode }, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}
