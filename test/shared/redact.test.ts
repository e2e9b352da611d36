import { basicAuthToken, redactText, redactValue } from '../../nodes/shared/redact';

const SECRET = 'sk+live/Secret=42&x';

describe('redaction', () => {
	it('removes a secret in plain, URL-encoded, form-encoded and base64 form', () => {
		const text = [
			`key ${SECRET}`,
			`url ?a=${encodeURIComponent(SECRET)}`,
			`form ${new URLSearchParams({ k: SECRET }).toString()}`,
			`b64 ${Buffer.from(SECRET).toString('base64')}`,
		].join('\n');
		const redacted = redactText(text, [SECRET]);
		expect(redacted).not.toContain(SECRET);
		expect(redacted).not.toContain(encodeURIComponent(SECRET));
		expect(redacted).not.toContain(Buffer.from(SECRET).toString('base64'));
		expect(redacted).toContain('***');
	});

	it('removes apikey and hash query parameters and authorization values even when not listed', () => {
		const redacted = redactText(
			'GET /x?page=0&apikey=abc123&count=5 hash=zz https://h/api/m?u=admin&hash=deadbeef Authorization: Bearer eyJhbGciOi.x.y',
			[],
		);
		expect(redacted).toContain('page=0');
		expect(redacted).toContain('count=5');
		expect(redacted).not.toContain('abc123');
		expect(redacted).not.toContain('deadbeef');
		expect(redacted).not.toContain('eyJhbGciOi');
	});

	it('removes the basic auth token of a username and password', () => {
		const token = basicAuthToken('agent', 'pa55word!');
		expect(Buffer.from(token, 'base64').toString()).toBe('agent:pa55word!');
		expect(redactText(`Basic ${token}`, [token])).not.toContain(token);
	});

	it('redacts inside nested values without changing other data', () => {
		const value = { ok: 1, list: [`x${SECRET}y`, true], nested: { [SECRET]: 'k' } };
		const redacted = redactValue(value, [SECRET]);
		expect(JSON.stringify(redacted)).not.toContain(SECRET);
		expect(redacted.ok).toBe(1);
		expect(redacted.list[1]).toBe(true);
	});
});
