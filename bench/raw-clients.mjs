// The floors: the same jobs with a plain fetch loop in plain Node, no n8n.
// Usage: node bench/raw-clients.mjs <scenario> <json args>; prints { ms, items, maxRssBytes }.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { XMLParser } = require('fast-xml-parser');

const [scenario, json] = process.argv.slice(2);
const args = JSON.parse(json);
const started = performance.now();
let items = 0;

if (scenario === 'inventory') {
	const devices = [];
	for (let page = 0; ; page++) {
		const url = `${args.baseUrl}/reports/assets/tenant/${args.tenantApiCode}/devices?page=${page}&count=99&apikey=${encodeURIComponent(args.apiKey)}`;
		const body = await (await fetch(url, { headers: { appId: args.appId } })).json();
		const list = body._embedded?.deviceInventoryList ?? [];
		devices.push(...list);
		if (list.length < 99) break;
	}
	items = devices.length;
} else if (scenario === 'kolmisoft') {
	const hash = createHash('sha1').update(`100${args.apiSecretKey}`).digest('hex');
	const answer = await fetch(`${args.baseUrl}/api/devices_get`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ u: args.username, user_id: '100', hash }),
	});
	const xml = gunzipSync(Buffer.from(await answer.arrayBuffer())).toString('utf8');
	const document = new XMLParser({ processEntities: false, parseTagValue: false }).parse(xml);
	items = [].concat(document.page.devices.device).length;
} else if (scenario === 'softphone') {
	let next = 0;
	const worker = async () => {
		while (next < args.count) {
			next++;
			const answer = await fetch(`${args.baseUrl}/v1.0/customers/${args.customer}/users/user-1/devices/pbx/dev-1-a/assign`, {
				method: 'PUT',
				headers: { Authorization: `Bearer ${args.accessToken}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ clientType: 'desktop' }),
			});
			await answer.json();
			items++;
		}
	};
	await Promise.all(Array.from({ length: args.concurrency }, worker));
}
console.log(JSON.stringify({ ms: performance.now() - started, items, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
