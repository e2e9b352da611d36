/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
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
		expect(result.error?.message).toMatch(/Too many requests: the server asked to wait 3600 s before trying again/);
	});

	it('does not wait 45 s for one Retry-After although that fits the total wait budget: a single wait is capped at 30 s', async () => {
		// 45 s is over the 30 s single-wait cap but under the 60 s budget for all waits together,
		// so only the single-wait cap refuses it.
		const server = await startScriptedServer((_request, response) => json(response, 429, {}, { 'Retry-After': '45' }));
		const result = await probe(server.url, { maxDelayMs: 30_000, maxTotalWaitMs: 60_000, totalTimeMs: 120_000 });
		await server.close();
		expect(server.seen).toHaveLength(1);
		expect(result.error?.message).toMatch(/the server asked to wait 45 s before trying again/);
	});

	it.each(['-5', '2, 3', 'soon'])('reads Retry-After %j as unreadable and backs off as usual instead of asking again at once', async (retryAfter) => {
		const server = await startScriptedServer((_request, response, index) =>
			index === 0 ? json(response, 429, {}, { 'Retry-After': retryAfter }) : json(response, 200, { ok: true }),
		);
		const result = await probe(server.url, { baseDelayMs: 400 });
		await server.close();
		expect(result.items[0].json).toEqual({ ok: true });
		// The backoff waits at least half its 400 ms ceiling; a date in the past would not wait at all.
		expect(server.seen[1].at - server.seen[0].at).toBeGreaterThanOrEqual(190);
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

	it('cuts a huge vendor message to a bounded size, says it was cut, and still removes the secret', async () => {
		const server = await startScriptedServer((request, response) =>
			json(response, 400, { error: { message: `key ${request.query.get('apikey')} refused ${'x'.repeat(900_000)}` } }),
		);
		const result = await probe(server.url);
		await server.close();
		expect(result.error?.message).toMatch(/^Probe Service: key \*\*\* refused x+… \(cut at 1000 characters\) \[HTTP 400\]$/);
		expect(result.error?.message.length).toBeLessThan(1100);
		expect(JSON.stringify(result.error).length).toBeLessThan(20_000);
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
		expect(result.error?.message).toMatch(/Timed out: no complete answer from 127\.0\.0\.1:\d+ within 0\.3 s/);
	});

	it('one deadline covers the whole exchange: a body trickled byte by byte times out, and says so', async () => {
		const server = await startScriptedServer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 100_000 });
			response.write('{"pad":"');
			const timer = setInterval(() => response.write(' '), 20);
			response.on('close', () => clearInterval(timer));
		});
		const read = await probe(server.url, { timeoutMs: 1000 });
		const write = await probe(server.url, { timeoutMs: 1000, method: 'POST', idempotent: false });
		await server.close();
		expect(read.error?.message).toMatch(/Timed out: no complete answer from 127\.0\.0\.1:\d+ within 1 s/);
		expect(write.error?.message).toMatch(/Timed out/);
		expect(write.error?.description).toMatch(/may or may not have been carried out/);
		// A timeout is not retried: the attempts would multiply the wait.
		expect(server.seen).toHaveLength(2);
	});

	it('headers followed by silence time out instead of passing for a dropped connection', async () => {
		const server = await startScriptedServer((_request, response) => {
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1000 });
			response.write('{"pad":"');
		});
		const result = await probe(server.url, { timeoutMs: 800 });
		await server.close();
		expect(result.error?.message).toMatch(/Timed out: no complete answer .* within 0\.8 s/);
		expect(server.seen).toHaveLength(1);
	});

	it('bounds the time of all attempts together', async () => {
		const server = await startScriptedServer(async (_request, response) => {
			await new Promise((resolve) => setTimeout(resolve, 400));
			json(response, 503, {});
		});
		const started = Date.now();
		const result = await probe(server.url, { timeoutMs: 5000, totalTimeMs: 1000 });
		const elapsed = Date.now() - started;
		await server.close();
		expect(result.error?.message).toMatch(/HTTP 503|Timed out/);
		expect(server.seen.length).toBeLessThanOrEqual(3);
		// Generous: a bound of 1 s in all must not become the 4 attempts × 5 s the single deadlines would allow.
		expect(elapsed).toBeLessThan(10_000);
	});

	describe('redirects', () => {
		async function twoOrigins(status: number, path = '/elsewhere') {
			const other = await startScriptedServer((_request, response) => json(response, 200, { reached: 'other' }));
			const server = await startScriptedServer((_request, response) => {
				response.writeHead(status, { Location: `${other.url}${path}` });
				response.end();
			});
			return { server, other, close: async () => Promise.all([server.close(), other.close()]) };
		}

		it.each([301, 302, 303, 307, 308])('a %i to another origin sends nothing there and is an error naming its host, for reads and writes', async (status) => {
			const { server, other, close } = await twoOrigins(status);
			const read = await probe(server.url);
			const write = await probe(server.url, { method: 'POST', idempotent: false });
			await close();
			expect(other.seen).toHaveLength(0);
			const otherHost = new URL(other.url).host;
			expect(read.error?.message).toContain(`redirected the request to another host (${otherHost})`);
			expect(write.error?.message).toContain(`(${otherHost})`);
			expect(server.seen).toHaveLength(2);
		});

		it('a same-origin redirect of a read is followed, each hop authenticated by n8n again', async () => {
			const server = await startScriptedServer((request, response) => {
				if (request.path === '/thing') {
					response.writeHead(302, { Location: '/moved?page=1' });
					response.end();
				} else json(response, 200, { path: request.path, page: request.query.get('page') });
			});
			const result = await probe(server.url);
			await server.close();
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({ path: '/moved', page: '1' });
			expect(server.seen.map((request) => request.query.get('apikey'))).toEqual([API_KEY, API_KEY]);
		});

		it('a write is never sent again to a redirect target, even on the same origin', async () => {
			const server = await startScriptedServer((_request, response) => {
				response.writeHead(307, { Location: '/other' });
				response.end();
			});
			const result = await probe(server.url, { method: 'PUT', idempotent: false });
			await server.close();
			expect(server.seen.map((request) => request.path)).toEqual(['/thing']);
			expect(result.error?.message).toMatch(/redirected the write to \/other; it was not sent again/);
		});

		it('follows a bounded number of same-origin redirects', async () => {
			const server = await startScriptedServer((request, response) => {
				response.writeHead(302, { Location: `/hop${server.seen.length}` });
				response.end();
			});
			const result = await probe(server.url);
			await server.close();
			expect(result.error?.message).toMatch(/More than 5 redirects/);
			expect(server.seen).toHaveLength(6);
		});
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
