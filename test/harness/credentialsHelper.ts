/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow as WorkflowClass } from 'n8n-workflow';

import { getCredentialType, nodeTypes } from './nodeTypes';

/**
 * Credentials for harness runs: decrypted data handed in by the test, and
 * authentication applied the way n8n applies it: function-form authenticate
 * is called, generic authenticate has its `={{$credentials.x}}` expressions
 * resolved by n8n's own expression engine and merged into the request.
 */

const OAUTH2_PARENT = 'oAuth2Api';

function expressionWorkflow(): Workflow {
	return new WorkflowClass({ nodes: [], connections: {}, active: false, nodeTypes });
}

const placeholderNode: INode = {
	id: 'credential-resolver',
	name: 'Credential',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Resolves every `=…` string inside a value against the credential data. */
export function resolveCredentialExpressions<T>(
	value: T,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow = expressionWorkflow(),
	node: INode = placeholderNode,
): T {
	if (typeof value === 'string' && value.startsWith('=')) {
		return workflow.expression.getSimpleParameterValue(node, value, 'manual', { $credentials: credentials }, undefined, value) as T;
	}
	if (Array.isArray(value)) return value.map((entry) => resolveCredentialExpressions(entry, credentials, workflow, node)) as T;
	if (value !== null && typeof value === 'object' && !(value instanceof URLSearchParams) && !Buffer.isBuffer(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, resolveCredentialExpressions(entry, credentials, workflow, node)]),
		) as T;
	}
	return value;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private data = new Map<string, ICredentialDataDecryptedObject>();

	setCredentials(credentials: Record<string, Record<string, unknown>>): void {
		this.data = new Map(Object.entries(credentials).map(([type, value]) => [type, { ...value } as ICredentialDataDecryptedObject]));
	}

	getParentTypes(name: string): string[] {
		const type = getCredentialType(name);
		const parents = type?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const authenticate = getCredentialType(typeName)?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate.type !== 'generic') return requestOptions;

		const resolved = resolveCredentialExpressions(authenticate.properties, credentials, workflow, node) as {
			headers?: IDataObject;
			qs?: IDataObject;
			body?: IDataObject;
			auth?: { username: string; password: string };
		};
		const result: IHttpRequestOptions = { ...requestOptions };
		if (resolved.headers) result.headers = { ...(result.headers ?? {}), ...resolved.headers };
		if (resolved.qs) result.qs = { ...(result.qs ?? {}), ...resolved.qs };
		if (resolved.body) result.body = { ...((result.body as IDataObject) ?? {}), ...resolved.body };
		if (resolved.auth) result.auth = { ...resolved.auth };
		return result;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = getCredentialType(typeName);
		if (!type?.preAuthentication) return undefined;
		const expirable = type.properties.find((property) => property.typeOptions?.expirable);
		if (expirable && credentials[expirable.name] && !credentialsExpired) return undefined;
		return await this.runPreAuthentication(helpers, credentials, typeName);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = getCredentialType(typeName);
		if (!type?.preAuthentication) return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.data.get(type) ?? {};
		return {
			id: nodeCredentials.id,
			name: nodeCredentials.name,
			type,
			getData: () => ({ ...data }),
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode?: unknown,
		_executeData?: unknown,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data.get(type);
		if (!data) throw new Error(`The test gave no credentials of type ${type}`);
		// OAuth2 credentials need their parent's fields (e.g. grantType) as n8n fills them.
		const defaults: ICredentialDataDecryptedObject = this.getParentTypes(type).includes(OAUTH2_PARENT)
			? { grantType: 'authorizationCode' }
			: {};
		return { ...defaults, ...this.defaultsOf(type), ...data };
	}

	async updateCredentials(_details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.data.set(type, { ...data });
	}

	/** As n8n's CredentialsHelper does: only oauthTokenData of what it is handed is stored. */
	async updateCredentialsOauthTokenData(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.data.set(type, { ...(this.data.get(type) ?? {}), oauthTokenData: data.oauthTokenData });
	}

	/** What is stored now, as n8n's database would hold it after the run. */
	stored(): Record<string, ICredentialDataDecryptedObject> {
		return Object.fromEntries([...this.data].map(([type, value]) => [type, structuredClone(value)]));
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return getCredentialType(type)?.properties ?? [];
	}

	private defaultsOf(type: string): ICredentialDataDecryptedObject {
		const properties = getCredentialType(type)?.properties ?? [];
		return Object.fromEntries(properties.map((property) => [property.name, property.default])) as ICredentialDataDecryptedObject;
	}
}
