/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { pollTrigger, registerForTests, runNode, testCredential } from '.';
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
		expect(first.items?.[0].json).toEqual({ polls: 1, ok: true });
		expect(server.seen.at(-1)?.authorization).toBe('Bearer good-token');
		const second = await pollTrigger({ type: 'probePoller', parameters: {}, credentials, staticData: first.staticData });
		expect(second.items?.[0].json).toEqual({ polls: 2, ok: true });

		expect(await testCredential('probeTokenApi', credentials.probeTokenApi)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await testCredential('probeTokenApi', { baseUrl: server.url, token: 'wrong' })).toEqual({ status: 'Error', message: 'Token rejected' });
	});

	it('captures what nodes log', async () => {
		const result = await runNode({ type: 'transportProbe', parameters: { baseUrl: 'http://127.0.0.1:1', baseDelayMs: 1 }, credentials: { probeApi: { apiKey: 'good-key' } } });
		expect(result.error?.message).toMatch(/Could not complete the request/);
		expect(result.logs.join('\n')).toMatch(/retrying/);
	});
});
