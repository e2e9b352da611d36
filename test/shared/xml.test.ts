/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { parseSimpleXml, parseXml, parseXmlWithParser } from '../../nodes/shared/xml';

describe('XML parsing', () => {
	it('does not expand entities declared in a DOCTYPE', async () => {
		const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<page><devices><device><device_id>&lol3;</device_id></device></devices></page>`;
		const result = await parseXml(laughs);
		expect(JSON.stringify(result)).not.toContain('lollol');
	});

	it('reports text that is not XML, or broken XML, as a problem', async () => {
		expect(await parseXml('{"a":1}')).toEqual({ problem: 'The answer is not XML' });
		expect(await parseXml('<page><devices></page>')).toHaveProperty('problem');
	});

	it('keeps values as text (ids with leading zeros stay intact)', async () => {
		const result = await parseXml('<page><device><device_id>007</device_id></device></page>');
		expect(result).toEqual({ document: { page: { device: { device_id: '007' } } } });
	});
});

describe('XML character references', () => {
	it('decodes the five predefined entities and numeric references, nothing else', async () => {
		const result = await parseXml('<page><d>Tom &amp; Jerry &lt;HQ&gt; &quot;1&quot; &apos;2&apos; &#65;&#x42;&#x43; &nbsp; &#0; &#x110000;</d></page>');
		expect(result).toEqual({ document: { page: { d: `Tom & Jerry <HQ> "1" '2' ABC &nbsp; &#0; &#x110000;` } } });
	});

	it('does not decode twice: &amp;lt; is the text &lt;', async () => {
		expect(await parseXml('<d>&amp;lt;</d>')).toEqual({ document: { d: '&lt;' } });
	});
});

/**
 * Plain documents are read by the node's own linear reader; everything else by
 * fast-xml-parser. Both must give the same result: generated documents, plain
 * and not, well-formed and broken, are compared with fast-xml-parser's reading.
 */
describe('plain XML reader against fast-xml-parser', () => {
	// A small seeded generator, so a failure can be reproduced.
	function random(seed: number) {
		let state = seed >>> 0;
		const next = () => {
			state = (state * 1664525 + 1013904223) >>> 0;
			return state / 2 ** 32;
		};
		return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] };
	}

	const NAMES = ['page', 'devices', 'device', 'device_id', 'description', 'a', 'b-c', 'd.e', '_f', 'status', 'error'];
	const ODD_NAMES = ['x:y', 'ünï', '1a', '__proto__', 'constructor', 'hasOwnProperty', 'toString'];
	const TEXT = ['a\r\nb\rc', 'Device 1', ' spaced ', '\n\t', '007', 'Tom &amp; Jerry', '&lt;b&gt;', '&quot;&apos;', '&#65;', '&#x42;', '&nbsp;', 'a & b', '&;', 'x > y', '\r\n', '\u00a0nb\u00a0', 'ü€😀', '', ']]>'];
	const SPACE = ['', '', ' ', '\n', '\t ', '\r\n'];
	const ODD = ['<!-- note -->', '<![CDATA[<raw>]]>', '<?pi x?>', 'stray', '<b attr="1">v</b>', '<b >v</b>', '<b/ >'];

	function element(rng: ReturnType<typeof random>, depth: number): string {
		const name = rng.next() < 0.03 ? rng.pick(ODD_NAMES) : rng.pick(NAMES);
		const roll = rng.next();
		if (roll < 0.1) return `<${name}/>`;
		if (depth > 3 || roll < 0.45) return `<${name}>${rng.pick(TEXT)}</${name}>`;
		const parts: string[] = [];
		const count = Math.floor(rng.next() * 4);
		for (let index = 0; index < count; index++) {
			parts.push(rng.pick(SPACE));
			parts.push(rng.next() < 0.04 ? rng.pick(ODD) : element(rng, depth + 1));
		}
		if (rng.next() < 0.04) parts.push(rng.pick(TEXT));
		parts.push(rng.pick(SPACE));
		const close = rng.next() < 0.03 ? rng.pick(NAMES) : name;
		return `<${name}>${parts.join('')}</${close}>`;
	}

	function documentText(rng: ReturnType<typeof random>): string {
		let text = element(rng, 0);
		const roll = rng.next();
		if (roll < 0.2) text = `<?xml version="1.0" encoding="UTF-8"?>${rng.pick(SPACE)}${text}`;
		else if (roll < 0.23) text = ` <?xml version="1.0"?>${text}`;
		if (rng.next() < 0.15) text += rng.pick(SPACE);
		if (rng.next() < 0.03) text += rng.pick(['<extra/>', 'tail', '<!-- after -->']);
		if (rng.next() < 0.05) text = text.slice(0, Math.floor(rng.next() * text.length));
		return text;
	}

	it('gives what fast-xml-parser gives for 5,000 generated documents, and reads the plain ones itself', async () => {
		const rng = random(20261124);
		let plain = 0;
		for (let index = 0; index < 5000; index++) {
			const text = documentText(rng);
			if (!/^\s*</.test(text)) continue;
			const simple = parseSimpleXml(text);
			const full = parseXmlWithParser(text);
			if (simple !== undefined) {
				plain++;
				expect({ text, result: full }).toEqual({ text, result: simple });
			}
			expect({ text, result: await parseXml(text) }).toEqual({ text, result: full });
		}
		// Enough of them are plain for the comparison to mean something.
		expect(plain).toBeGreaterThan(1000);
	});

	it('reads a Kolmisoft device list itself, 20,000 devices included', () => {
		const list = (count: number) =>
			`<page><devices>${Array.from({ length: count }, (_, index) => `<device><device_id>${index}</device_id><description>Desk &amp; ${index}</description><host>dynamic</host></device>`).join('')}</devices></page>`;
		const small = parseSimpleXml(list(2));
		expect(small).toEqual({ document: {
			page: {
				devices: {
					device: [
						{ device_id: '0', description: 'Desk & 0', host: 'dynamic' },
						{ device_id: '1', description: 'Desk & 1', host: 'dynamic' },
					],
				},
			},
		} });
		expect(parseXmlWithParser(list(2))).toEqual(small);
		const large = (parseSimpleXml(list(20000)) as { document: { page: { devices: { device: unknown[] } } } }).document;
		expect(large.page.devices.device).toHaveLength(20000);
	});

	it('leaves unclosed, cut-off and mismatched documents to fast-xml-parser, which reports them', async () => {
		for (const broken of ['<page><devices></page>', '<page><device><id>1</id></device>', '<page></pag>', '<page>', '<a></a><b></b>', '<page><id>1</id></page>trailing']) {
			expect(parseSimpleXml(broken)).toBeUndefined();
			expect(await parseXml(broken)).toHaveProperty('problem');
		}
	});
});

describe('XML within a budget', () => {
	it('lets timers run while a large document is read', async () => {
		const text = `<page><devices>${'<device><device_id>1</device_id><description>Desk &amp; chair</description></device>'.repeat(50_000)}</devices></page>`;
		let ticks = 0;
		const ticker = setInterval(() => ticks++, 1);
		const result = await parseXml(text);
		clearInterval(ticker);
		expect((result as { document: { page: { devices: { device: unknown[] } } } }).document.page.devices.device).toHaveLength(50_000);
		expect(ticks).toBeGreaterThan(0);
	});

	it('reads line ends as \n and names like hasOwnProperty the same, whichever reader runs', async () => {
		const devices = '<device><description>a\r\nb\rc</description><hasOwnProperty>1</hasOwnProperty><hasOwnProperty>2</hasOwnProperty><constructor>x</constructor></device>';
		const expected = { description: 'a\nb\nc', hasOwnProperty: ['1', '2'], constructor: 'x' };
		const plain = await parseXml(`<page>${devices}</page>`);
		// An attribute elsewhere in the list makes the whole answer go to fast-xml-parser.
		const withAttribute = await parseXml(`<page>${devices}<device kind="x"><description>d</description></device></page>`);
		expect(plain).toEqual({ document: { page: { device: expected } } });
		expect(withAttribute).toEqual({ document: { page: { device: [expected, { description: 'd' }] } } });
	});

	it('refuses an element named __proto__ on both paths, with the same words', async () => {
		const plain = await parseXml('<page><__proto__>x</__proto__></page>');
		const other = await parseXml('<page a="1"><__proto__>x</__proto__></page>');
		expect(plain).toEqual({ problem: 'The answer has an element named __proto__, which is not read' });
		expect(other).toEqual(plain);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});
});
