import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { CREDENTIAL_OK, credentialExchange, redirectRefusal, unexpectedFailure } from '../../shared/credentialProbe';
import { redactText } from '../../shared/redact';
import { kolmisoftErrorOf, readKolmisoftXml } from './index';
import { signedForm } from './signing';

// Answers that mean the server refused the credential itself.
const CREDENTIAL_REFUSALS: Array<[RegExp, string]> = [
	[/incorrect hash/i, 'The API Secret Key is wrong (Kolmisoft answered "Incorrect hash").'],
	[/bad login/i, 'The Username (or Password) is wrong (Kolmisoft answered "Bad login").'],
	[/api requests are disabled/i, 'The API is disabled on the server: enable it in Settings > API.'],
	[/access denied/i, 'The user may not use the API (Kolmisoft answered "Access Denied").'],
];

/**
 * Kolmisoft answers every error as XML inside HTTP 200, which a declarative
 * credential test cannot read. This sends a signed, read-only devices_get (or its
 * old name device_list, when devices_get is answered 404) for a user id no one
 * has: "User not found" proves the login and the hash were accepted.
 */
export async function kolmisoftApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = [String(data.apiSecretKey ?? ''), String(data.password ?? '')];
	try {
		return await probe.call(this, data, secrets);
	} catch (error) {
		return unexpectedFailure(error, secrets);
	}
}

async function probe(this: ICredentialTestFunctions, data: ICredentialDataDecryptedObject, secrets: string[]): Promise<INodeCredentialTestResult> {
	const secret = String(data.apiSecretKey ?? '');
	const baseUrl = String(data.baseUrl ?? '').replace(/\/+$/, '');
	const urlOf = (method: string) => `${baseUrl}/api/${method}`;
	const ask = async (method: 'devices_get' | 'device_list') => {
		const form = signedForm(method, { user_id: '0' }, secret);
		form.set('u', String(data.username ?? ''));
		if (data.password) form.set('p', String(data.password));
		secrets.push(form.get('hash') ?? '');
		return { method, answer: await credentialExchange.call(this, {
			method: 'POST',
			url: urlOf(method),
			body: form.toString(),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			rejectUnauthorized: data.allowUnauthorizedCerts !== true,
			secrets,
		}) };
	};
	// A server that knows only the old name answers devices_get as an unknown method (see the node's Get Many).
	let { method, answer } = await ask('devices_get');
	if (!('problem' in answer) && answer.statusCode === 404) ({ method, answer } = await ask('device_list'));
	if ('problem' in answer) return { status: 'Error', message: answer.problem };
	const redirected = redirectRefusal(answer, urlOf(method), secrets);
	if (redirected !== undefined) return { status: 'Error', message: redirected };
	// Parsed as received (masking first could break the markup); only the messages below are redacted.
	const parsed = await readKolmisoftXml(answer.text);
	const document = 'document' in parsed ? parsed.document : {};
	const error = kolmisoftErrorOf(document);
	const refusal = error ? CREDENTIAL_REFUSALS.find(([pattern]) => pattern.test(error)) : undefined;
	if (refusal) return { status: 'Error', message: refusal[1] };
	// Kolmisoft answers its errors with HTTP 200: any error status is not the API's answer, whatever the body.
	if (answer.statusCode >= 400) {
		return { status: 'Error', message: `The server answered HTTP ${answer.statusCode} to ${method}: check the Base URL (the billing root, e.g. https://host/billing) and that the server is running.` };
	}
	// Only the API's own answers pass: the devices list, or "User not found" for the made-up user.
	const page = document.page as { devices?: unknown } | undefined;
	const listed = page !== null && typeof page === 'object' && 'devices' in page;
	if (error !== undefined && !/user (?:was )?not found/i.test(error)) {
		return { status: 'Error', message: redactText(`Kolmisoft answered an error: ${error}`, secrets) };
	}
	if (error === undefined && !listed) {
		return {
			status: 'Error',
			message: 'The server did not answer like the Kolmisoft API: check the Base URL (the billing root, e.g. https://host/billing).',
		};
	}
	return CREDENTIAL_OK;
}
