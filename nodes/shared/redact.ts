/**
 * Removes secrets from any text that can reach a user: error messages,
 * descriptions, output items and log lines.
 */

const REDACTED = '***';

// Query parameters that carry secrets or values derived from them, whatever the vendor.
const SECRET_QUERY_PARAMETERS = /([?&](?:apikey|api_key|hash|p|password|access_token|token)=)[^&#\s"']*/gi;
const AUTHORIZATION_VALUE = /(authorization["']?\s*[:=]\s*["']?(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]+/gi;

/** Secrets shorter than this are not searched for: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;

function toBase64(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}

/** Every form in which a secret can show up in text: plain, URL-encoded, form-encoded, base64. */
export function secretForms(secret: string): string[] {
	const forms = new Set<string>([
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		toBase64(secret),
	]);
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** The base64 token that HTTP basic auth sends for a username and password. */
export function basicAuthToken(username: string, password: string): string {
	return toBase64(`${username}:${password}`);
}

export function redactText(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
		for (const form of secretForms(secret)) {
			result = result.split(form).join(REDACTED);
		}
	}
	return result
		.replace(SECRET_QUERY_PARAMETERS, `$1${REDACTED}`)
		.replace(AUTHORIZATION_VALUE, `$1${REDACTED}`);
}

/** Redacts every string inside a JSON-like value, keys included. */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
	if (typeof value === 'string') return redactText(value, secrets) as T;
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets)) as T;
	if (value !== null && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
			copy[redactText(key, secrets)] = redactValue(entry, secrets);
		}
		return copy as T;
	}
	return value;
}
