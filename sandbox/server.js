'use strict';
/**
 * The sandbox's HTTP layer: routing to the vendor emulations, recording every
 * request, bounded body reading, and fault injection.
 */
const http = require('node:http');
const zlib = require('node:zlib');

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function queryObject(searchParams) {
	const query = {};
	for (const [key, value] of searchParams) {
		if (key in query) query[key] = [].concat(query[key], value);
		else query[key] = value;
	}
	return query;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const bombs = new Map();
/**
 * A small gzip that expands to `bytes` of padding. Built once per size for the
 * whole process (concurrent requests share the one being built), by streaming,
 * never held expanded, at level 1: the padding compresses about as well and
 * building costs a fraction of level 9's CPU.
 */
function gzipBomb(bytes) {
	if (!bombs.has(bytes)) {
		bombs.set(
			bytes,
			new Promise((resolve, reject) => {
				const chunk = Buffer.alloc(1024 * 1024, 0x20);
				const gzip = zlib.createGzip({ level: 1 });
				const parts = [];
				gzip.on('data', (part) => parts.push(part));
				gzip.on('end', () => resolve(Buffer.concat(parts)));
				gzip.on('error', reject);
				gzip.write(Buffer.from('<page><devices><device><device_id>'));
				for (let written = 0; written < bytes; written += chunk.length) gzip.write(chunk);
				gzip.end();
			}),
		);
	}
	return bombs.get(bytes);
}

function matches(rule, request, counts) {
	if (rule.vendor && rule.vendor !== request.vendor) return false;
	if (rule.method && rule.method.toUpperCase() !== request.method) return false;
	if (rule.query !== undefined) {
		// Every given query parameter must be there with this value (e.g. { page: '3' }).
		if (Object.entries(rule.query).some(([key, value]) => request.query[key] !== String(value))) return false;
	}
	if (rule.path !== undefined) {
		if (rule.path instanceof RegExp ? !rule.path.test(request.path) : !request.path.includes(rule.path)) return false;
	}
	const seen = counts.get(rule) ?? 0;
	counts.set(rule, seen + 1);
	if (rule.after !== undefined && seen < rule.after) return false;
	const hits = seen - (rule.after ?? 0);
	return rule.times === undefined || hits < rule.times;
}

/**
 * Creates the server. `vendors` is a list of { name, handles(path), handle(request) } where
 * handle returns { status, headers, body (string|Buffer|object) }.
 */
function createServer({ vendors, latencyMs = 0 }) {
	const requests = [];
	let faults = [];
	let counts = new Map();
	// Requests being answered right now, and the most at any one time, so tests can see how many a client sends at once.
	const inFlight = { current: 0, max: 0 };

	const server = http.createServer(async (req, res) => {
		inFlight.current++;
		inFlight.max = Math.max(inFlight.max, inFlight.current);
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const rawPath = (req.url ?? '/').split('?')[0];
		const vendor = vendors.find((candidate) => candidate.handles(rawPath)) ?? null;
		const record = {
			vendor: vendor ? vendor.name : 'unknown',
			method: req.method ?? 'GET',
			path: rawPath,
			query: queryObject(url.searchParams),
			headers: { ...req.headers },
			body: '',
			status: 0,
			at: Date.now(),
		};
		requests.push(record);
		res.once('close', () => {
			inFlight.current--;
			record.answeredAt = Date.now();
		});
		try {
			record.body = await readBody(req);
		} catch {
			record.status = 413;
			res.writeHead(413).end();
			return;
		}
		const fault = faults.find((rule) => matches(rule, record, counts));
		if (latencyMs > 0) await sleep(latencyMs);
		if (fault && fault.kind === 'latency') await sleep(fault.ms ?? 1000);
		if (fault && fault.kind === 'drop') {
			record.status = -1;
			res.socket?.destroy();
			return;
		}
		if (fault && fault.kind === 'redirect') {
			// A 3xx to `location` (another origin, or a path of this one).
			record.status = fault.status ?? 302;
			res.writeHead(record.status, { Location: fault.location, 'Content-Type': 'text/plain' }).end('moved');
			return;
		}
		if (fault && (fault.kind === 'trickle' || fault.kind === 'stall')) {
			// Headers at once, then one byte every `intervalMs` (trickle) or nothing more (stall), until the client gives up.
			record.status = 200;
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1024 * 1024 });
			res.write('{"pad":"');
			if (fault.kind === 'trickle') {
				const timer = setInterval(() => res.write(' '), fault.intervalMs ?? 100);
				res.on('close', () => clearInterval(timer));
			}
			return;
		}
		if (fault && fault.kind === 'echo') {
			// An answer made by the test from the request as received (e.g. a server that echoes what it was sent).
			record.status = fault.status ?? 200;
			res.writeHead(record.status, { 'Content-Type': fault.contentType ?? 'text/xml' }).end(fault.body(record));
			return;
		}
		if (fault && fault.kind === 'status') {
			record.status = fault.status;
			const headers = { 'Content-Type': 'application/json' };
			if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
			res.writeHead(fault.status, headers).end(fault.body ?? JSON.stringify({ error: fault.status, message: 'injected fault' }));
			return;
		}
		let answer = vendor
			? await vendor.handle({ ...record, url, fault })
			: { status: 404, body: { error: 404, message: 'No such route in the sandbox' } };
		if (fault && fault.kind === 'hugeBody') {
			// Streamed in 1 MB pieces, so the sandbox never holds it whole.
			const total = fault.bytes ?? 100 * 1024 * 1024;
			record.status = 200;
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': total + 10 });
			const piece = Buffer.alloc(1024 * 1024, 0x20);
			res.write('{"pad":"');
			let sent = 0;
			const more = () => {
				while (sent < total && !res.destroyed) {
					const part = piece.subarray(0, Math.min(piece.length, total - sent));
					sent += part.length;
					if (!res.write(part)) return res.once('drain', more);
				}
				if (!res.destroyed) res.end('"}');
			};
			more();
			return;
		}
		if (fault && fault.kind === 'gzipBomb') {
			answer = { status: 200, headers: { 'Content-Type': 'application/x-gzip' }, body: await gzipBomb(fault.bytes ?? 1024 * 1024 * 1024) };
		}
		let body = answer.body ?? '';
		const headers = { ...(answer.headers ?? {}) };
		if (typeof body === 'object' && !Buffer.isBuffer(body)) {
			body = JSON.stringify(body);
			headers['Content-Type'] ??= 'application/json';
		}
		if (fault && fault.kind === 'malformed') {
			body = /xml|gzip/.test(String(headers['Content-Type'])) ? '<page><devices><device><device_id>1</device' : '{"broken": [1, 2';
			delete headers['Content-Encoding'];
			if (/gzip/.test(String(headers['Content-Type']))) headers['Content-Type'] = 'text/xml';
		}
		// The answer as it is now, sent `ms` later: a slow poll that read the data before a change made meanwhile.
		if (fault && fault.kind === 'lateAnswer') await sleep(fault.ms ?? 1000);
		if (fault && fault.kind === 'truncateGzip' && Buffer.isBuffer(body)) body = body.subarray(0, Math.floor(body.length / 2));
		record.status = answer.status;
		const buffer = Buffer.isBuffer(body) ? body : Buffer.from(String(body));
		if (fault && fault.kind === 'dropMidBody') {
			res.writeHead(answer.status, { ...headers, 'Content-Length': buffer.length });
			res.write(buffer.subarray(0, Math.floor(buffer.length / 2)));
			setTimeout(() => res.socket?.destroy(), 10);
			return;
		}
		res.writeHead(answer.status, { ...headers, 'Content-Length': buffer.length });
		res.end(buffer);
	});

	return {
		server,
		requests,
		inFlight,
		setFaults(rules) {
			faults = rules ?? [];
			counts = new Map();
		},
	};
}

module.exports = { createServer, gzipBomb };
