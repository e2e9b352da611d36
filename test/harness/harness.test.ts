/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { durablePoller, legacyPoller, pollTrigger, registerForTests, runNode, testCredential } from '.';
import { ProbeApi } from '../fixtures/ProbeApi.credentials';
import { TransportProbe } from '../fixtures/TransportProbe.node';
import { ProbePoller, ProbeTokenApi } from '../fixtures/ProbePoller.node';

registerForTests({ nodes: [new TransportProbe(), new ProbePoller()], credentials: [new ProbeApi(), new ProbeTokenApi()] });

/** A server that accepts the key `good-key` as query apikey or `Bearer good-token`. */
async function startAuthServer() {
	const seen: Array<{ url: string; authorization?: string }> = [];
	const server = http.createServer((req, res) => {
		seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
		const url = new URL(req.url ?? '/', 'http://x');
		const ok = url.searchParams.get('apikey') === 'good-key' || req.headers.authorization === 'Bearer good-token';
		res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify(ok ? { ok: true, path: url.pathname } : { error: { message: 'denied' } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('harness', () => {
	let server: Awaited<ReturnType<typeof startAuthServer>>;
	beforeAll(async () => (server = await startAuthServer()));
	afterAll(async () => await server.close());

	it('resolves generic credential expressions and sends them over the wire', async () => {
		const good = await runNode({ type: 'transportProbe', parameters: { baseUrl: server.url }, credentials: { probeApi: { apiKey: 'good-key' } } });
		expect(good.items[0].json).toEqual({ ok: true, path: '/' });
		expect(server.seen.at(-1)?.url).toContain('apikey=good-key');
		const bad = await runNode({ type: 'transportProbe', parameters: { baseUrl: server.url }, credentials: { probeApi: { apiKey: 'bad-key' } } });
		expect(bad.error?.message).toMatch(/denied/);
	});

	it('runs a poll with a context that keeps static data across polls, and a declarative credential test', async () => {
		const credentials = { probeTokenApi: { baseUrl: server.url, token: 'good-token' } };
		const first = await pollTrigger({ type: 'probePoller', parameters: {}, credentials });
		expect(first.items?.[0].json).toMatchObject({ polls: 1, ok: true });
		expect(server.seen.at(-1)?.authorization).toBe('Bearer good-token');
		const second = await pollTrigger({ type: 'probePoller', parameters: {}, credentials, staticData: first.staticData });
		expect(second.items?.[0].json).toMatchObject({ polls: 2, ok: true });

		expect(await testCredential('probeTokenApi', credentials.probeTokenApi)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await testCredential('probeTokenApi', { baseUrl: server.url, token: 'wrong' })).toEqual({ status: 'Error', message: 'Token rejected' });
	});

	it('legacyPoller: one context for the activation, live static data (what a failed poll changed stays), a new context after an edit', async () => {
		let token = 'good-token';
		const trigger = legacyPoller({ type: 'probePoller', parameters: {}, credentials: () => ({ probeTokenApi: { baseUrl: server.url, token } }) });
		const fired = async () => (await trigger.poll()).items?.[0].json;
		expect(await fired()).toEqual({ polls: 1, ok: true, pollsOnThisContext: 1, budgetMs: 300_000 });
		expect(await fired()).toMatchObject({ polls: 2, pollsOnThisContext: 2 });
		token = 'wrong';
		const failed = await trigger.poll();
		expect(failed.error).toBeDefined();
		expect(trigger.staticData).toEqual({ 'node:Poller': { polls: 3 } });
		token = 'good-token';
		// Other credentials (or parameters) are a new activation: a new context, the same static data.
		expect(await fired()).toMatchObject({ polls: 4, pollsOnThisContext: 1 });
		// Ticks do not wait for each other: two polls at once share the context.
		const [a, b] = await Promise.all([trigger.poll(), trigger.poll()]);
		expect([a.items?.[0].json.pollsOnThisContext, b.items?.[0].json.pollsOnThisContext].sort()).toEqual([2, 3]);
	});

	it('durablePoller: a new context per poll with the poll budget, static data committed only by a successful poll', async () => {
		let token = 'good-token';
		const trigger = durablePoller({ type: 'probePoller', parameters: {}, credentials: () => ({ probeTokenApi: { baseUrl: server.url, token } }) });
		expect((await trigger.poll()).items?.[0].json).toEqual({ polls: 1, ok: true, pollsOnThisContext: 1, budgetMs: 36_000 });
		expect((await trigger.poll()).items?.[0].json).toMatchObject({ polls: 2, pollsOnThisContext: 1 });
		token = 'wrong';
		const failed = await trigger.poll();
		expect(failed.error).toBeDefined();
		expect(failed.staticData).toEqual({ 'node:Poller': { polls: 2 } });
		token = 'good-token';
		expect((await trigger.poll()).items?.[0].json).toMatchObject({ polls: 3, pollsOnThisContext: 1 });
		// The editor's test run: its changes are dropped.
		expect((await trigger.manualPoll()).items?.[0].json).toMatchObject({ polls: 4 });
		expect(trigger.staticData).toEqual({ 'node:Poller': { polls: 3 } });
	});

	it('captures what nodes log', async () => {
		const result = await runNode({ type: 'transportProbe', parameters: { baseUrl: 'http://127.0.0.1:1', baseDelayMs: 1 }, credentials: { probeApi: { apiKey: 'good-key' } } });
		expect(result.error?.message).toMatch(/Could not complete the request/);
		expect(result.logs.join('\n')).toMatch(/retrying/);
	});
});
