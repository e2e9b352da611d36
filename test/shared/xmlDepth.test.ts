/**
 * The XML depth limit, over loopback through the Kolmisoft node: 32 levels are
 * read, 33 refused with the depth message, on the plain reader's path and on
 * fast-xml-parser's (a document with an attribute goes there).
 */
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../nodes/KolmisoftDevices/run';
import { run } from '../nodes/KolmisoftDevices/run';

const DEPTH_MESSAGE = 'The answer nests elements more than 32 levels deep';

/**
 * A devices_get answer nesting `levels` elements in all: page, devices, device
 * and description, then `levels - 4` more inside the description.
 */
function nestedAnswer(levels: number, pageTag = '<page>'): string {
	const inner = levels - 4;
	const open = Array.from({ length: inner }, (_, level) => `<n${level}>`).join('');
	const close = Array.from({ length: inner }, (_, level) => `</n${inner - 1 - level}>`).join('');
	return `${pageTag}<devices><device><device_id>7</device_id><description>${open}deep${close}</description></device></devices></page>`;
}

/** The text at the bottom of what the node gave for the description. */
function deepest(value: unknown): unknown {
	let at = value;
	while (at !== null && typeof at === 'object') at = Object.values(at)[0];
	return at;
}

describe('XML depth limit at its boundary', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 3 })));
	afterAll(async () => await sandbox.close());
	afterEach(async () => {
		await sandbox.settled();
		sandbox.setFaults([]);
	});

	async function listWith(body: string) {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'status', status: 200, body }]);
		return await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
	}

	it.each([
		['plain reader', '<page>'],
		['fast-xml-parser (an attribute)', '<page version="2">'],
	])('%s: 32 levels are read, 33 refused with the depth message', async (_path, pageTag) => {
		const read = await listWith(nestedAnswer(32, pageTag));
		expect(read.error).toBeUndefined();
		expect(read.items).toHaveLength(1);
		expect(deepest(read.items[0].json.description)).toBe('deep');

		const refused = await listWith(nestedAnswer(33, pageTag));
		expect(refused.items).toHaveLength(0);
		expect(refused.error?.message).toContain(DEPTH_MESSAGE);
	});

	it('a small document with an attribute nesting 40 levels is refused for depth, not parsed', async () => {
		const body = nestedAnswer(40, '<page version="2">');
		expect(body.length).toBeLessThan(1024);
		const result = await listWith(body);
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toContain(DEPTH_MESSAGE);
	});
});
