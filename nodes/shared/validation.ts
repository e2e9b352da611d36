import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { inputError } from './errors';

/**
 * Checks on what the user (or an expression) put into a field, before any
 * request is sent. Every message names the field as the user sees it.
 */

export const MAX_ID_LENGTH = 1024;

const HEX_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isHexUuid(value: string): boolean {
	return HEX_UUID.test(value);
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A text parameter, trimmed. Numbers from expressions are accepted as text;
 * objects, lists and booleans are not. Empty text fails when required.
 */
export function readText(
	context: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	label: string,
	options: { required?: boolean } = { required: true },
): string {
	return checkText(context.getNode(), context.getNodeParameter(parameter, itemIndex, '') as unknown, label, options, itemIndex);
}

/** As readText, for a value already read (a trigger reads its parameters without an item). */
export function checkText(
	node: INode,
	value: unknown,
	label: string,
	options: { required?: boolean } = { required: true },
	itemIndex?: number,
): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' && value !== undefined) {
		throw inputError(
			node,
			`"${label}" must be text, but it is ${describeType(value)}`,
			`Check the value or the expression that fills "${label}".`,
			itemIndex,
		);
	}
	const text = (value ?? '').trim();
	if (options.required !== false && text === '') {
		throw inputError(
			node,
			`"${label}" is required`,
			`Fill in "${label}", or check the expression that fills it: it gave an empty value${itemIndex === undefined ? '' : ' for this item'}.`,
			itemIndex,
		);
	}
	return text;
}

/**
 * Encodes a value as exactly one URL path segment, so that an id such as
 * "../x" or "a/b" can never reach another path.
 */
export function pathSegment(
	context: Pick<IExecuteFunctions, 'getNode'>,
	value: string,
	label: string,
	itemIndex?: number,
): string {
	if (value === '.' || value === '..') {
		throw inputError(
			context.getNode(),
			`"${label}" cannot be "${value}"`,
			`"${label}" must be an ID, not a path.`,
			itemIndex,
		);
	}
	if (value.length > MAX_ID_LENGTH) {
		throw inputError(
			context.getNode(),
			`"${label}" is too long (${value.length} characters; at most ${MAX_ID_LENGTH})`,
			`Check the value or the expression that fills "${label}".`,
			itemIndex,
		);
	}
	return encodeURIComponent(value);
}

/**
 * The root URL requests go to, from a region table or, for region "custom", the
 * credential's Base URL; undefined when that is not a usable http(s) URL.
 */
export function baseUrlFromCredential(
	credentials: { region?: unknown; baseUrl?: unknown },
	regionHosts: Record<string, string>,
): string | undefined {
	const region = typeof credentials.region === 'string' ? credentials.region : 'custom';
	const fromRegion = regionHosts[region];
	const raw = region === 'custom' || fromRegion === undefined ? credentials.baseUrl : fromRegion;
	const text = typeof raw === 'string' ? raw.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) return undefined;
	return text.replace(/\/+$/, '');
}

export const BASE_URL_PROBLEM = `The credential's "Base URL" is not a valid http(s) URL`;
const BASE_URL_HINT = 'Open the credential and set Base URL to the root of the API, e.g. https://host.example.com, without a query string.';

/** As baseUrlFromCredential, but a bad Base URL stops the node with an error naming the field. */
export function resolveBaseUrl(
	context: Pick<IExecuteFunctions, 'getNode'>,
	credentials: { region?: unknown; baseUrl?: unknown },
	regionHosts: Record<string, string>,
): string {
	const baseUrl = baseUrlFromCredential(credentials, regionHosts);
	if (baseUrl === undefined) throw inputError(context.getNode(), BASE_URL_PROBLEM, BASE_URL_HINT);
	return baseUrl;
}

/**
 * A whole-number parameter (dot paths such as "options.pageSize" work), checked
 * before anything is sent: an expression may give text, NaN, a fraction or a
 * number out of range, and none of those may silently become 0 or "all".
 */
export function readInteger(
	context: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	label: string,
	range: { min: number; max: number; fallback: number },
): number {
	const value = context.getNodeParameter(parameter, itemIndex, range.fallback) as unknown;
	return checkInteger(context.getNode(), value, label, range, itemIndex);
}

/** A whole number from min to max (text of one is accepted), checked as readInteger does, for any node. */
export function checkInteger(
	node: INode,
	value: unknown,
	label: string,
	range: { min: number; max: number },
	itemIndex?: number,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < range.min || number > range.max) {
		const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : describeValue(value);
		throw inputError(
			node,
			`"${label}" must be a whole number from ${range.min} to ${range.max}, but it is ${shown}`,
			`Check the value or the expression that fills "${label}".`,
			itemIndex,
		);
	}
	return number;
}

function describeValue(value: unknown): string {
	return typeof value === 'number' ? String(value) : describeType(value);
}

/**
 * An options value, checked at run time against the values the field offers.
 * The editor's list is skipped when an expression or an AI model ($fromAI)
 * fills the field, so an unknown value must fail here, never fall through to
 * another option's behaviour. Case and surrounding spaces are ignored when
 * that still points at exactly one allowed value.
 */
export function checkOption<T extends string>(
	node: INode,
	value: unknown,
	label: string,
	allowed: readonly T[],
	itemIndex?: number,
): T {
	if (typeof value === 'string') {
		if ((allowed as readonly string[]).includes(value)) return value as T;
		const wanted = value.trim().toLowerCase();
		const matches = allowed.filter((option) => option.toLowerCase() === wanted);
		if (matches.length === 1) return matches[0];
	}
	const shown = typeof value === 'string' ? `"${value.slice(0, 60)}"` : describeValue(value);
	throw inputError(
		node,
		`"${label}" must be one of ${allowed.join(', ')}, but it is ${shown}`,
		`Choose one of ${allowed.map((option) => `"${option}"`).join(', ')} for "${label}", or check the expression that fills it.`,
		itemIndex,
	);
}

/** An options parameter of an action node, read for one item and checked as checkOption does. */
export function readOption<T extends string>(
	context: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	label: string,
	allowed: readonly T[],
	fallback: T,
): T {
	const value = context.getNodeParameter(parameter, itemIndex, fallback) as unknown;
	return checkOption(context.getNode(), value, label, allowed, itemIndex);
}

/** ISO 8601 date, optionally with a time (T or space) and an offset: nothing looser (Date.parse takes "1"). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The largest UTC offset a time zone has (+14:00, Kiribati). */
const MAX_OFFSET_MINUTES = 14 * 60;

function isKnownTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

/** Minutes the time zone is ahead of UTC at that instant. */
function zoneOffsetMinutes(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(instant));
	const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
	const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return Math.round((wallClock - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time (given as if it were UTC) stands for in a time zone. */
function wallClockInZone(wallClock: number, timeZone: string): number {
	const first = wallClock - zoneOffsetMinutes(wallClock, timeZone) * 60_000;
	// Again from the first guess, so a time near a daylight-saving change takes that side's offset.
	return wallClock - zoneOffsetMinutes(first, timeZone) * 60_000;
}

function parseIsoDateTime(text: string, timeZone: string): number | undefined {
	const match = ISO_DATE_TIME.exec(text.trim());
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map((field) => Number(field ?? 0));
	const milliseconds = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
	const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
	const back = new Date(wallClock);
	// Date.UTC rolls 2026-02-30 over to March: a date that does not come back unchanged does not exist.
	if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}
	const offset = match[8];
	if (offset === undefined) return wallClockInZone(wallClock, timeZone);
	if (offset.toUpperCase() === 'Z') return wallClock;
	const digits = offset.slice(1).replace(':', '');
	const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
	// No time zone is more than 14 hours from UTC: +99:99 is no offset at all.
	if (Number(digits.slice(2) || 0) > 59 || minutes > MAX_OFFSET_MINUTES) return undefined;
	return wallClock - (offset.startsWith('-') ? -1 : 1) * minutes * 60_000;
}

/**
 * A date-time parameter value as an instant (milliseconds since 1970). Accepts
 * what n8n's date picker gives (a local time without offset, read in the
 * workflow's time zone), ISO 8601 text with an offset, and the Luxon DateTime
 * or JS Date an expression gives; anything else fails, naming the field.
 */
export function checkDateTime(node: INode, value: unknown, label: string, timeZone: string, itemIndex?: number): number {
	let instant: number | undefined;
	if (typeof value === 'string') {
		// A date without an offset is read in the workflow's time zone: one Intl does not know is named as the setting it is.
		const match = ISO_DATE_TIME.exec(value.trim());
		if (match !== null && match[8] === undefined && !isKnownTimeZone(timeZone)) {
			throw inputError(
				node,
				`"${label}" cannot be read in the workflow's time zone "${timeZone.slice(0, 60)}": it is not a known time zone`,
				`Set a valid time zone (e.g. Europe/Berlin) in the workflow's Settings > Timezone, or give "${label}" with an offset such as Z or +01:00.`,
				itemIndex,
			);
		}
		instant = parseIsoDateTime(value, timeZone);
	} else if (value instanceof Date) instant = value.getTime();
	else if (value !== null && typeof value === 'object' && (value as { isLuxonDateTime?: unknown }).isLuxonDateTime === true) {
		const luxon = value as { isValid?: boolean; toMillis: () => number };
		instant = luxon.isValid === false ? undefined : luxon.toMillis();
	}
	if (instant === undefined || !Number.isFinite(instant)) {
		const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : describeValue(value);
		throw inputError(
			node,
			`"${label}" is not a date: ${shown}`,
			`Give "${label}" an ISO date such as 2026-03-01T08:00:00 (read in the workflow's time zone, ${timeZone}) or 2026-03-01T08:00:00Z, or check the expression that fills it.`,
			itemIndex,
		);
	}
	return instant;
}
