/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
/** What the e2e tests that drive a running n8n over its REST API share. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until probe() gives a truthy value (checked every half second) and returns it. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(500);
	}
}

/** Calls n8n's REST API as the logged-in editor does; returns the answer's `data`. */
export async function n8nRest<T = any>(editorUrl: string, cookie: string, method: string, pathname: string, body?: unknown): Promise<T> {
	const answer = await fetch(`${editorUrl}/rest${pathname}`, {
		method,
		headers: { cookie, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await answer.text();
	if (!answer.ok) throw new Error(`${method} ${pathname}: HTTP ${answer.status} ${text.slice(0, 500)}`);
	return (JSON.parse(text) as { data: T }).data;
}
