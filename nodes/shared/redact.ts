import { runYielding } from './xml';

/**
 * Removes secrets from what can reach a user: error messages, descriptions and
 * log lines (texts we compose: every form of every secret is removed wherever
 * it stands), and output items (values the server sent: only secrets strong
 * enough to be told apart from ordinary data are masked, on the parsed values,
 * so escapes in the raw answer hide nothing and markup is never touched).
 */

export const REDACTED = '***';

/**
 * A secret shorter than this, or made of digits only, is too weak to be masked
 * in output items: it would also match ids, numbers and ordinary words
 * (`1` in `device-1`, `admin` in `administrator`, `100` as a user id).
 */
export const MIN_MASKED_SECRET_LENGTH = 8;

export function isWeakSecret(secret: string): boolean {
	return secret.length < MIN_MASKED_SECRET_LENGTH || /^\d+$/.test(secret);
}

// Query parameters that carry secrets or values derived from them, whatever the vendor.
const SECRET_QUERY_PARAMETERS = /([?&](?:apikey|api_key|hash|p|password|access_token|token)=)[^&#\s"']*/gi;
const AUTHORIZATION_VALUE = /(authorization["']?\s*[:=]\s*["']?(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]+/gi;

/** Base64 cores shorter than this are not looked for in error texts: they are not the secret and match far too much. */
const MIN_BASE64_CORE_LENGTH = 4;

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

/** The forms a secret takes as text: plain, URL- and form-encoded (also as PHP's rawurlencode writes it), JSON- and XML-escaped. */
function textForms(secret: string): string[] {
	const json = JSON.stringify(secret).slice(1, -1);
	return [
		secret,
		encodeURIComponent(secret),
		encodeURIComponent(secret).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16)}`),
		new URLSearchParams({ s: secret }).toString().slice(2),
		json,
		json.replace(/\//g, '\\/'),
		xmlEscaped(secret, '&apos;'),
		xmlEscaped(secret, '&#39;'),
		toBase64(secret),
	];
}

/**
 * Every form in which a secret can show up in text: the text forms and base64
 * at any alignment. Matched case-insensitively, so lower-case percent-encoding
 * and an upper-case hex hash are covered too.
 */
export function secretForms(secret: string): string[] {
	return [...new Set([...textForms(secret), ...base64Cores(secret)])].filter((form) => form.length > 0);
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
function literalsPattern(forms: Iterable<string>): RegExp | undefined {
	const alternatives = [...new Set(forms)].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
	return alternatives.length === 0 ? undefined : new RegExp(alternatives.map(escapeRegExp).join('|'), 'gi');
}

/** What masks one set of secrets: compiled once, used for every text and value of a run. */
export interface SecretMasker {
	/** An error, description or log line with every form of every secret removed, weak ones included. */
	text(text: string): string;
	/** One value of an answer with the strong secrets (and secret query parameters, authorization values) masked. */
	value(text: string): string;
	/** Whether `value` could change this text: one test, so values without anything to mask cost little. */
	touches(text: string): boolean;
	/** Whether some secret is too weak to be masked in values (see isWeakSecret). */
	readonly hasWeakSecret: boolean;
	/** The length of the longest form of any secret (what a cut can split). */
	readonly longestForm: number;
}

// What the query-parameter and authorization patterns start with, for the one test of `touches`.
const PARAMETER_START = /[?&](?:apikey|api_key|hash|p|password|access_token|token)=|authorization["']?\s*[:=]/;

function maskerOf(secrets: readonly string[]): SecretMasker {
	const present = [...new Set(secrets)].filter((secret) => secret !== '');
	const strong = present.filter((secret) => !isWeakSecret(secret));
	const textPattern = literalsPattern(
		present.flatMap((secret) => [...textForms(secret), ...base64Cores(secret).filter((core) => core.length >= MIN_BASE64_CORE_LENGTH)]),
	);
	const valueForms = strong.flatMap((secret) => secretForms(secret).filter((form) => form.length >= MIN_MASKED_SECRET_LENGTH));
	const valuePattern = literalsPattern(valueForms);
	const touchPattern = new RegExp([...(valuePattern ? [valuePattern.source] : []), PARAMETER_START.source].join('|'), 'i');
	const longestForm = Math.max(0, ...present.flatMap((secret) => secretForms(secret).map((form) => form.length)));
	const parameters = (text: string) =>
		text.replace(SECRET_QUERY_PARAMETERS, `$1${REDACTED}`).replace(AUTHORIZATION_VALUE, `$1${REDACTED}`);
	return {
		text: (text) => parameters(textPattern ? text.replace(textPattern, REDACTED) : text),
		value: (text) => (touchPattern.test(text) ? parameters(valuePattern ? text.replace(valuePattern, REDACTED) : text) : text),
		touches: (text) => touchPattern.test(text),
		hasWeakSecret: strong.length < present.length,
		longestForm,
	};
}

/** Maskers of recent secret sets: a run's requests, pages and items share one compiled pattern. */
const maskers = new Map<string, SecretMasker>();
const MAX_MASKERS = 16;

export function secretMasker(secrets: readonly string[]): SecretMasker {
	// The same secrets in another order or repeated (a token added after each exchange) share one masker.
	const key = JSON.stringify([...new Set(secrets)].filter((secret) => secret !== '').sort());
	let masker = maskers.get(key);
	if (masker === undefined) {
		masker = maskerOf(secrets);
		if (maskers.size >= MAX_MASKERS) maskers.delete(maskers.keys().next().value as string);
		maskers.set(key, masker);
	}
	return masker;
}

/** The length of the longest form of any of the secrets (what a cut can split). */
export function longestSecretForm(secrets: readonly string[]): number {
	return secretMasker(secrets).longestForm;
}

export function redactText(text: string, secrets: readonly string[]): string {
	return secretMasker(secrets).text(text);
}

/** Values visited between two looks at the clock. */
const VALUES_PER_STEP = 4096;

/**
 * Masks every string of a parsed answer (object keys included) in place, in
 * steps, so a large answer never holds the event loop. Numbers, booleans and
 * structure stay as they are, and so does every string that holds nothing to mask.
 */
function* maskSteps(root: object, masker: SecretMasker): Generator<void, void> {
	// Keys repeat in every device: each distinct key is tested once.
	const keyTouched = new Map<string, boolean>();
	const pending: object[] = [root];
	let visited = 0;
	while (pending.length > 0) {
		const container = pending.pop()!;
		if (Array.isArray(container)) {
			for (let index = 0; index < container.length; index++) {
				const entry: unknown = container[index];
				if (typeof entry === 'string') {
					if (masker.touches(entry)) container[index] = masker.value(entry);
				} else if (entry !== null && typeof entry === 'object') pending.push(entry);
			}
			visited += container.length;
		} else {
			const object = container as Record<string, unknown>;
			let renamed = false;
			for (const key in object) {
				const entry = object[key];
				if (typeof entry === 'string') {
					if (masker.touches(entry)) object[key] = masker.value(entry);
				} else if (entry !== null && typeof entry === 'object') pending.push(entry);
				let touched = keyTouched.get(key);
				if (touched === undefined) keyTouched.set(key, (touched = masker.touches(key)));
				renamed ||= touched;
				visited++;
			}
			if (renamed) renameKeys(object, masker);
		}
		if (visited >= VALUES_PER_STEP) {
			visited = 0;
			yield;
		}
	}
}

/** Puts every entry back in the same order under its masked name (defineProperty: a key such as __proto__ stays a key). */
function renameKeys(object: Record<string, unknown>, masker: SecretMasker): void {
	const entries = Object.keys(object).map((key) => [masker.value(key), object[key]] as const);
	for (const key of Object.keys(object)) delete object[key];
	for (const [key, entry] of entries) Object.defineProperty(object, key, { value: entry, enumerable: true, writable: true, configurable: true });
}

/**
 * Masks a freshly parsed answer in place and returns it: what goes into output
 * items. Every value is visited, whatever the raw text looked like, since an
 * escape (`\u0041`, `&#65;`) can hide a secret there.
 */
export async function maskParsed<T>(parsed: T, masker: SecretMasker): Promise<T> {
	if (typeof parsed === 'string') return masker.value(parsed) as T;
	if (parsed !== null && typeof parsed === 'object') await runYielding(maskSteps(parsed, masker));
	return parsed;
}

/** The one line users see when a secret of the credential is too weak to be hidden from output. */
export function weakSecretNotice(vendorName: string): string {
	return `${vendorName}: a secret of the credential is too weak to be hidden from output items (fewer than ${MIN_MASKED_SECRET_LENGTH} characters, or digits only), so values that contain it are shown as the server sent them. Errors and logs still hide it. Use a longer secret to have it masked everywhere.`;
}
