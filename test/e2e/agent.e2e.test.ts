/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';

const local = require('../../scripts/n8n-local.js');

/**
 * The nodes as tools of n8n's AI Agent, in the pinned n8n: the example
 * workflow examples/ai-agent-tools.json runs with `n8n execute`; its chat
 * model is the sandbox's OpenAI-compatible endpoint, which records every
 * conversation it receives, and the vendor APIs record every request.
 */

interface ChatMessage {
	role: string;
	content: unknown;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}
interface Completion {
	messages: ChatMessage[];
	tools: Array<{ function: { name: string; parameters?: { properties?: Record<string, unknown> } } }>;
	answer: ChatMessage;
}
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const WORKFLOW_ID = 'TdAiAgentTools1';

const text = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content));

describe('the nodes as AI agent tools in a real n8n', () => {
	let n8nBin: string;
	let userFolder: string;
	let sandbox: Sandbox;
	let result: { code: number; stdout: string; stderr: string };
	let run: { data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: { output?: string } }>> } }>> } } } | undefined;
	let completions: Completion[];

	/** The model's tool call for `prompt`, and the next chat request, which carries the tool's result. */
	function conversation(prompt: RegExp) {
		const asked = completions.find((completion) => completion.answer.tool_calls && prompt.test(text(completion.messages.filter((message) => message.role === 'user').pop()?.content)));
		const call = asked?.answer.tool_calls?.[0];
		const next = completions.find((completion) => completion.messages.at(-1)?.role === 'tool' && completion.messages.at(-1)?.tool_call_id === call?.id);
		return { call, toolResult: text(next?.messages.at(-1)?.content) };
	}

	beforeAll(async () => {
		n8nBin = local.installN8n();
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'telephony-agent-'));
		local.installPackage(userFolder);
		sandbox = await startSandbox({ port: 0, size: 60 });
		const env = local.n8nEnv({ userFolder, brokerPort: await local.freePort() });
		const workflows = local.exampleWorkflows(sandbox.url).filter((workflow: { id: string }) => workflow.id === WORKFLOW_ID);
		expect(workflows).toHaveLength(1);
		await local.importIntoN8n(n8nBin, env, { credentials: local.sandboxCredentials(sandbox), workflows });
		result = await local.runN8n(n8nBin, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], env);
		run = local.parseRunOutput(result.stdout);
		completions = sandbox.data.openai.completions as Completion[];
	});

	afterAll(async () => {
		await sandbox?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('runs the workflow to its end', () => {
		const outcome = local.executionOutcome(result);
		expect({ outcome, error: outcome === 'success' ? undefined : result.stdout + result.stderr }).toEqual({ outcome: 'success', error: undefined });
	});

	it('offers both nodes to the model as tools, with the $fromAI() values as their arguments', () => {
		const offered = Object.fromEntries(completions[0].tools.map((tool) => [tool.function.name, Object.keys(tool.function.parameters?.properties ?? {}).sort()]));
		expect(offered).toEqual({ Plantronics_Inventory: ['complianceStatus', 'limit'], Genesys_Devices: ['action', 'deviceId'] });
		// The model is told every value Compliance Status accepts (the node refuses any other).
		const plantronics = completions[0].tools.find((tool) => tool.function.name === 'Plantronics_Inventory');
		const compliance = JSON.stringify(plantronics?.function.parameters?.properties?.complianceStatus ?? {});
		for (const value of ['any', 'compliant', 'nonCompliant']) expect(compliance).toMatch(new RegExp(`\\b${value}\\b`));
	});

	it('"list the first 3 non-compliant headsets": Plantronics Inventory runs with the model\'s arguments and its result goes back to the model', () => {
		const { call, toolResult } = conversation(/non-compliant headsets/);
		expect(call?.function.name).toBe('Plantronics_Inventory');
		expect(JSON.parse(call!.function.arguments)).toEqual({ complianceStatus: 'nonCompliant', limit: 3 });
		// What the tool sent back: the first three non-compliant headsets of the tenant, as the vendor holds them.
		const nonCompliant = sandbox.data.plantronics.list().filter((record: { device: { versionCompliant: boolean } }) => !record.device.versionCompliant);
		const expected = nonCompliant.slice(0, 3).map((record: { device: { displayId: string } }) => record.device.displayId);
		expect(expected).toHaveLength(3);
		const returned = [...toolResult.matchAll(/TT\d{8}/g)].map((match) => match[0]);
		expect([...new Set(returned)]).toEqual(expected);
		expect(sandbox.requests.filter((request) => request.vendor === 'plantronics' && /\/devices$/.test(request.path)).length).toBeGreaterThan(0);
	});

	it('"put device X on Do Not Disturb": Genesys Devices sends the action for the device the model named, and the model hears back', () => {
		const { call, toolResult } = conversation(/Do Not Disturb/);
		const deviceId = /device (\S+) on/.exec(text(completions.flatMap((completion) => completion.messages).find((message) => /Do Not Disturb/.test(text(message.content)))?.content))?.[1];
		expect(call?.function.name).toBe('Genesys_Devices');
		expect(JSON.parse(call!.function.arguments)).toEqual({ deviceId, action: 'DoNotDisturbOn' });
		const writes = sandbox.requests.filter((request) => request.vendor === 'genesys' && request.method === 'POST');
		expect(writes.map((request) => ({ path: request.path, body: JSON.parse(request.body) }))).toEqual([
			{ path: `/api/v2/me/devices/${deviceId}`, body: { operationName: 'DoNotDisturbOn' } },
		]);
		expect(JSON.parse(toolResult)).toEqual([expect.objectContaining({ deviceId, operationName: 'DoNotDisturbOn', accepted: true })]);
	});

	it("hands the model's final answers out of the agent, one per request, and leaks no secret", () => {
		const outputs = run?.data.resultData.runData['AI Agent']?.[0]?.data?.main[0]?.map((item) => item.json.output);
		expect(outputs).toEqual([
			expect.stringMatching(/^Done\. Plantronics_Inventory answered with 3 result\(s\): TT\d{8}, TT\d{8}, TT\d{8}\.$/),
			expect.stringMatching(/^Done\. Genesys_Devices answered with 1 result\(s\): [0-9a-f-]{36}\.$/),
		]);
		for (const secret of Object.values(SANDBOX_SECRETS)) expect(result.stdout + result.stderr).not.toContain(secret);
	});
});
