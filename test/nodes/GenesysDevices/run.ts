import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode } from '../../harness';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type Recorded = Sandbox['requests'][number];
export type Device = { id: string; phoneNumber: string; capabilities: string[]; deviceState: string; telephonyNetwork: string };

export const base64 = (text: string) => Buffer.from(text).toString('base64');
export const ADMIN_BASIC = base64(`admin:${SANDBOX_SECRETS.genesysPassword}`);

/** Every secret that must never come out: the sandbox's, their base64 forms, and the CSRF values seen on the wire. */
function forbiddenValues(requests: Recorded[], extra: string[]): string[] {
	const values = [...Object.values(SANDBOX_SECRETS), ...extra].flatMap((value) => [value, base64(value)]);
	values.push(ADMIN_BASIC);
	for (const request of requests) {
		if (typeof request.headers['x-csrf-token'] === 'string') values.push(request.headers['x-csrf-token']);
		const session = /JSESSIONID=([^;]+)/.exec(String(request.headers.cookie ?? ''))?.[1];
		if (session) values.push(session);
	}
	return values;
}

/** Runs the node against the sandbox; fails the test when any secret came out. */
export async function run(
	sandbox: Sandbox,
	parameters: Record<string, unknown>,
	extra: {
		input?: Array<Record<string, unknown>>;
		continueOnFail?: boolean;
		credentials?: Record<string, unknown>;
		alsoSecret?: string[];
	} = {},
) {
	sandbox.clearRequests();
	const result = await runNode({
		type: 'genesysDevices',
		parameters: { resource: 'device', ...parameters },
		credentials: { genesysWebServicesApi: { ...sandbox.credentials.genesys, ...extra.credentials } },
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});
	const requests = sandbox.requests.filter((request) => request.vendor === 'genesys');
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	for (const secret of forbiddenValues(requests, extra.alsoSecret ?? [])) expect(text).not.toContain(secret);
	return { ...result, requests };
}

