/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import type { ICredentialDataDecryptedObject, ICredentialTestRequest, IDataObject, IHttpRequestOptions, INodeType } from 'n8n-workflow';
import { Container } from '@n8n/di';
import { OutboundHttp } from '@n8n/backend-network';
import { CredentialTestContext } from 'n8n-core';

import { resolveCredentialExpressions } from './credentialsHelper';
import { installLogCapture } from './logs';
import { allNodeTypes, getCredentialType } from './nodeTypes';
import { additionalDataFor, credentialsHelper } from './runWorkflow';
import { recordForSecretScan } from './secretScan';

/**
 * What n8n's "Test credential" button does: a declarative test request has its
 * expressions resolved against the credential, authentication applied, is sent
 * over HTTP, and its rules are checked; a credential tested by a node
 * (`testedBy`) runs that node's credentialTest method instead.
 */

/** What n8n says when a declarative credential test passes. */
export const DECLARATIVE_TEST_OK = 'Connection successful!';

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
}

function valueAt(body: unknown, key: string): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value as IDataObject | undefined)?.[part], body);
}

async function runDeclarativeTest(
	credentialType: string,
	data: ICredentialDataDecryptedObject,
	test: ICredentialTestRequest,
): Promise<CredentialTestOutcome> {
	const request = resolveCredentialExpressions(test.request, data) as IHttpRequestOptions;
	const options: IHttpRequestOptions = {
		method: 'GET',
		...request,
		url: request.url ?? '',
		json: true,
		returnFullResponse: true,
	};
	const authenticated = await credentialsHelper.authenticate(data, credentialType, options);
	// As n8n's CredentialsTester does: responseCode rules are read only when the
	// request failed, responseSuccessBody rules only when it succeeded.
	let response: { statusCode: number; body: unknown };
	try {
		response = (await Container.get(OutboundHttp).requests().request(authenticated)) as typeof response;
	} catch (error) {
		const failed = (error as { response?: { status?: number; statusText?: string } }).response;
		if (!failed?.status) return { status: 'Error', message: (error as { code?: string }).code ?? (error as Error).message };
		for (const rule of test.rules ?? []) {
			if (rule.type === 'responseCode' && failed.status === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'Error', message: failed.statusText || `Received HTTP status code: ${failed.status}` };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && valueAt(response.body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: DECLARATIVE_TEST_OK };
}

function nodeTestFor(credentialType: string) {
	for (const nodeType of allNodeTypes() as INodeType[]) {
		const listed = nodeType.description.credentials?.find((credential) => credential.name === credentialType);
		const testName = listed?.testedBy;
		if (typeof testName === 'string' && nodeType.methods?.credentialTest?.[testName]) {
			return nodeType.methods.credentialTest[testName];
		}
	}
	return undefined;
}

export async function testCredential(credentialType: string, data: Record<string, unknown>): Promise<CredentialTestOutcome> {
	const outcome = await runCredentialTest(credentialType, data);
	recordForSecretScan(`credential test of ${credentialType}`, outcome);
	return outcome;
}

async function runCredentialTest(credentialType: string, data: Record<string, unknown>): Promise<CredentialTestOutcome> {
	installLogCapture();
	const type = getCredentialType(credentialType);
	if (!type) throw new Error(`Unknown credential type ${credentialType}`);
	const withDefaults = {
		...Object.fromEntries(type.properties.map((property) => [property.name, property.default])),
		...data,
	} as ICredentialDataDecryptedObject;
	if (type.test) return await runDeclarativeTest(credentialType, withDefaults, type.test);
	const nodeTest = nodeTestFor(credentialType);
	if (!nodeTest) throw new Error(`Credential type ${credentialType} has no test`);
	const context = new CredentialTestContext(additionalDataFor({ nodes: [], connections: {} }, 'manual'));
	return (await nodeTest.call(context as never, {
		id: 'test',
		name: credentialType,
		type: credentialType,
		data: withDefaults,
	} as never)) as CredentialTestOutcome;
}
