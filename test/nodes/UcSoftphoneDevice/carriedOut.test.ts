import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode } from '../../harness';

/**
 * A write must never pass for done when it was not, nor hide what was done:
 * the items already carried out when a run stops, the Location of a change,
 * and numbers from expressions checked before anything is sent.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
let customer: string;
beforeAll(async () => {
	sandbox = await startSandbox({ size: 10 });
	customer = sandbox.data.uc.customers[0];
});
afterAll(async () => await sandbox.close());
afterEach(() => sandbox.setFaults([]));

async function run(parameters: Record<string, unknown>, extra: { input?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) {
	sandbox.clearRequests();
	sandbox.data.uc.assignments.clear();
	const result = await runNode({
		type: 'ucSoftphoneDevice',
		parameters: { authentication: 'accessToken', resource: 'device', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', ...parameters },
		credentials: { ucSoftphoneApi: sandbox.credentials.uc },
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	for (const secret of Object.values(SANDBOX_SECRETS)) expect(text).not.toContain(secret);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'uc') };
}

const byDevice = { deviceId: '={{ $json.device }}', userId: '={{ $json.user }}', clientType: 'desktop' };

describe('UC Softphone Device: a stopped run says which items were already carried out', () => {
	it('item 0 refused (charges apply) while items 1–4 are assigned alongside it', async () => {
		const input = [
			{ user: 'user-1', device: 'dev-1-paid' },
			{ user: 'user-1', device: 'dev-1-a' },
			{ user: 'user-1', device: 'dev-1-b' },
			{ user: 'user-2', device: 'dev-2-a' },
			{ user: 'user-2', device: 'dev-2-b' },
		];
		const result = await run({ operation: 'assign', ...byDevice, options: { concurrency: 5 } }, { input });
		// Every item was sent at once; four of them changed the PBX.
		expect(result.requests).toHaveLength(5);
		expect(sandbox.data.uc.assignments.size).toBe(4);
		expect(result.error?.message).toMatch(/^UC Softphone: Charges apply: .* \(item 0; items already carried out: 1–4\)$/);
		expect(result.error?.description).toContain('The run stopped at item 0 (items counted from 0). Already carried out, do not repeat them: items 1–4. Not sent: none.');
	});

	it('one after another (Concurrency 1): the items before the failure are done, the ones after are not sent', async () => {
		const input = [
			{ user: 'user-1', device: 'dev-1-a' },
			{ user: 'user-2', device: 'dev-2-a' },
			{ user: 'user-3', device: 'dev-1-a' },
			{ user: 'user-3', device: 'dev-3-a' },
		];
		const result = await run({ operation: 'assign', ...byDevice, options: { concurrency: 1 } }, { input });
		expect(result.requests.map((request) => request.status)).toEqual([201, 201, 404]);
		expect(result.error?.message).toMatch(/Device not found .*\(item 2; items already carried out: 0, 1\)$/);
		expect(result.error?.description).toMatch(/Already carried out, do not repeat them: items 0, 1\. Not sent: items 3\.$/);
	});

	it('says so when nothing else was carried out', async () => {
		const input = [{ user: 'user-1', device: 'dev-2-a' }, { user: 'user-1', device: 'dev-1-a' }];
		const result = await run({ operation: 'unassign', ...byDevice, options: { concurrency: 1 } }, { input });
		expect(result.error?.message).toMatch(/Device not found .*\(item 0; no other item was carried out\)$/);
		expect(result.error?.description).toMatch(/Not sent: items 1\.$/);
	});
});

describe('UC Softphone Device: Concurrency from an expression is checked before anything is sent', () => {
	it.each([
		['={{ "abc" }}', '"Concurrency" must be a whole number from 1 to 50, but it is "abc"'],
		['={{ 0/0 }}', '"Concurrency" must be a whole number from 1 to 50, but it is NaN'],
		[0, '"Concurrency" must be a whole number from 1 to 50, but it is 0'],
		[51, '"Concurrency" must be a whole number from 1 to 50, but it is 51'],
		['={{ 2.5 }}', '"Concurrency" must be a whole number from 1 to 50, but it is 2.5'],
	])('%j', async (concurrency, message) => {
		const input = [{ user: 'user-1', device: 'dev-1-a' }, { user: 'user-2', device: 'dev-2-a' }];
		const failed = await run({ operation: 'assign', ...byDevice, options: { concurrency } }, { input });
		expect(failed.error?.message).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
		expect(failed.requests).toHaveLength(0);

		const continued = await run({ operation: 'assign', ...byDevice, options: { concurrency } }, { input, continueOnFail: true });
		expect(continued.items.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 0 }, message],
			[{ item: 1 }, message],
		]);
		expect(continued.pairedByNode).toEqual([{ item: 0 }, { item: 1 }]);
		expect(continued.requests).toHaveLength(0);
	});
});

describe('UC Softphone Device: what the output says', () => {
	it('carries the 201 answer\'s Location, and whether the accept-charges header was sent', async () => {
		const result = await run({ operation: 'assign', clientType: 'desktop' });
		expect(result.error).toBeUndefined();
		const location = `${sandbox.url}/api/v1.0/customers/${customer}/users/user-1/devices/pbx/dev-1-a/assign`;
		expect(result.items[0].json).toMatchObject({ status: 'success', httpStatus: 201, location, acceptChargesHeaderSent: false });
		expect(result.items[0].json).not.toHaveProperty('chargesAccepted');
	});

	it.each([
		['an empty 200', 200, '', /^UC Softphone: The answer does not say the change was made \(HTTP 200, empty body\)/, /Base URL ends in \/api/],
		['a 201 without "status": "success"', 201, '{"ok":true}', /^UC Softphone: The answer does not say the change was made \(HTTP 201, no "status": "success"\)/, /Base URL ends in \/api/],
		['a 200 HTML page', 200, '<html><body>Welcome</body></html>', /^UC Softphone: The answer is not valid JSON/, /base URL/],
	])('%s is an error, not a change made', async (_name, status, body, message, hint) => {
		sandbox.setFaults([{ vendor: 'uc', kind: 'status', status, body }]);
		const result = await run({ operation: 'assign', clientType: 'desktop' }, { continueOnFail: true });
		expect(result.items[0].json.error).toMatch(message);
		expect(result.items[0].json.description).toMatch(hint);
		expect(result.requests).toHaveLength(1);
	});
});
