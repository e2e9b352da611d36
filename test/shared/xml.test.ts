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
