import { parseXml } from '../../nodes/shared/xml';

describe('XML parsing', () => {
	it('does not expand entities declared in a DOCTYPE', () => {
		const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<page><devices><device><device_id>&lol3;</device_id></device></devices></page>`;
		const result = parseXml(laughs);
		expect(JSON.stringify(result)).not.toContain('lollol');
	});

	it('reports text that is not XML, or broken XML, as a problem', () => {
		expect(parseXml('{"a":1}')).toEqual({ problem: 'The answer is not XML' });
		expect(parseXml('<page><devices></page>')).toHaveProperty('problem');
	});

	it('keeps values as text (ids with leading zeros stay intact)', () => {
		const result = parseXml('<page><device><device_id>007</device_id></device></page>');
		expect(result).toEqual({ document: { page: { device: { device_id: '007' } } } });
	});
});

describe('XML character references', () => {
	it('decodes the five predefined entities and numeric references, nothing else', () => {
		const result = parseXml('<page><d>Tom &amp; Jerry &lt;HQ&gt; &quot;1&quot; &apos;2&apos; &#65;&#x42;&#x43; &nbsp; &#0; &#x110000;</d></page>');
		expect(result).toEqual({ document: { page: { d: `Tom & Jerry <HQ> "1" '2' ABC &nbsp; &#0; &#x110000;` } } });
	});

	it('does not decode twice: &amp;lt; is the text &lt;', () => {
		expect(parseXml('<d>&amp;lt;</d>')).toEqual({ document: { d: '&lt;' } });
	});
});
