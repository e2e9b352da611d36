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

export function parseXml(text: string): XmlParseResult {
	if (!/^\s*</.test(text)) return { problem: 'The answer is not XML' };
	try {
		return { document: parser.parse(text, true) as Record<string, unknown> };
	} catch (error) {
		return { problem: `The answer is not well-formed XML (${(error as Error).message})` };
	}
}
