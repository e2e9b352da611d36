/**
 * The body cap over loopback, for an answer that arrives in one piece: the
 * cap counts the piece that passes it, so one chunk larger than the cap is
 * refused even when no other chunk follows.
 */
import { registerForTests, runNode } from '../harness';
import { ProbeApi } from '../fixtures/ProbeApi.credentials';
import { TransportProbe } from '../fixtures/TransportProbe.node';
import { startScriptedServer } from '../fixtures/scriptedServer';

registerForTests({ nodes: [new TransportProbe()], credentials: [new ProbeApi()] });

const CAP = 4096;

/** A JSON answer of exactly `bytes` bytes, sent in one write with its length: one chunk on loopback. */
async function answerOf(bytes: number) {
	const body = `{"pad":"${'x'.repeat(bytes - 10)}"}`;
	expect(Buffer.byteLength(body)).toBe(bytes);
	const server = await startScriptedServer((_request, response) => {
		response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes });
		response.end(body);
	});
	const result = await runNode({
		type: 'transportProbe',
		parameters: { baseUrl: server.url, path: '/thing', maxBodyBytes: CAP },
		credentials: { probeApi: { apiKey: 'probe-key' } },
	});
	await server.close();
	expect(server.seen).toHaveLength(1);
	return result;
}

describe('body cap on an answer in one chunk', () => {
	it('an answer of exactly the cap is read', async () => {
		const result = await answerOf(CAP);
		expect(result.error).toBeUndefined();
		expect(String(result.items[0].json.pad)).toHaveLength(CAP - 10);
	});

	it('one chunk that alone passes the cap (one byte over) is refused', async () => {
		const result = await answerOf(CAP + 1);
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/The answer is larger than/);
	});
});
