'use strict';
/**
 * An OpenAI-compatible chat model for the AI agent example and its tests
 * (`POST /v1/chat/completions`, `GET /v1/models`, bearer API key).
 *
 * It is a script, not a model: when the last message is the user's, it
 * answers with one tool call picked by the scenarios below (from the tools
 * the request offers); once the request carries the tool's result, it
 * answers with a final text that quotes the result. Streaming (`stream: true`)
 * is answered as server-sent events.
 */

const MODEL = 'sandbox-agent';

/**
 * What the model does for a prompt: which offered tool it calls, and the
 * value it gives each argument the tool asks for (argument names come from
 * the `$fromAI()` keys of the tool's parameters).
 */
const SCENARIOS = [
	{
		prompt: /non-?compliant/i,
		tool: /plantronics|headset/i,
		argument(name, prompt) {
			if (/compliance/i.test(name)) return 'nonCompliant';
			if (/limit|count|max/i.test(name)) return Number(/\b(?:first|top|up to)\s+(\d{1,3})\b/i.exec(prompt)?.[1] ?? 10);
			return undefined;
		},
	},
	{
		prompt: /do not disturb/i,
		tool: /genesys/i,
		argument(name, prompt) {
			if (/device/i.test(name)) return /\bdevice\s+([A-Za-z0-9-]{1,64})/i.exec(prompt)?.[1];
			if (/action|operation/i.test(name)) return /\boff\b/i.test(prompt) ? 'DoNotDisturbOff' : 'DoNotDisturbOn';
			return undefined;
		},
	},
];

function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return '';
}

/** A one-line summary of a tool's answer, for the final text. */
function summarize(result) {
	let value;
	try {
		value = JSON.parse(result);
	} catch {
		return result.slice(0, 500);
	}
	const list = Array.isArray(value) ? value : [value];
	const ids = list
		.map((entry) => entry?.displayId ?? entry?.device?.displayId ?? entry?.id ?? entry?.deviceId ?? entry?.device?.id)
		.filter((id) => id !== undefined)
		.slice(0, 20);
	return `${list.length} result(s)${ids.length ? `: ${ids.join(', ')}` : ''}`;
}

function createOpenAi({ apiKey }) {
	const completions = []; // every chat request as received, and the answer: { messages, tools, answer }
	let nextId = 1;

	function plan(messages, tools) {
		const last = messages[messages.length - 1];
		if (last?.role === 'tool') {
			const call = messages
				.flatMap((message) => message.tool_calls ?? [])
				.find((candidate) => candidate.id === last.tool_call_id);
			return { content: `Done. ${call?.function?.name ?? 'The tool'} answered with ${summarize(textOf(last.content))}.` };
		}
		const prompt = textOf([...messages].reverse().find((message) => message.role === 'user')?.content);
		for (const scenario of SCENARIOS) {
			if (!scenario.prompt.test(prompt)) continue;
			const tool = tools.find((candidate) => scenario.tool.test(`${candidate.function?.name} ${candidate.function?.description}`));
			if (!tool) continue;
			const args = {};
			for (const name of Object.keys(tool.function.parameters?.properties ?? {})) {
				const value = scenario.argument(name, prompt);
				if (value !== undefined) args[name] = value;
			}
			return { toolCall: { id: `call_${nextId++}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(args) } } };
		}
		return { content: 'I can list the non-compliant headsets, or put a Genesys device on Do Not Disturb.' };
	}

	function completion(request) {
		let body;
		try {
			body = JSON.parse(request.body || '{}');
		} catch {
			return { status: 400, body: { error: { message: 'body is not JSON', type: 'invalid_request_error' } } };
		}
		const messages = Array.isArray(body.messages) ? body.messages : [];
		const tools = Array.isArray(body.tools) ? body.tools : [];
		const { content, toolCall } = plan(messages, tools);
		const message = { role: 'assistant', content: content ?? null, ...(toolCall ? { tool_calls: [toolCall] } : {}) };
		completions.push({ messages, tools, answer: message });
		const finishReason = toolCall ? 'tool_calls' : 'stop';
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		const base = { id: `chatcmpl-${completions.length}`, created: Math.floor(Date.now() / 1000), model: body.model ?? MODEL };
		if (!body.stream) {
			return { status: 200, body: { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finishReason }], usage } };
		}
		const chunk = (delta, finish) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
		const delta = toolCall ? { role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall }] } : { role: 'assistant', content };
		const events = [chunk(delta, null), chunk({}, finishReason)];
		if (body.stream_options?.include_usage) events.push({ ...base, object: 'chat.completion.chunk', choices: [], usage });
		const text = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('') + 'data: [DONE]\n\n';
		return { status: 200, headers: { 'Content-Type': 'text/event-stream' }, body: text };
	}

	return {
		name: 'openai',
		data: { completions, model: MODEL },
		handles: (path) => path.startsWith('/v1/'),
		handle(request) {
			if (request.headers.authorization !== `Bearer ${apiKey}`) {
				return { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } };
			}
			if (request.method === 'GET' && request.path === '/v1/models') {
				return { status: 200, body: { object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'sandbox' }] } };
			}
			if (request.method === 'POST' && request.path === '/v1/chat/completions') return completion(request);
			return { status: 404, body: { error: { message: `Unknown route ${request.method} ${request.path}`, type: 'invalid_request_error' } } };
		},
	};
}

module.exports = { createOpenAi };
