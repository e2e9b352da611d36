/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';

import { decodeBody, gunzip, isBodyProblem, readBodyBytes } from '../../nodes/shared/body';

describe('answer bodies', () => {
	it('gunzips a body that starts with the gzip magic bytes, and leaves plain text alone', async () => {
		const xml = '<page><devices><device><device_id>1</device_id></device></devices></page>';
		const zipped = await decodeBody(gzipSync(Buffer.from(xml)), 1024 * 1024);
		expect(Buffer.isBuffer(zipped) && zipped.toString()).toBe(xml);
		const plain = await decodeBody(Buffer.from(xml), 1024 * 1024);
		expect(Buffer.isBuffer(plain) && plain.toString()).toBe(xml);
	});

	it('reports a truncated gzip body as damaged', async () => {
		const zipped = gzipSync(Buffer.from('x'.repeat(10000) + Math.PI.toString().repeat(500)));
		const result = await gunzip(zipped.subarray(0, Math.floor(zipped.length / 2)), 1024 * 1024);
		expect(isBodyProblem(result) && result.problem).toMatch(/damaged or incomplete/);
	});

	it('stops a gzip bomb at the cap instead of inflating it', async () => {
		const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x41));
		const before = process.memoryUsage().rss;
		const result = await gunzip(bomb, 4 * 1024 * 1024);
		expect(isBodyProblem(result) && result.problem).toMatch(/decompressed answer is larger than 4 MB/);
		expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
	});

	it('stops reading a streamed answer past the cap', async () => {
		const chunks = Array.from({ length: 100 }, () => Buffer.alloc(64 * 1024, 0x20));
		const stream = Readable.from(chunks);
		const result = await readBodyBytes(stream, 1024 * 1024);
		expect(isBodyProblem(result) && result.problem).toMatch(/answer is larger than 1 MB/);
		expect(stream.destroyed).toBe(true);
	});
});
