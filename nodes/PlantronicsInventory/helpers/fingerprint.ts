import { createHash } from 'crypto';

/**
 * Device ids are kept in the trigger's static data as 12-character
 * fingerprints (72 bits of SHA-1, base64url) joined into one string: about
 * 1.2 MB for 100,000 devices, with a negligible chance of two ids colliding.
 */
const FINGERPRINT_LENGTH = 12;

export function fingerprint(id: string): string {
	return createHash('sha1').update(id).digest('base64url').slice(0, FINGERPRINT_LENGTH);
}

export function packFingerprints(fingerprints: Iterable<string>): string {
	return [...fingerprints].sort().join('');
}

export function unpackFingerprints(packed: unknown): Set<string> {
	const text = typeof packed === 'string' ? packed : '';
	const set = new Set<string>();
	for (let start = 0; start + FINGERPRINT_LENGTH <= text.length; start += FINGERPRINT_LENGTH) {
		set.add(text.slice(start, start + FINGERPRINT_LENGTH));
	}
	return set;
}
