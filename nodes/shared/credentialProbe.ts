import type { ICredentialTestFunctions, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { redactText } from './redact';

/**
 * A credential test that reads the HTTP status itself. n8n's declarative test
 * checks `responseCode` rules only on answers that failed, and treats every
 * failed answer as a failed test; so it cannot say "404 here means the key was
 * accepted" (an empty Plantronics tenant, a UC customer that does not exist).
 */
export interface CredentialProbe {
	method: 'GET' | 'PUT';
	url: string;
	headers?: Record<string, string>;
	qs?: IDataObject;
	/** Everything secret in the request, removed from any message. */
	secrets: string[];
	/** Whether an answer with this status and body proves the credential was accepted. */
	accepted: (status: number, bodyText: string) => boolean;
	/** What a refusal means, by status, in words a workflow builder can act on. */
	refusals: Record<number, string>;
	/** Said for any other answer. */
	otherwise: (status: number) => string;
}

export const CREDENTIAL_OK: INodeCredentialTestResult = { status: 'OK', message: 'Connection tested successfully' };

const PROBE_TIMEOUT_MS = 30_000;

export async function probeCredential(this: ICredentialTestFunctions, probe: CredentialProbe): Promise<INodeCredentialTestResult> {
	// ICredentialTestFunctions offers only the legacy request helper.
	const { helpers } = this;
	let answer: { statusCode: number; body: unknown; headers?: Record<string, unknown> };
	try {
		answer = (await helpers.request({
			method: probe.method,
			uri: probe.url,
			qs: probe.qs,
			headers: probe.headers,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			timeout: PROBE_TIMEOUT_MS,
			// The key must never follow a redirect to another host.
			followRedirect: false,
			followAllRedirects: false,
		})) as typeof answer;
	} catch (error) {
		return { status: 'Error', message: redactText(`Could not reach the server: ${(error as Error).message}`, probe.secrets) };
	}
	if (answer.statusCode >= 300 && answer.statusCode < 400) {
		const location = String(answer.headers?.location ?? '');
		let host = 'another address';
		try {
			host = new URL(location, probe.url).host;
		} catch {
			// A Location that is not a URL: the message says "another address".
		}
		return { status: 'Error', message: redactText(`The server redirected to ${host}; the credential was not sent there. Check the Base URL or region.`, probe.secrets) };
	}
	const bodyText = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
	if (probe.accepted(answer.statusCode, bodyText)) return CREDENTIAL_OK;
	const message = probe.refusals[answer.statusCode] ?? probe.otherwise(answer.statusCode);
	return { status: 'Error', message: redactText(message, probe.secrets) };
}
