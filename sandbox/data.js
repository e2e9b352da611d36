'use strict';
/** Deterministic data for the sandbox: a small seeded PRNG, never Math.random. */

/** mulberry32: tiny, fast, good enough for test data. */
function createRandom(seed) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (max) => Math.floor(next() * max),
		pick: (list) => list[Math.floor(next() * list.length)],
	};
}

/** A UUID-shaped id derived from a seed and a number (stable across runs). */
function uuidFrom(seed, n) {
	const random = createRandom(seed * 1000003 + n);
	const hex = () => random.int(16).toString(16);
	const part = (length) => Array.from({ length }, hex).join('');
	return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}

/**
 * What a proxy or web application firewall in front of an API may answer in
 * its place, with HTTP 200: an HTML page (and not well-formed XML either).
 */
const PROXY_PAGE =
	'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Request received</title></head>' +
	'<body><h1>Request received</h1><p>Your request is being processed.<br>You may close this page.</p></body></html>';

/** A write carried out, whose answer a proxy replaced with its own page. */
function proxyPageAnswer() {
	return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: PROXY_PAGE };
}

module.exports = { createRandom, uuidFrom, PROXY_PAGE, proxyPageAnswer };
