import { GenesysWebServicesApi } from '../../credentials/GenesysWebServicesApi.credentials';
import { KolmisoftApi } from '../../credentials/KolmisoftApi.credentials';
import { PlantronicsManagerProApi } from '../../credentials/PlantronicsManagerProApi.credentials';
import { UcSoftphoneApi } from '../../credentials/UcSoftphoneApi.credentials';
import { WEAK_SECRET_NOTE } from '../../nodes/shared/credentialFields';
import { MIN_MASKED_SECRET_LENGTH, isWeakSecret, maskParsed, secretMasker } from '../../nodes/shared/redact';
import { parseXml } from '../../nodes/shared/xml';
import { createRandom } from '../../sandbox/data';

/**
 * Random secrets (short, long, with JSON and XML special characters) against
 * random answers, written with random escapes: once read and masked, no item
 * holds a strong secret, and every item that never held it is byte-identical.
 * A weak secret leaves every item as it was.
 */

/** The sandbox's seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
	const { next, int, pick } = createRandom(seed) as { next: () => number; int: (max: number) => number; pick: <T>(list: readonly T[]) => T };
	const text = (alphabet: string, min: number, max: number) => Array.from({ length: min + int(max - min + 1) }, () => pick([...alphabet])).join('');
	return { next, int, pick, text };
}

const SECRET_ALPHABET = 'abcXYZ019-_.~"\\<>&\'/=+!()*%: ä€😀';
/** Filler never forms a secret query parameter (`&p=`) or an authorization value. */
const FILLER_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:;/ä€"<>\'';
const KEYS = ['id', 'name', 'comment', 'uri', 'owner', 'room'];

const rawurlencode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
const unicodeEscape = (char: string) => [...char].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

type Item = Record<string, unknown>;

function secretOf(rng: ReturnType<typeof random>): string {
	switch (rng.int(4)) {
		case 0:
			return rng.text(SECRET_ALPHABET, 1, 7);
		case 1:
			return rng.text('0123456789', 1, 12);
		default:
			return rng.text(SECRET_ALPHABET, 8, 40);
	}
}

/** Items, and for each whether the secret (in some form) was put in it. */
function itemsOf(rng: ReturnType<typeof random>, secret: string, valuesAsText: boolean): { items: Item[]; holds: boolean[] } {
	const items: Item[] = [];
	const holds: boolean[] = [];
	for (let index = rng.int(12) + 1; index > 0; index--) {
		const item: Item = {};
		let held = false;
		for (const key of KEYS.slice(0, rng.int(KEYS.length) + 1)) {
			const kind = rng.int(10);
			if (kind === 0) {
				const form = rng.pick([secret, encodeURIComponent(secret), rawurlencode(secret), Buffer.from(secret).toString('base64')]);
				item[key] = `${rng.text(FILLER_ALPHABET, 0, 6)}${form}${rng.text(FILLER_ALPHABET, 0, 6)}`;
				held = true;
			} else if (kind === 1 && !valuesAsText) {
				item[key] = rng.int(1000);
			} else if (kind === 2 && !valuesAsText) {
				item[key] = [rng.text(FILLER_ALPHABET, 0, 10), rng.next() < 0.5, null];
			} else {
				item[key] = rng.text(FILLER_ALPHABET, 0, 20);
			}
		}
		items.push(item);
		holds.push(held);
	}
	return { items, holds };
}

/** JSON as different servers write it: plain, non-ASCII escaped (Python), or chosen characters escaped (.NET, Gson). */
function writeJson(rng: ReturnType<typeof random>, value: unknown): string {
	const text = JSON.stringify(value);
	switch (rng.int(3)) {
		case 0:
			return text;
		case 1:
			return text.replace(/[\u0080-\uffff]/g, unicodeEscape);
		default:
			// Escaping only inside strings: every character but the quotes and backslashes that delimit them.
			return text.replace(/"((?:[^"\\]|\\.)*)"/g, (_match, inner: string) => `"${inner.replace(/[a-zA-Z0-9=+&<>'!]/g, (char) => (rng.next() < 0.5 ? unicodeEscape(char) : char))}"`);
	}
}

/** Kolmisoft-like XML with every value written with random references. */
function writeXml(rng: ReturnType<typeof random>, items: Item[]): string {
	const escape = (text: string) =>
		[...text]
			.map((char) => {
				if (char === '&') return '&amp;';
				if (char === '<') return '&lt;';
				if (char === '>') return rng.next() < 0.5 ? '&gt;' : '>';
				const roll = rng.next();
				if (roll < 0.2) return `&#${char.codePointAt(0)};`;
				if (roll < 0.4) return `&#x${char.codePointAt(0)!.toString(16)};`;
				return char;
			})
			.join('');
	const devices = items.map((item) => `<device>${Object.entries(item).map(([key, value]) => `<${key}>${escape(String(value))}</${key}>`).join('')}</device>`);
	return `<?xml version="1.0" encoding="UTF-8"?><page><devices>${devices.join('')}</devices></page>`;
}

function check(secret: string, original: Item[], masked: Item[], holds: boolean[]) {
	expect(masked).toHaveLength(original.length);
	original.forEach((item, index) => {
		const after = JSON.stringify(masked[index]);
		if (isWeakSecret(secret) || !holds[index]) {
			expect({ secret, after }).toEqual({ secret, after: JSON.stringify(item) });
			return;
		}
		const strings = JSON.stringify(Object.values(masked[index] as Item).flat());
		for (const form of [secret, encodeURIComponent(secret), rawurlencode(secret)]) {
			expect({ secret, strings }).toEqual({ secret, strings: expect.not.stringContaining(JSON.stringify(form).slice(1, -1)) });
		}
	});
}

const RUNS = 400;

describe('masking, property: random secrets x random answers', () => {
	it(`JSON answers, ${RUNS} runs`, async () => {
		for (let seed = 1; seed <= RUNS; seed++) {
			const rng = random(seed);
			const secret = secretOf(rng);
			const { items, holds } = itemsOf(rng, secret, false);
			const raw = writeJson(rng, { statusCode: 0, devices: items });
			const parsed = JSON.parse(raw) as { devices: Item[] };
			const masked = await maskParsed(parsed, secretMasker([secret]));
			check(secret, items, masked.devices, holds);
		}
	});

	it(`XML answers, ${RUNS} runs`, async () => {
		for (let seed = 1; seed <= RUNS; seed++) {
			const rng = random(seed + 100_000);
			const secret = secretOf(rng);
			const { items, holds } = itemsOf(rng, secret, true);
			// XML reads values trimmed, as they are compared here.
			for (const item of items) for (const key of Object.keys(item)) item[key] = String(item[key]).trim();
			const raw = writeXml(rng, items);
			const parsed = await parseXml(raw);
			if (!('document' in parsed)) throw new Error(`seed ${seed}: ${parsed.problem}`);
			const masked = await maskParsed(parsed.document, secretMasker([secret]));
			const device = ((masked.page as Item).devices as Item).device;
			check(secret, items, Array.isArray(device) ? device : [device as Item], holds);
		}
	});
});

describe('each secret field says when its secret is too weak to be masked', () => {
	it('the description states the rule the masking applies', () => {
		expect(WEAK_SECRET_NOTE).toContain(`at least ${MIN_MASKED_SECRET_LENGTH} characters`);
		const fields = [new GenesysWebServicesApi(), new KolmisoftApi(), new PlantronicsManagerProApi(), new UcSoftphoneApi()].flatMap((credential) =>
			credential.properties.filter((property) => property.typeOptions?.password === true).map((property) => [`${credential.name}.${property.name}`, property.description]),
		);
		expect(fields.map(([name]) => name)).toEqual(['genesysWebServicesApi.password', 'kolmisoftApi.apiSecretKey', 'kolmisoftApi.password', 'plantronicsManagerProApi.apiKey', 'ucSoftphoneApi.accessToken']);
		for (const [name, description] of fields) expect({ name, description }).toEqual({ name, description: expect.stringContaining(WEAK_SECRET_NOTE) });
	});
});
