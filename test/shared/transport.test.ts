import { registerForTests, runNode } from '../harness';
import { ProbeApi } from '../fixtures/ProbeApi.credentials';
import { TransportProbe } from '../fixtures/TransportProbe.node';
import { json, startScriptedServer } from '../fixtures/scriptedServer';

registerForTests({ nodes: [new TransportProbe()], credentials: [new ProbeApi()] });

const API_KEY = 'probe-secret-key-Zq81!x';

async function probe(url: string, parameters: Record<string, unknown> = {}, input?: Array<Record<string, unknown>>, continueOnFail = false) {
	return await runNode({
		type: 'transportProbe',
		parameters: { baseUrl: url, path: '/thing', ...parameters },
		credentials: { probeApi: { apiKey: API_KEY } },
		input,
		continueOnFail,
	});
}

describe('shared transport over HTTP', () => {
	it('sends the credential through n8n authentication and returns the answer', async () => {
		const server = await startScriptedServer((_request, response) => json(response, 200, { ok: true }));
		const result = await probe(server.url);
		await server.close();
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ ok: true }]);
		expect(server.seen[0].query.get('apikey')).toBe(API_KEY);
	});

	it('retries an idempotent request through a 503 burst and succeeds', async () => {
		const server = await startScriptedServer((_request, response, index) =>
			index < 2 ? json(response, 503, {}) : json(response, 200, { ok: index }),
		);
		const result = await probe(server.url);
		await server.close();
		expect(server.seen).toHaveLength(3);
		expect(result.items[0].json).toEqual({ ok: 2 });
	});

	it('never retries a write, and says it may have been carried out', async () => {
		const server = await startScriptedServer((_request, response) => json(response, 503, {}));
		const result = await probe(server.url, { method: 'POST', idempotent: false });
		await server.close();
		expect(server.seen).toHaveLength(1);
		expect(result.error?.message).toMatch(/Probe Service/);
		expect(result.error?.httpCode).toBe('503');
	});

	it('bounds the attempts against a server that keeps failing', async () => {
		const server = await startScriptedServer((_request, response) => json(response, 502, {}));
		const result = await probe(server.url);
		await server.close();
		expect(server.seen).toHaveLength(4);
		expect(result.error?.message).toMatch(/HTTP 502/);
	});

	it('waits as long as Retry-After says before asking again', async () => {
		const server = await startScriptedServer((_request, response, index) =>
			index === 0 ? json(response, 429, {}, { 'Retry-After': '1' }) : json(response, 200, { ok: true }),
		);
		const result = await probe(server.url, { baseDelayMs: 1 });
		await server.close();
		expect(result.items[0].json).toEqual({ ok: true });
		expect(server.seen).toHaveLength(2);
		expect(server.seen[1].at - server.seen[0].at).toBeGreaterThanOrEqual(950);
	});

	it('does not wait for a Retry-After longer than it is willing to, and says it was rate limited', async () => {
		const server = await startScriptedServer((_request, response) => json(response, 429, {}, { 'Retry-After': '3600' }));
		const result = await probe(server.url);
		await server.close();
		expect(server.seen).toHaveLength(1);
		expect(result.error?.message).toMatch(/Too many requests/);
	});

	it('retries a dropped connection for a read, not for a write', async () => {
		const dropFirst = (_request: unknown, response: import('node:http').ServerResponse, index: number) => {
			if (index === 0) response.socket?.destroy();
			else json(response, 200, { ok: true });
		};
		const readServer = await startScriptedServer(dropFirst);
		const read = await probe(readServer.url);
		await readServer.close();
		expect(readServer.seen).toHaveLength(2);
		expect(read.items[0].json).toEqual({ ok: true });

		const writeServer = await startScriptedServer(dropFirst);
		const write = await probe(writeServer.url, { method: 'PUT', idempotent: false });
		await writeServer.close();
		expect(writeServer.seen).toHaveLength(1);
		expect(write.error?.description).toMatch(/may or may not/);
	});

	it('maps a vendor error to a NodeApiError with the vendor text, status, code and a hint, without the secret', async () => {
		const server = await startScriptedServer((request, response) =>
			json(response, 401, { error: { code: 'KEY_BAD', message: `key ${request.query.get('apikey')} is not valid` } }),
		);
		const result = await probe(server.url);
		await server.close();
		expect(result.error?.message).toMatch(/^Probe Service: key \*\*\* is not valid \(code KEY_BAD\)/);
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toBe('Check the probe key.');
		const everything = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
		expect(everything).not.toContain(API_KEY);
		expect(everything).not.toContain(encodeURIComponent(API_KEY));
	});

	it('fails clearly on an answer that is not JSON, and on one past the size cap', async () => {
		const garbage = await startScriptedServer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end('{"devices": [1, 2');
		});
		const notJson = await probe(garbage.url);
		await garbage.close();
		expect(notJson.error?.message).toMatch(/not valid JSON/);

		const huge = await startScriptedServer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(`{"pad":"${'x'.repeat(300_000)}"}`);
		});
		const tooLarge = await probe(huge.url, { maxBodyBytes: 100_000 });
		await huge.close();
		expect(tooLarge.error?.message).toMatch(/larger than/);
	});

	it('fails with a clear error when the server does not answer in time', async () => {
		const server = await startScriptedServer(() => undefined);
		const result = await probe(server.url, { timeoutMs: 300, method: 'POST', idempotent: false });
		await server.close();
		expect(result.error?.message).toMatch(/No answer from 127\.0\.0\.1:\d+ within/);
	});

	it('runs items concurrently yet keeps input order and pairing', async () => {
		const server = await startScriptedServer(async (request, response) => {
			const item = Number(request.query.get('item'));
			// Earlier items answer later, so completion order is the reverse of input order.
			await new Promise((resolve) => setTimeout(resolve, (10 - item) * 15));
			json(response, 200, { item });
		});
		const input = Array.from({ length: 10 }, (_, item) => ({ item }));
		const result = await probe(server.url, { path: '={{ "/thing?item=" + $json.item }}', concurrency: 5 }, input);
		await server.close();
		expect(result.items.map((item) => item.json.item)).toEqual(input.map((entry) => entry.item));
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, index) => ({ item: index })));
		expect(Math.max(...server.seen.map((request) => request.inFlight))).toBeGreaterThan(1);
	});

	it('with Continue On Fail gives one error item per failed input, paired, and carries on', async () => {
		const server = await startScriptedServer((request, response) =>
			request.query.get('item') === '1' || request.query.get('item') === '3'
				? json(response, 400, { error: { message: 'bad item' } })
				: json(response, 200, { item: Number(request.query.get('item')) }),
		);
		const input = Array.from({ length: 5 }, (_, item) => ({ item }));
		const result = await probe(server.url, { path: '={{ "/thing?item=" + $json.item }}', concurrency: 2 }, input, true);
		await server.close();
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, index) => ({ item: index })));
		expect(result.items[1].json.error).toMatch(/bad item/);
		expect(result.items[3].json.error).toMatch(/bad item/);
		expect(result.items[4].json).toEqual({ item: 4 });
	});
});
