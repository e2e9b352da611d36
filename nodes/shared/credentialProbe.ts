import type { ICredentialTestFunctions, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { TIMED_OUT, decodeBody, isBodyProblem, readBodyBytes, untilDeadline } from './body';
import { redactText } from './redact';

const MB = 1024 * 1024;

/**
 * A credential test runs on n8n's main process when someone presses Test: it
 * gets the nodes' guarantees. The whole exchange (answer and body) ends within
 * the deadline, the body is read as a stream and never past the cap, whether
 * the server compressed it or not, and secrets are removed from every message.
 */
export const CREDENTIAL_TEST_LIMITS = { timeoutMs: 30_000, maxBodyBytes: MB } as const;

export interface CredentialRequest {
	method: 'GET' | 'POST' | 'PUT';
	url: string;
	headers?: Record<string, string>;
	qs?: IDataObject;
	body?: string;
	rejectUnauthorized?: boolean;
	/** Everything secret in the request, removed from any message. */
	secrets: string[];
}

export interface CredentialAnswer {
	statusCode: number;
	headers: Record<string, unknown>;
	text: string;
}

interface RawAnswer {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: unknown;
}

function destroyBody(body: unknown): void {
	(body as { destroy?: () => void } | undefined)?.destroy?.();
}

const timedOut = (url: string) =>
	`No complete answer from ${new URL(url).host} within ${CREDENTIAL_TEST_LIMITS.timeoutMs / 1000} s. Check the Base URL or region, and that the server is reachable from n8n.`;

/** Why the body could not be read, in words: the stream's own errors are not for users. */
function bodyFailure(error: unknown): string {
	const { code, message } = error as { code?: unknown; message?: unknown };
	const text = `${typeof code === 'string' ? code : ''} ${typeof message === 'string' ? message : ''}`;
	if (/^Z_|incorrect header check|unexpected end of file|invalid (?:block|distance|stored)/i.test(text)) {
		return 'The answer could not be decompressed: the server marked it compressed (Content-Encoding) but sent something else. Check the Base URL or region, or a proxy in front of the server.';
	}
	if (/ECONNRESET|aborted|socket hang up|premature close|terminated/i.test(text)) {
		return 'The connection was closed before the whole answer arrived. Try again; if it persists, check the Base URL or region and the network between n8n and the server.';
	}
	return `The answer could not be read (${text.trim() || 'unknown error'}). Check the Base URL or region.`;
}

/**
 * What a credential test says about a redirect: never followed, since the
 * credential would go with it; undefined when the answer is not one.
 */
export function redirectRefusal(answer: CredentialAnswer, url: string, secrets: readonly string[]): string | undefined {
	if (answer.statusCode < 300 || answer.statusCode >= 400) return undefined;
	const location = String(answer.headers.location ?? '');
	let host = 'another address';
	try {
		if (location !== '') host = new URL(location, url).host;
	} catch {
		// A Location that is not a URL: the message says "another address".
	}
	return redactText(`The server redirected to ${host} (HTTP ${answer.statusCode}); the credential was not sent there. Check the Base URL or region.`, secrets);
}

/** A credential test that went wrong in a way nothing above foresaw: still a status with a message, never a throw. */
export function unexpectedFailure(error: unknown, secrets: readonly string[]): INodeCredentialTestResult {
	const message = error instanceof Error ? error.message : String(error);
	return { status: 'Error', message: redactText(`The test could not be completed: ${message}`, secrets) };
}

/** One request of a credential test: the answer with its text, or what went wrong in words (secrets removed). */
export async function credentialExchange(this: ICredentialTestFunctions, request: CredentialRequest): Promise<CredentialAnswer | { problem: string }> {
	const deadline = AbortSignal.timeout(CREDENTIAL_TEST_LIMITS.timeoutMs);
	// ICredentialTestFunctions offers only the legacy request helper. As a stream,
	// a compressed body is unpacked only as far as it is read.
	const { helpers } = this;
	const pending = (
		helpers.request({
			method: request.method,
			uri: request.url,
			qs: request.qs,
			headers: { 'Accept-Encoding': 'identity', ...request.headers },
			body: request.body,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			useStream: true,
			timeout: CREDENTIAL_TEST_LIMITS.timeoutMs,
			rejectUnauthorized: request.rejectUnauthorized,
			// A secret must never follow a redirect to another host.
			followRedirect: false,
			followAllRedirects: false,
		}) as Promise<RawAnswer>
	).catch((error: unknown) => ({ problem: redactText(`Could not reach the server: ${(error as Error).message}`, request.secrets) }));
	const answer = await untilDeadline(pending, deadline);
	if (answer === TIMED_OUT) {
		pending.then((late) => destroyBody((late as RawAnswer).body), () => undefined);
		return { problem: timedOut(request.url) };
	}
	if ('problem' in answer) return answer;
	let received: Awaited<ReturnType<typeof readBodyBytes>>;
	try {
		received = await readBodyBytes(answer.body, CREDENTIAL_TEST_LIMITS.maxBodyBytes, deadline);
	} catch (error) {
		destroyBody(answer.body);
		return { problem: redactText(bodyFailure(error), request.secrets) };
	}
	if (received === TIMED_OUT) return { problem: timedOut(request.url) };
	if (isBodyProblem(received)) return { problem: `${received.problem}: not an answer of the API. Check the Base URL or region.` };
	const bytes = await decodeBody(received, CREDENTIAL_TEST_LIMITS.maxBodyBytes);
	if (isBodyProblem(bytes)) return { problem: `${bytes.problem}: not an answer of the API. Check the Base URL or region.` };
	return { statusCode: answer.statusCode, headers: answer.headers ?? {}, text: bytes.toString('utf8') };
}

/**
 * A credential test that reads the HTTP status itself. n8n's declarative test
 * checks `responseCode` rules only on answers that failed, and treats every
 * failed answer as a failed test; so it cannot say "404 here means the key was
 * accepted" (an empty Plantronics tenant, a UC customer that does not exist).
 */
export interface CredentialProbe extends CredentialRequest {
	/** Sent once more with this method when the server answers 405 (it did nothing with the first). */
	methodOn405?: 'POST';
	/** Whether an answer with this status and body proves the credential was accepted. */
	accepted: (status: number, bodyText: string) => boolean;
	/** A refusal read from the body (checked first), in words a workflow builder can act on. */
	refusal?: (status: number, bodyText: string) => string | undefined;
	/** What a refusal means, by status, in words a workflow builder can act on. */
	refusals: Record<number, string>;
	/** Said for any other answer. */
	otherwise: (status: number) => string;
}

export const CREDENTIAL_OK: INodeCredentialTestResult = { status: 'OK', message: 'Connection tested successfully' };

export async function probeCredential(this: ICredentialTestFunctions, probe: CredentialProbe): Promise<INodeCredentialTestResult> {
	try {
		let answer = await credentialExchange.call(this, probe);
		if (!('problem' in answer) && answer.statusCode === 405 && probe.methodOn405) {
			answer = await credentialExchange.call(this, { ...probe, method: probe.methodOn405 });
		}
		if ('problem' in answer) return { status: 'Error', message: answer.problem };
		const redirected = redirectRefusal(answer, probe.url, probe.secrets);
		if (redirected !== undefined) return { status: 'Error', message: redirected };
		if (probe.accepted(answer.statusCode, answer.text)) return CREDENTIAL_OK;
		const message = probe.refusal?.(answer.statusCode, answer.text) ?? probe.refusals[answer.statusCode] ?? probe.otherwise(answer.statusCode);
		return { status: 'Error', message: redactText(message, probe.secrets) };
	} catch (error) {
		return unexpectedFailure(error, probe.secrets);
	}
}
