import { createHash } from 'crypto';

/**
 * Kolmisoft signs each request with SHA1 over the values of the method's
 * parameters, in the order its documentation lists them, then the API secret
 * key; no separators, and `u` / `p` never take part.
 */
export const HASH_ORDER = {
	devices_get: ['user_id'],
	// The old name of devices_get, kept by the API for backward compatibility.
	device_list: ['user_id'],
	device_details_get: ['device_id'],
	device_create: ['user_id', 'description', 'pin', 'type', 'devicegroup_id', 'caller_id'],
	device_update: ['device', 'authentication', 'username', 'host', 'port'],
	device_delete: ['device'],
} as const;

export type KolmisoftMethod = keyof typeof HASH_ORDER;

export function requestHash(method: KolmisoftMethod, values: Record<string, string>, secret: string): string {
	const signed = HASH_ORDER[method].map((name) => values[name] ?? '').join('');
	return createHash('sha1').update(signed + secret).digest('hex');
}

/** The form body of a signed request: the method's values (empty ones left out) and the hash. */
export function signedForm(method: KolmisoftMethod, values: Record<string, string>, secret: string): URLSearchParams {
	const form = new URLSearchParams();
	for (const [name, value] of Object.entries(values)) if (value !== '') form.set(name, value);
	form.set('hash', requestHash(method, values, secret));
	return form;
}
