import { XMLParser } from 'fast-xml-parser';

/**
 * XML parsing for vendors that answer XML. Entity expansion is off, so a
 * document declaring entities ("billion laughs") is read as plain text, never
 * expanded; only the five predefined entities and numeric character
 * references are decoded, in one linear pass. The build bundles
 * fast-xml-parser into this file.
 */

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

const parser = new XMLParser({
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

const isXmlSpace = (code: number) => code === SPACE || code === LF || code === TAB || code === CR;
const isNameStart = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f; // a-z A-Z _
const isNameChar = (code: number) => isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e; // 0-9 - .

/** Deeper documents go to fast-xml-parser, as does anything unusual. */
const SIMPLE_MAX_DEPTH = 64;

const SIMPLE_REFERENCE = /&(?:amp|lt|gt|quot|apos);/y;

/** A leaf's text as fast-xml-parser gives it, or undefined when it holds a reference other than the five predefined entities. */
function simpleLeafText(raw: string): string | undefined {
	const trimmed = raw.trim();
	for (let at = trimmed.indexOf('&'); at !== -1; at = trimmed.indexOf('&', at + 1)) {
		SIMPLE_REFERENCE.lastIndex = at;
		if (!SIMPLE_REFERENCE.test(trimmed)) return undefined;
	}
	return decodeXmlText(trimmed);
}

type SimpleElement = { name: string; children?: Record<string, unknown>; textStart: number };

function addChild(parent: SimpleElement, name: string, value: unknown): void {
	const children = (parent.children ??= {});
	if (!Object.prototype.hasOwnProperty.call(children, name)) children[name] = value;
	else if (Array.isArray(children[name])) (children[name] as unknown[]).push(value);
	else children[name] = [children[name], value];
}

/**
 * API answers are nearly always plain: elements without attributes, text
 * only in leaves, no comments, CDATA, DOCTYPE or processing instructions but
 * a leading XML declaration. Such a document is read here in one linear pass
 * (a large device list several times faster than fast-xml-parser, with far
 * less garbage), giving exactly what fast-xml-parser gives for it (a test
 * compares the two on generated documents). Anything else, including every
 * malformed document, returns undefined and goes to fast-xml-parser.
 */
export function parseSimpleXml(text: string): Record<string, unknown> | undefined {
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
	while (at < length) {
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
		if (name === '__proto__') return undefined;

		let finished: { name: string; value: unknown } | undefined;
		if (closing) {
			const element = stack.pop();
			if (element === undefined || element.name !== name) return undefined;
			if (element.children === undefined) {
				const value = simpleLeafText(text.slice(element.textStart, tagStart));
				if (value === undefined) return undefined;
				finished = { name, value };
			} else {
				finished = { name, value: element.children };
			}
		} else {
			if (root !== undefined || stack.length >= SIMPLE_MAX_DEPTH) return undefined; // a second root, or deep
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
	return stack.length === 0 ? root : undefined;
}

export function parseXml(text: string): XmlParseResult {
	if (!/^\s*</.test(text)) return { problem: 'The answer is not XML' };
	const simple = parseSimpleXml(text);
	return simple !== undefined ? { document: simple } : parseXmlWithParser(text);
}

/** fast-xml-parser, validating first: what every document that is not plain goes through. */
export function parseXmlWithParser(text: string): XmlParseResult {
	try {
		return { document: parser.parse(text, true) as Record<string, unknown> };
	} catch (error) {
		return { problem: `The answer is not well-formed XML (${(error as Error).message})` };
	}
}
