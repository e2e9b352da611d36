import { XMLParser } from 'fast-xml-parser';
import { sleep } from 'n8n-workflow';

/**
 * XML parsing for vendors that answer XML. Entity expansion is off, so a
 * document declaring entities ("billion laughs") is read as plain text, never
 * expanded; only the five predefined entities and numeric character
 * references are decoded, in one linear pass. The build bundles
 * fast-xml-parser into this file.
 *
 * Whatever the bytes, reading stays within a budget: documents nested too
 * deeply, with too many elements or with a single huge value are refused
 * before (or as soon as) they are seen, fast-xml-parser (whose time and error
 * messages grow with the input) only ever gets small documents, and long
 * reads give the event loop back regularly so n8n stays responsive.
 */

const KB = 1024;

export const XML_LIMITS = {
	/** Kolmisoft answers nest 4 levels deep. */
	maxDepth: 32,
	/** About 80,000 devices of 25 fields: the node's memory stays in the hundreds of MB. */
	maxElements: 2_000_000,
	/** The text of one value (a description, a name). */
	maxTextChars: 1024 * KB,
	/** Documents the plain reader cannot read go to fast-xml-parser only up to this size. */
	maxParserChars: 512 * KB,
} as const;

/** Milliseconds a parse may hold the event loop before it lets other work run. */
const YIELD_AFTER_MS = 20;

export type XmlParseResult = { document: Record<string, unknown> } | { problem: string };

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

// One alternation of bounded runs: linear, whatever the text.
const REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;

function fromCodePoint(code: number, original: string): string {
	const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
	return valid ? String.fromCodePoint(code) : original;
}

/** `Tom &amp; Jerry &#60;HQ&#x3E;` -> `Tom & Jerry <HQ>`; any other `&name;` stays as it is. */
export function decodeXmlText(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(REFERENCE, (match, decimal?: string, hex?: string, name?: string) => {
		if (name !== undefined) return PREDEFINED[name];
		return fromCodePoint(decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16), match);
	});
}

// fast-xml-parser calls methods such as hasOwnProperty on the objects it
// builds, so an element named like one breaks it: such names are marked while
// it parses and restored afterwards.
const RESERVED_MARK = '\u0000';
let sawReservedName = false;

function markReservedName(name: string): string {
	if (!Object.prototype.hasOwnProperty.call(Object.prototype, name)) return name;
	sawReservedName = true;
	return `${RESERVED_MARK}${name}`;
}

const parser = new XMLParser({
	transformTagName: markReservedName,
	ignoreAttributes: true,
	processEntities: false,
	htmlEntities: false,
	parseTagValue: false,
	trimValues: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	tagValueProcessor: (_name: string, value: string) => decodeXmlText(value),
});

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?

const isXmlSpace = (code: number) => code === SPACE || code === LF || code === TAB || code === CR;
const isNameStart = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f; // a-z A-Z _
const isNameChar = (code: number) => isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e; // 0-9 - .

const problems = {
	depth: () => `The answer nests elements more than ${XML_LIMITS.maxDepth} levels deep`,
	elements: () => `The answer has more than ${XML_LIMITS.maxElements.toLocaleString('en-US')} elements`,
	text: () => `The answer has a single value longer than ${XML_LIMITS.maxTextChars / KB} KB`,
	prototype: () => 'The answer has an element named __proto__, which is not read',
	tooLargeForParser: () =>
		`The answer is not plain XML (attributes, comments, CDATA, mixed content or not well-formed) and is larger than ${XML_LIMITS.maxParserChars / KB} KB, the most read in that form`,
};

/**
 * XML reads every line end as \n (XML 1.0, 2.11), whichever reader runs; a
 * byte order mark before the document is not part of it.
 */
function normalizeLineEnds(original: string): string {
	const text = original.charCodeAt(0) === 0xfeff ? original.slice(1) : original;
	return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

const NAMED_REFERENCES: Array<[string, string]> = [['&amp;', '&'], ['&lt;', '<'], ['&gt;', '>'], ['&quot;', '"'], ['&apos;', "'"]];
// A numeric reference, bounded so it stays linear.
const NUMERIC_REFERENCE = /&#(?:(\d{1,7})|x([0-9a-fA-F]{1,6}));/y;

/**
 * A leaf's text as fast-xml-parser gives it (decoded as decodeXmlText does),
 * or undefined when it holds an `&` that is not one of those references. One
 * pass, so text dense with references costs no more than plain text.
 */
function simpleLeafText(raw: string): string | undefined {
	const trimmed = raw.trim();
	let at = trimmed.indexOf('&');
	if (at === -1) return trimmed;
	const parts: string[] = [];
	let from = 0;
	for (; at !== -1; at = trimmed.indexOf('&', from)) {
		parts.push(trimmed.slice(from, at));
		const named = NAMED_REFERENCES.find(([reference]) => trimmed.startsWith(reference, at));
		if (named !== undefined) {
			parts.push(named[1]);
			from = at + named[0].length;
			continue;
		}
		NUMERIC_REFERENCE.lastIndex = at;
		const numeric = NUMERIC_REFERENCE.exec(trimmed);
		if (numeric === null) return undefined;
		from = NUMERIC_REFERENCE.lastIndex;
		parts.push(fromCodePoint(numeric[1] !== undefined ? Number(numeric[1]) : parseInt(numeric[2], 16), numeric[0]));
	}
	parts.push(trimmed.slice(from));
	return parts.join('');
}

type SimpleElement = { name: string; children?: Record<string, unknown>; textStart: number };

function addChild(parent: SimpleElement, name: string, value: unknown): void {
	const children = (parent.children ??= {});
	if (!Object.prototype.hasOwnProperty.call(children, name)) children[name] = value;
	else if (Array.isArray(children[name])) (children[name] as unknown[]).push(value);
	else children[name] = [children[name], value];
}

/** The plain reader's verdict: the document, a refusal, or undefined (not plain: fast-xml-parser's turn). */
type PlainResult = XmlParseResult | undefined;

/** The plain reader pauses (yields) after this many tags or characters, so its driver can give the event loop back. */
const TAGS_PER_STEP = 1024;
const CHARS_PER_STEP = 256 * KB;

/**
 * API answers are nearly always plain: elements without attributes, text
 * only in leaves, no comments, CDATA, DOCTYPE or processing instructions but
 * a leading XML declaration. Such a document is read here in one linear pass
 * (a large device list several times faster than fast-xml-parser, with far
 * less garbage), giving exactly what fast-xml-parser gives for it (a test
 * compares the two on generated documents). Anything else, including every
 * malformed document, returns undefined and goes to fast-xml-parser. The
 * budget (depth, elements, size of a value) is checked as it goes.
 */
function* readPlainXml(text: string): Generator<void, PlainResult> {
	const length = text.length;
	let at = 0;
	if (text.startsWith('<?xml')) {
		const end = text.indexOf('?>', 5);
		if (end === -1 || !isXmlSpace(text.charCodeAt(5))) return undefined;
		const declaration = text.slice(5, end);
		if (declaration.includes('<') || declaration.includes('>')) return undefined;
		at = end + 2;
	}
	while (at < length && isXmlSpace(text.charCodeAt(at))) at++;
	const stack: SimpleElement[] = [];
	let root: Record<string, unknown> | undefined;
	let elements = 0;
	let stepStart = at;
	for (let tags = 1; at < length; tags++) {
		if (tags % TAGS_PER_STEP === 0 || at - stepStart > CHARS_PER_STEP) {
			yield;
			stepStart = at;
		}
		if (text.charCodeAt(at) !== LT) return undefined; // text outside the root
		const closing = text.charCodeAt(at + 1) === SLASH;
		let nameEnd = closing ? at + 2 : at + 1;
		if (!isNameStart(text.charCodeAt(nameEnd))) return undefined; // <!…>, <?…>, or not a name
		while (nameEnd < length && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
		const tagStart = at;
		const name = text.slice(closing ? at + 2 : at + 1, nameEnd);
		const selfClosing = !closing && text.charCodeAt(nameEnd) === SLASH;
		const tagEnd = selfClosing ? nameEnd + 1 : nameEnd;
		if (text.charCodeAt(tagEnd) !== GT) return undefined; // attributes, spaces in the tag, or cut off
		at = tagEnd + 1;
		if (name === '__proto__') return { problem: problems.prototype() };

		let finished: { name: string; value: unknown } | undefined;
		if (closing) {
			const element = stack.pop();
			if (element === undefined || element.name !== name) return undefined;
			if (element.children === undefined) {
				if (tagStart - element.textStart > XML_LIMITS.maxTextChars) return { problem: problems.text() };
				const value = simpleLeafText(text.slice(element.textStart, tagStart));
				if (value === undefined) return undefined;
				finished = { name, value };
			} else {
				finished = { name, value: element.children };
			}
		} else {
			if (root !== undefined) return undefined; // a second root
			if (++elements > XML_LIMITS.maxElements) return { problem: problems.elements() };
			if (stack.length >= XML_LIMITS.maxDepth) return { problem: problems.depth() };
			const parent = stack[stack.length - 1];
			// Text before a child element (mixed content) is left to fast-xml-parser.
			if (parent !== undefined && parent.children === undefined) {
				for (let index = parent.textStart; index < tagStart; index++) {
					if (!isXmlSpace(text.charCodeAt(index))) return undefined;
				}
			}
			if (selfClosing) finished = { name, value: '' };
			else stack.push({ name, textStart: at });
		}

		if (finished !== undefined) {
			const parent = stack[stack.length - 1];
			if (parent === undefined) {
				root = { [finished.name]: finished.value };
			} else {
				addChild(parent, finished.name, finished.value);
			}
		}
		// Between tags: only white space, except inside a leaf, whose text is read when it closes.
		const inLeaf = !closing && !selfClosing;
		if (!inLeaf) {
			while (at < length && isXmlSpace(text.charCodeAt(at))) at++;
		} else {
			const next = text.indexOf('<', at);
			if (next === -1) return undefined;
			at = next;
		}
	}
	return stack.length === 0 && root !== undefined ? { document: root } : undefined;
}

/**
 * The budget checked on a document before fast-xml-parser sees it: nesting
 * (its validator's error lists every open tag), element count, the size of
 * one value and the __proto__ name, read from the tags alone. Approximate
 * where XML is odd (a `>` inside an attribute), never too lenient on depth.
 */
function parserBudgetProblem(text: string): string | undefined {
	let depth = 0;
	let elements = 0;
	let textStart = 0;
	for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
		if (at - textStart > XML_LIMITS.maxTextChars) return problems.text();
		const kind = text.charCodeAt(at + 1);
		const endMark = text.startsWith('<!--', at) ? '-->' : text.startsWith('<![CDATA[', at) ? ']]>' : '>';
		const end = text.indexOf(endMark, at + 1);
		if (end === -1) break; // cut off: the parser reports it
		if (endMark === ']]>') {
			if (end - at > XML_LIMITS.maxTextChars) return problems.text();
		} else if (kind === SLASH) {
			depth = Math.max(0, depth - 1);
		} else if (kind !== BANG && kind !== QUESTION) {
			if (++elements > XML_LIMITS.maxElements) return problems.elements();
			if (text.charCodeAt(end - 1) !== SLASH && ++depth > XML_LIMITS.maxDepth) return problems.depth();
			if (/^<__proto__[\s/>]/.test(text.slice(at, at + 11))) return problems.prototype();
		}
		at = end + endMark.length - 1;
		textStart = at + 1;
	}
	return text.length - textStart > XML_LIMITS.maxTextChars ? problems.text() : undefined;
}

function restoreReservedNames(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(restoreReservedNames);
	if (value === null || typeof value !== 'object') return value;
	const copy: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		copy[key.startsWith(RESERVED_MARK) ? key.slice(RESERVED_MARK.length) : key] = restoreReservedNames(entry);
	}
	return copy;
}

/** fast-xml-parser, validating first, on a document within the budget: what every document that is not plain goes through. */
export function parseXmlWithParser(original: string): XmlParseResult {
	const text = normalizeLineEnds(original);
	const problem = parserBudgetProblem(text);
	if (problem !== undefined) return { problem };
	sawReservedName = false;
	try {
		const document = parser.parse(text, true) as Record<string, unknown>;
		return { document: sawReservedName ? (restoreReservedNames(document) as Record<string, unknown>) : document };
	} catch (error) {
		return { problem: `The answer is not well-formed XML (${(error as Error).message})` };
	}
}

/** The plain reader alone (for tests): the document, a refusal, or undefined when the document is not plain. */
export function parseSimpleXml(text: string): PlainResult {
	return runToEnd(readPlainXml(normalizeLineEnds(text)));
}

function runToEnd<T>(steps: Generator<void, T>): T {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/** Runs the steps, giving the event loop back whenever they have held it for YIELD_AFTER_MS. */
export async function runYielding<T>(steps: Generator<void, T>): Promise<T> {
	let since = Date.now();
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		if (Date.now() - since >= YIELD_AFTER_MS) {
			await sleep(0);
			since = Date.now();
		}
	}
}

function fallback(text: string): XmlParseResult {
	if (text.length > XML_LIMITS.maxParserChars) return { problem: problems.tooLargeForParser() };
	return parseXmlWithParser(text);
}

/** Parses an answer of any size within the budget, letting other work run during long reads. */
export async function parseXml(original: string): Promise<XmlParseResult> {
	if (!/^\s*</.test(original)) return { problem: 'The answer is not XML' };
	const text = normalizeLineEnds(original);
	return (await runYielding(readPlainXml(text))) ?? fallback(text);
}

/** Parses without pausing: only for texts already known to be small (at most XML_LIMITS.maxParserChars). */
export function parseSmallXml(original: string): XmlParseResult {
	if (original.length > XML_LIMITS.maxParserChars) return { problem: problems.tooLargeForParser() };
	if (!/^\s*</.test(original)) return { problem: 'The answer is not XML' };
	const text = normalizeLineEnds(original);
	return runToEnd(readPlainXml(text)) ?? fallback(text);
}
