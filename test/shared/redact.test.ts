import { basicAuthToken, maskParsed, redactText, secretMasker } from '../../nodes/shared/redact';
import { startSandbox } from '../../sandbox';
import { runNode } from '../harness';

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

	it('removes a basic auth value that is not in the secret list, in header and JSON form', () => {
		const token = basicAuthToken('agent', 'not-listed-Pw9!');
		for (const text of [`Authorization: Basic ${token}`, JSON.stringify({ authorization: `Basic ${token}` })]) {
			const redacted = redactText(text, []);
			expect(redacted).not.toContain(token);
			expect(redacted).toMatch(/Basic \*\*\*/);
		}
	});

	it('removes the basic auth token of a username and password', () => {
		const token = basicAuthToken('agent', 'pa55word!');
		expect(Buffer.from(token, 'base64').toString()).toBe('agent:pa55word!');
		expect(redactText(`Basic ${token}`, [token])).not.toContain(token);
	});

	it('masks inside nested values, keys included, without changing other data', async () => {
		const value = { ok: 1, list: [`x${SECRET}y`, true], nested: { [SECRET]: 'k' } };
		const redacted = await maskParsed(JSON.parse(JSON.stringify(value)) as typeof value, secretMasker([SECRET]));
		expect(JSON.stringify(redacted)).not.toContain(SECRET);
		expect(redacted.ok).toBe(1);
		expect(redacted.list[1]).toBe(true);
		expect(redacted.list[0]).toBe('x***y');
		expect(Object.keys(redacted.nested)).toEqual(['***']);
	});

	it('removes lower-case percent-encoding, JSON- and XML-escaped forms', () => {
		const secret = 'p/w"d&<x>\'!';
		const lowerPercent = encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
		const json = JSON.stringify({ password: secret });
		const phpJson = json.replace(/\//g, '\\/');
		const xml = `<error>bad ${secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')}</error>`;
		const xmlNumeric = xml.replace('&apos;', '&#39;');
		for (const text of [lowerPercent, json, phpJson, xml, xmlNumeric]) {
			const redacted = redactText(text, [secret]);
			expect({ text, redacted }).toEqual({ text, redacted: expect.stringContaining('***') });
			expect(redacted).not.toContain('p/w');
			expect(redacted).not.toContain('p\\/w');
			expect(redacted).not.toMatch(/p%2fw/i);
		}
	});

	it('removes a password inside base64 of user:password whatever the username length (alignment)', () => {
		const password = 'Pa55-word-Xy';
		for (const user of ['a', 'ab', 'abc', 'admin', 'agent2']) {
			const token = Buffer.from(`${user}:${password}`).toString('base64');
			const redacted = redactText(`Authorisation was ${token}`, [password]);
			// Whatever is left cannot be decoded back to the password.
			const rest = redacted.replace('Authorisation was ', '').split('***').join('');
			expect(Buffer.from(rest, 'base64').toString('latin1')).not.toContain('word');
			expect(redacted).toContain('***');
		}
	});

	it('removes an outer secret whole when it contains another secret', () => {
		const inner = 'inner-Secret-1';
		const outer = `XX${inner}YY`;
		expect(redactText(`got ${outer} and ${inner}`, [inner, outer])).toBe('got *** and ***');
	});

	it('removes an upper-case form of a hex hash', () => {
		const hash = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
		expect(redactText(`hash ${hash.toUpperCase()} refused`, [hash])).toBe('hash *** refused');
	});

	it('removes a short secret from error texts wherever it stands, inside words too', () => {
		expect(redactText('password "q1" refused (q1); q1x and aq1 too', ['q1'])).toBe('password "***" refused (***); ***x and a*** too');
	});
});


describe('redaction of what a vendor echoes, end to end', () => {
	let sandbox: Awaited<ReturnType<typeof startSandbox>>;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());

	it('a Kolmisoft <error> echoing the password XML-escaped and the request hash in upper case shows neither', async () => {
		const password = 'pw&<Kolmi>"s0ft\'';
		const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
		sandbox.setFaults([
			{
				kind: 'echo',
				vendor: 'kolmisoft',
				body: (request: { body: string }) => {
					const form = new URLSearchParams(request.body);
					return `<page><error>Bad login for p=${xmlEscape(form.get('p') ?? '')} hash ${String(form.get('hash')).toUpperCase()}</error></page>`;
				},
			},
		]);
		const result = await runNode({
			type: 'kolmisoftDevices',
			parameters: { resource: 'device', operation: 'get', deviceId: '1000' },
			credentials: { kolmisoftApi: { ...sandbox.credentials.kolmisoft, password } },
		});
		const sent = new URLSearchParams(sandbox.requests.at(-1)?.body);
		expect(sent.get('p')).toBe(password);
		const text = JSON.stringify([result.error?.message, result.error?.description, result.logs]);
		expect(result.error?.message).toMatch(/Bad login for p=\*\*\* hash \*\*\*/);
		expect(text).not.toContain(xmlEscape(password));
		expect(text.toLowerCase()).not.toContain(String(sent.get('hash')).toLowerCase());
	});
});
