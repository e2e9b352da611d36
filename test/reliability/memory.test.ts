import { startSandbox } from '../../sandbox';
import { runNode } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * Memory is bounded per vendor: each answer stops at the vendor's cap, so
 * concurrency × cap bounds what a node can hold. The peak RSS is printed.
 */
describe('bounded memory under gzip bombs', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());

	it('UC Softphone at concurrency 6: every item stops at the 1 MB cap (compressed or decompressed)', async () => {
		sandbox.setFaults([{ kind: 'gzipBomb', vendor: 'uc', bytes: 256 * 1024 * 1024 }]);
		const customer = sandbox.data.uc.customers[0];
		const before = process.memoryUsage().rss;
		const result = await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop', options: { concurrency: 6 } },
			credentials: { ucSoftphoneApi: sandbox.credentials.uc },
			input: Array.from({ length: 6 }, (_, index) => ({ index })),
			continueOnFail: true,
		});
		const after = process.memoryUsage().rss;
		console.log(`UC gzip bomb × 6 at concurrency 6: RSS ${Math.round(before / 1048576)} MB before, ${Math.round(after / 1048576)} MB after, peak of the process so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
		expect(result.items).toHaveLength(6);
		for (const item of result.items) expect(item.json.error).toMatch(/answer is larger than 1 MB/);
	}, 60_000);
});
