// The floors: the same jobs with plain fetch in plain Node, no n8n.
// Usage: node bench/raw-clients.mjs <scenario> '<json args>'; prints { ms, items, maxRssBytes, stateBytes? }.
// With args.warm, a tiny job runs first so the measured one finds the process warm.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { XMLParser } = require('fast-xml-parser');

const [scenario, json] = process.argv.slice(2);
const args = JSON.parse(json);

async function inventory({ plantronics }, limit = Infinity) {
	const devices = [];
	for (let page = 0; devices.length < limit; page++) {
		const url = `${plantronics.baseUrl}/reports/assets/tenant/${plantronics.tenantApiCode}/devices?page=${page}&count=99&apikey=${encodeURIComponent(plantronics.apiKey)}`;
		const body = args.newConnections ? await getWithoutKeepAlive(url, { appId: plantronics.appId }) : await (await fetch(url, { headers: { appId: plantronics.appId } })).json();
		const list = body._embedded?.deviceInventoryList ?? [];
		devices.push(...list);
		if (list.length < 99) break;
	}
	return devices;
}

/**
 * The inventory with `concurrency` pages in flight: the first page alone, then the
 * rest of the page count its metadata gives, kept in page order.
 */
async function inventoryParallel({ plantronics }, concurrency) {
	const page = async (number) => {
		const url = `${plantronics.baseUrl}/reports/assets/tenant/${plantronics.tenantApiCode}/devices?page=${number}&count=99&apikey=${encodeURIComponent(plantronics.apiKey)}`;
		return (await fetch(url, { headers: { appId: plantronics.appId } })).json();
	};
	const first = await page(0);
	const pages = [first._embedded?.deviceInventoryList ?? []];
	const totalPages = first.page?.totalPages ?? 1;
	let next = 1;
	const worker = async () => {
		while (next < totalPages) {
			const number = next++;
			pages[number] = (await page(number))._embedded?.deviceInventoryList ?? [];
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return pages.flat();
}

/** A GET on a fresh TCP connection, as n8n's request helper makes one (a new agent per request). */
function getWithoutKeepAlive(url, headers) {
	return new Promise((resolve, reject) => {
		http.get(url, { agent: false, headers }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
			response.on('error', reject);
		}).on('error', reject);
	});
}

async function kolmisoft({ kolmisoft: credential }, userId = '100') {
	const hash = createHash('sha1').update(`${userId}${credential.apiSecretKey}`).digest('hex');
	const answer = await fetch(`${credential.baseUrl}/api/devices_get`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ u: credential.username, user_id: userId, hash }),
	});
	const xml = gunzipSync(Buffer.from(await answer.arrayBuffer())).toString('utf8');
	const document = new XMLParser({ processEntities: false, parseTagValue: false }).parse(xml);
	return [].concat(document.page.devices.device);
}

async function genesys({ genesys: credential }, query = '') {
	const authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
	const body = await (await fetch(`${credential.baseUrl}/api/v2/devices?fields=*${query}`, { headers: { Authorization: authorization } })).json();
	return body.devices;
}

async function softphone({ credentials, ucCustomer }, count, concurrency) {
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < count) {
			next++;
			const answer = await fetch(`${credentials.uc.baseUrl}/v1.0/customers/${ucCustomer}/users/user-1/devices/pbx/dev-1-a/assign`, {
				method: 'PUT',
				headers: { Authorization: `Bearer ${credentials.uc.accessToken}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ clientType: 'desktop' }),
			});
			await answer.json();
			done++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return done;
}

// The trigger's job done plainly: list every device, compare with the ids kept from the last poll.
async function poll(credentials, previous, pageConcurrency = args.pageConcurrency) {
	const devices = pageConcurrency > 1 ? await inventoryParallel(credentials, pageConcurrency) : await inventory(credentials);
	const ids = devices.map((entry) => entry.device.id);
	const fresh = previous ? ids.filter((id) => !previous.has(id)) : [];
	return { state: JSON.stringify(ids), fresh };
}

/** A change trigger's job done plainly: list, fingerprint the watched fields per id, compare with the last poll. */
async function changePoll(list, watched) {
	const fingerprints = (devices) => new Map(devices.map((device) => [String(device.id ?? device.device_id), JSON.stringify(watched.map((field) => device[field] ?? null))]));
	const baseline = fingerprints(await list());
	const started = performance.now();
	const next = fingerprints(await list());
	let changed = 0;
	for (const [id, fingerprint] of next) if (baseline.has(id) && baseline.get(id) !== fingerprint) changed++;
	return { ms: performance.now() - started, items: changed, stateBytes: Buffer.byteLength(JSON.stringify([...next])) };
}

const jobs = {
	inventory: {
		warm: () => inventory(args.credentials, 1),
		run: async () => ({ items: (args.pageConcurrency > 1 ? await inventoryParallel(args.credentials, args.pageConcurrency) : await inventory(args.credentials)).length }),
	},
	kolmisoft: { warm: () => kolmisoft(args.credentials, '101'), run: async () => ({ items: (await kolmisoft(args.credentials)).length }) },
	genesys: { warm: () => genesys(args.credentials, '&phoneNumber=3000'), run: async () => ({ items: (await genesys(args.credentials)).length }) },
	softphone: { warm: () => softphone(args, 1, 1), run: async () => ({ items: await softphone(args, args.items, args.concurrency) }) },
	kolmisoftTrigger: {
		warm: async () => {},
		// One user after another, as the trigger lists them.
		run: () =>
			changePoll(async () => {
				const devices = [];
				for (const userId of (args.userIds ?? '100').split(',')) devices.push(...(await kolmisoft(args.credentials, userId)));
				return devices;
			}, ['callerid', 'description', 'device_type', 'extension']),
	},
	genesysTrigger: { warm: async () => {}, run: () => changePoll(() => genesys(args.credentials), ['deviceState', 'doNotDisturb', 'forwardTo']) },
	trigger: {
		warm: async () => {},
		run: async () => {
			// The baseline poll is not measured: it reads several pages at a time whatever the measured one does.
			const baseline = await poll(args.credentials, undefined, 4);
			const started = performance.now();
			const next = await poll(args.credentials, new Set(JSON.parse(baseline.state)));
			return { ms: performance.now() - started, items: next.fresh.length, stateBytes: Buffer.byteLength(next.state) };
		},
	},
};

const job = jobs[scenario];
if (args.warm) await job.warm();
const started = performance.now();
const outcome = await job.run();
console.log(JSON.stringify({ ms: performance.now() - started, ...outcome, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
