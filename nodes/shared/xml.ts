import { XMLParser } from 'fast-xml-parser';

/**
 * XML parsing for vendors that answer XML. Entity expansion is off, so a
 * document declaring entities ("billion laughs") is read as plain text, never
 * expanded. The build bundles fast-xml-parser into this file.
 */

export type XmlParseResult = { document: Record<string, unknown> } | { problem: string };

const parser = new XMLParser({
	ignoreAttributes: true,
	processEntities: false,
	htmlEntities: false,
	parseTagValue: false,
	trimValues: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
});

export function parseXml(text: string): XmlParseResult {
	if (!/^\s*</.test(text)) return { problem: 'The answer is not XML' };
	try {
		return { document: parser.parse(text, true) as Record<string, unknown> };
	} catch (error) {
		return { problem: `The answer is not well-formed XML (${(error as Error).message})` };
	}
}
