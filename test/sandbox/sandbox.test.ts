import { startSandbox } from '../../sandbox';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('the vendor sandbox itself', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ size: 5 });
	});
	afterAll(async () => sandbox.close());

	it('answers its root URL with a page listing what it emulates', async () => {
		const answer = await fetch(`${sandbox.url}/`);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/text\/html/);
		const page = await answer.text();
		for (const name of ['Plantronics Manager Pro', 'Kolmisoft', 'Genesys Web Services', 'UC softphone', 'OpenAI-compatible', 'Ticket inbox']) expect(page).toContain(name);
	});

	it('the ticket inbox updates the ticket of a device key it has, and opens one for a key it has not', async () => {
		const post = async (body: object) => {
			const answer = await fetch(`${sandbox.url}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
		};
		sandbox.data.tickets.length = 0;
		const opened = await post({ deviceKey: 'device-1', title: 'first' });
		const other = await post({ deviceKey: 'device-2', title: 'other' });
		const updated = await post({ deviceKey: 'device-1', title: 'second' });
		const keyless = [await post({ title: 'no key' }), await post({ title: 'no key' })];
		expect([opened.status, other.status, updated.status, ...keyless.map((answer) => answer.status)]).toEqual([201, 201, 200, 201, 201]);
		expect(updated.body).toMatchObject({ id: opened.body.id, deviceKey: 'device-1', title: 'second', updates: 1, receivedAt: opened.body.receivedAt });
		const listed = (await (await fetch(`${sandbox.url}/tickets`)).json()) as Array<{ title: string }>;
		expect(listed.map((ticket) => ticket.title)).toEqual(['second', 'other', 'no key', 'no key']);
	});

	describe('the OpenAI-compatible chat model', () => {
		const tools = [
			{ type: 'function', function: { name: 'Plantronics_Inventory', description: 'Get many devices', parameters: { type: 'object', properties: { Compliance_Status: { type: 'string' }, Limit: { type: 'number' } } } } },
			{ type: 'function', function: { name: 'Genesys_Devices', description: 'Perform an action on a device', parameters: { type: 'object', properties: { Device_ID: { type: 'string' } } } } },
		];
		const chat = async (body: object, apiKey = sandbox.credentials.openAi.apiKey) => {
			const answer = await fetch(`${sandbox.url}/v1/chat/completions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			return { status: answer.status, body: (await answer.json()) as { choices: Array<{ message: { content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> }; finish_reason: string }> } };
		};

		it('calls the tool the prompt asks for, with arguments taken from the prompt', async () => {
			const headsets = await chat({ model: 'sandbox-agent', tools, messages: [{ role: 'user', content: 'List the first 3 non-compliant headsets' }] });
			expect(headsets.body.choices[0].finish_reason).toBe('tool_calls');
			expect(headsets.body.choices[0].message.tool_calls?.[0].function).toEqual({ name: 'Plantronics_Inventory', arguments: JSON.stringify({ Compliance_Status: 'nonCompliant', Limit: 3 }) });

			const dnd = await chat({ model: 'sandbox-agent', tools, messages: [{ role: 'user', content: 'Put device 0a1b-2c on Do Not Disturb' }] });
			expect(dnd.body.choices[0].message.tool_calls?.[0].function).toEqual({ name: 'Genesys_Devices', arguments: JSON.stringify({ Device_ID: '0a1b-2c' }) });
		});

		it('answers with a final text quoting the tool result once it is in the conversation', async () => {
			const call = { id: 'call_9', type: 'function', function: { name: 'Plantronics_Inventory', arguments: '{}' } };
			const final = await chat({
				model: 'sandbox-agent',
				tools,
				messages: [
					{ role: 'user', content: 'List the non-compliant headsets' },
					{ role: 'assistant', content: null, tool_calls: [call] },
					{ role: 'tool', tool_call_id: 'call_9', content: JSON.stringify([{ displayId: 'TT00000007' }, { displayId: 'TT00000009' }]) },
				],
			});
			expect(final.body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: expect.stringContaining('Plantronics_Inventory answered with 2 result(s): TT00000007, TT00000009') } });
		});

		it('refuses a wrong API key as OpenAI does', async () => {
			expect((await chat({ messages: [] }, 'wrong-key')).status).toBe(401);
		});
	});
});
