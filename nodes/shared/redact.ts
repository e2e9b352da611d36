/**
 * Removes secrets from any text that can reach a user: error messages,
 * descriptions, output items and log lines.
 */

const REDACTED = '***';

// Query parameters that carry secrets or values derived from them, whatever the vendor.
const SECRET_QUERY_PARAMETERS = /([?&](?:apikey|api_key|hash|p|password|access_token|token)=)[^&#\s"']*/gi;
const AUTHORIZATION_VALUE = /(authorization["']?\s*[:=]\s*["']?(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]+/gi;

/** Forms shorter than this are matched only as a whole word: they would otherwise blank out parts of ordinary words. */
const MIN_FORM_LENGTH = 4;

function toBase64(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The base64 characters that depend on the secret alone, for each of the three
 * alignments it can have inside a longer base64 text (e.g. `user:password` in
 * a basic auth header, whatever the username).
 */
function base64Cores(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	return [0, 1, 2].map((offset) => {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		return encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
	});
}

function xmlEscaped(secret: string, apostrophe: string): string {
	return secret
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, apostrophe);
}

/**
 * Every form in which a secret can show up in text: plain, URL- and
 * form-encoded (also with !'()* encoded), JSON- and XML-escaped, and base64 at
 * any alignment. Matched case-insensitively, so lower-case percent-encoding and
 * an upper-case hex hash are covered too.
 */
export function secretForms(secret: string): string[] {
	const json = JSON.stringify(secret).slice(1, -1);
	const forms = new Set<string>([
		secret,
		encodeURIComponent(secret),
		encodeURIComponent(secret).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16)}`),
		new URLSearchParams({ s: secret }).toString().slice(2),
		json,
		json.replace(/\//g, '\\/'),
		xmlEscaped(secret, '&apos;'),
		xmlEscaped(secret, '&#39;'),
		toBase64(secret),
		...base64Cores(secret),
	]);
	return [...forms].filter((form) => form.length > 0);
}

/** The base64 token that HTTP basic auth sends for a username and password. */
export function basicAuthToken(username: string, password: string): string {
	return toBase64(`${username}:${password}`);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One case-insensitive pattern of literal alternatives, longest first, so a
 * secret that contains another is removed whole. Literal alternatives keep it
 * linear in the length of the text.
 */
function secretsPattern(secrets: readonly string[]): RegExp | undefined {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (!secret) continue;
		// A short secret is matched only in its plain form, as a whole word.
		if (secret.length < MIN_FORM_LENGTH) forms.add(`\u0000${secret}`);
		else for (const form of secretForms(secret)) if (form.length >= MIN_FORM_LENGTH) forms.add(form);
	}
	if (forms.size === 0) return undefined;
	const alternatives = [...forms]
		.sort((a, b) => b.length - a.length)
		.map((form) => (form.startsWith('\u0000') ? `(?<![A-Za-z0-9])${escapeRegExp(form.slice(1))}(?![A-Za-z0-9])` : escapeRegExp(form)));
	return new RegExp(alternatives.join('|'), 'gi');
}

/** The length of the longest form of any of the secrets (what a cut can split). */
export function longestSecretForm(secrets: readonly string[]): number {
	let longest = 0;
	for (const secret of secrets) if (secret) for (const form of secretForms(secret)) longest = Math.max(longest, form.length);
	return longest;
}

export function redactText(text: string, secrets: readonly string[]): string {
	const pattern = secretsPattern(secrets);
	const result = pattern ? text.replace(pattern, REDACTED) : text;
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
