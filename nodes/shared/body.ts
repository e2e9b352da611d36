/**
 * Reading answer bodies with a size cap, and gunzipping them without Node's
 * zlib (restricted in n8n Cloud): the web-standard DecompressionStream does it.
 * Problems are returned, not thrown, so the transport can turn them into the
 * node's own error type.
 */

const MB = 1024 * 1024;

export const DEFAULT_MAX_BODY_BYTES = 16 * MB;
export const DEFAULT_MAX_GUNZIPPED_BYTES = 64 * MB;

/**
 * JSON objects and lists one answer may hold. Parsed, each costs far more than
 * its text (`{}` is 2 bytes, an object some 50), so the byte cap alone does not
 * bound the memory of a parsed answer: this does, counted before parsing.
 */
export const DEFAULT_MAX_JSON_CONTAINERS = 1_000_000;

/** How many `{` and `[` the text holds: an upper bound on the objects and lists JSON.parse would build. */
export function jsonContainerCount(text: string): number {
	let count = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x7b || code === 0x5b) count++;
	}
	return count;
}

/**
 * Per vendor, what its answers can really be, with room to spare. An answer is
 * held about three times at its peak (the chunks, their concatenation, the
 * decoded text), so these times concurrency bound the memory of a node.
 */
export const BODY_LIMITS = {
	/** One small JSON answer per assign or unassign (up to 50 at once: 150 MB at most). */
	uc: { maxBodyBytes: MB, maxGunzippedBytes: MB },
	/** One page of at most 99 devices (pages are read one at a time). */
	plantronics: { maxBodyBytes: 8 * MB, maxGunzippedBytes: 8 * MB },
	/**
	 * A whole contact center's devices in one answer (up to 4 reads at once);
	 * 500,000 JSON objects and lists are some 100,000 devices.
	 */
	genesys: { maxBodyBytes: 64 * MB, maxGunzippedBytes: 64 * MB, maxJsonContainers: 500_000 },
	/** devices_get of a user with 100,000+ devices, as XML, gzipped or plain (one at a time). */
	kolmisoft: { maxBodyBytes: 128 * MB, maxGunzippedBytes: 128 * MB },
} as const;

/**
 * What one run of a node (an execution of it, or one poll of a trigger) may
 * read of a vendor that answers page by page: the byte cap holds per answer,
 * this across all of them, so a server that never says it is done cannot run
 * n8n out of memory. Pages read are about what the run keeps (the devices).
 * Counted by the run's RunLimits (runLimits.ts), made afresh at every
 * execution and every poll.
 */
export const RUN_BUDGETS = {
	/** About 170,000 Plantronics devices of 1.5 KB. */
	plantronicsBytes: 256 * MB,
} as const;

export function megabytes(bytes: number): number {
	return Math.round(bytes / MB);
}

export interface BodyProblem {
	problem: string;
	hint: string;
}

export function isBodyProblem(value: Buffer | BodyProblem | typeof TIMED_OUT): value is BodyProblem {
	return typeof value === 'object' && !Buffer.isBuffer(value);
}

function tooLarge(limitBytes: number, what: string): BodyProblem {
	return {
		problem: `The ${what} is larger than ${Math.round(limitBytes / MB)} MB`,
		hint: 'It was far larger than expected and was not read further. Narrow the request (filters, smaller pages).',
	};
}

type ByteChunk = Uint8Array | string;

function isAsyncIterable(value: unknown): value is AsyncIterable<ByteChunk> & { destroy?: () => void } {
	return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}

export const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT as soon as the deadline passes first. */
export async function untilDeadline<T>(work: Promise<T>, deadline: AbortSignal | undefined): Promise<T | typeof TIMED_OUT> {
	if (!deadline) return await work;
	if (deadline.aborted) return TIMED_OUT;
	let onAbort = () => {};
	const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
		onAbort = () => resolve(TIMED_OUT);
		deadline.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([work, timedOut]);
	} finally {
		deadline.removeEventListener('abort', onAbort);
	}
}

/**
 * Collects a streamed (or already buffered) body, stopping as soon as it passes
 * the cap or the deadline. Each read is raced against the deadline: destroying
 * the response stream alone does not end a read that waits for a silent server.
 */
export async function readBodyBytes(
	body: unknown,
	maxBytes: number,
	deadline?: AbortSignal,
): Promise<Buffer | BodyProblem | typeof TIMED_OUT> {
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (!isAsyncIterable(body)) return Buffer.from(JSON.stringify(body), 'utf8');

	const chunks: Buffer[] = [];
	let total = 0;
	const iterator = body[Symbol.asyncIterator]();
	for (;;) {
		const next = await untilDeadline(iterator.next(), deadline);
		if (next === TIMED_OUT) {
			body.destroy?.();
			return TIMED_OUT;
		}
		if (next.done) break;
		const chunk = next.value;
		// A Buffer is kept as it is; copying every chunk would hold the answer twice.
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : asBuffer(chunk);
		total += buffer.length;
		if (total > maxBytes) {
			body.destroy?.();
			return tooLarge(maxBytes, 'answer');
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks, total);
}

/** A Buffer view of the same memory, no copy. */
function asBuffer(bytes: Uint8Array): Buffer {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzips in a stream, cancelling as soon as the output passes the cap (a gzip bomb stops early). */
export async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Buffer | BodyProblem> {
	const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new DecompressionStream('gzip'));
	const reader = stream.getReader();
	const chunks: Buffer[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > maxBytes) {
				await reader.cancel();
				return tooLarge(maxBytes, 'decompressed answer');
			}
			chunks.push(asBuffer(value));
		}
	} catch (error) {
		return {
			problem: `The gzip-compressed answer is damaged or incomplete (${(error as Error).message})`,
			hint: 'The transfer was cut off or the server sent damaged data. Try again; if it persists, check the server.',
		};
	}
	return Buffer.concat(chunks, total);
}

/** The body as bytes, gunzipped when it starts with the gzip magic bytes, whatever the headers said. */
export async function decodeBody(bytes: Buffer, maxGunzippedBytes: number): Promise<Buffer | BodyProblem> {
	return isGzip(bytes) ? await gunzip(bytes, maxGunzippedBytes) : bytes;
}
