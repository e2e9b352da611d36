'use strict';
/**
 * Kolmisoft MOR/M4 billing API: POST /billing/api/<method>, SHA1 request hash,
 * devices_get gzipped as a raw body, errors as XML inside HTTP 200.
 */
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { proxyPageAnswer } = require('./data');

const HASH_ORDER = {
	devices_get: ['user_id'],
	device_list: ['user_id'],
	device_details_get: ['device_id'],
	device_delete: ['device'],
	device_update: ['device', 'authentication', 'username', 'host', 'port'],
	device_create: ['user_id', 'description', 'pin', 'type', 'devicegroup_id', 'caller_id'],
};

function updateFields(record, fields) {
	if (!record) throw new Error('no such device in the sandbox');
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) delete record[key];
		else record[key] = value;
	}
	return record;
}

const sha1 = (text) => crypto.createHash('sha1').update(text).digest('hex');
const escapeXml = (value) => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function deviceXml(device) {
	return `<device>${Object.entries(device)
		.map(([key, value]) => `<${key}>${escapeXml(value)}</${key}>`)
		.join('')}</device>`;
}

const WELCOME_PAGE = '<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1><p>If you see this page, the nginx web server is successfully installed.</p></body></html>';

/**
 * Answers in place of the documented one that the documents do not rule out
 * (the `kolmisoftAnswer` setting): what a list or a device may look like from
 * another server version, a failing server, or a web server in front of it.
 */
const ODD_ANSWERS = {
	// Any method: the web server's own page, HTTP 200.
	welcomePage: () => WELCOME_PAGE,
	// devices_get / device_list:
	twoDeviceLists: (list) => `<page><devices>${list}</devices><devices>${list}</devices></page>`,
	devicesText: () => '<page><devices>Database error, see log</devices></page>',
	devicesError: () => '<page><devices><error>Access Denied</error></devices></page>',
	wrongChild: (list) => `<page><devices>${list.replace(/<(\/?)device>/g, '<$1connection_point>')}</devices></page>`,
	deviceText: () => '<page><devices><device>7</device></devices></page>',
};

function createKolmisoft({ size, credentials, options }) {
	let apiEnabled = true;
	// How many of the next devices_get answers list no devices (a server that answers "none" once).
	let emptyListsLeft = 0;
	// Whether devices_get entries carry user_id: the documented entries hold no user (device_id, device_type, ipaddr, port, …).
	let listsUser = true;
	let nextId = 1000;
	const devices = new Map(); // device_id -> device
	const addDevice = (userId, fields = {}) => {
		const id = String(nextId++);
		const device = { device_id: id, user_id: String(userId), device_type: 'SIP', description: `Device ${id}`, ipaddr: `10.0.${Math.floor(nextId / 250) % 250}.${nextId % 250}`, port: '5060', pin: String(100000 + Number(id)), username: `dev${id}`, host: 'dynamic', authentication: '0', ...fields };
		devices.set(id, device);
		return device;
	};
	// user 100: `size` devices (or, with kolmisoftUsers N above 1, users 200 to 200 + N - 1 share them); user 101: one device; user 102: none.
	const spreadOver = options.kolmisoftUsers > 1 ? options.kolmisoftUsers : 0;
	const spreadUsers = Array.from({ length: spreadOver }, (_, index) => String(200 + index));
	for (let i = 0; i < size; i++) addDevice(spreadOver ? spreadUsers[i % spreadOver] : 100);
	addDevice(101);
	const users = new Set(['100', '101', '102', ...spreadUsers]);

	const wrap = (inner) => (options.kolmisoftXmlWrapper ? `<head></head><body>${inner}</body>` : inner);
	const xml = (inner) => ({ status: 200, headers: { 'Content-Type': 'text/xml' }, body: wrap(inner) });
	// Some errors come as <page><error>, others inside <status>, as the real server does.
	const error = (text) => xml(/hash|login|disabled|Denied/.test(text) ? `<page><error>${text}</error></page>` : `<page><status><error>${text}</error></status></page>`);

	function devicesGet(params, request) {
		if (!params.user_id) return error('user_id is empty');
		if (!users.has(params.user_id)) return error('User not found');
		const empty = emptyListsLeft > 0;
		if (empty) emptyListsLeft--;
		const owned = [...devices.values()].filter((device) => device.user_id === params.user_id);
		const withoutUser = (device) => Object.fromEntries(Object.entries(device).filter(([key]) => key !== 'user_id'));
		const list = empty ? [] : listsUser ? owned : owned.map(withoutUser);
		const odd = ODD_ANSWERS[options.kolmisoftAnswer];
		let inner = odd ? odd(list.map(deviceXml).join('')) : `<page><devices>${list.map(deviceXml).join('')}</devices></page>`;
		if (request.fault && request.fault.kind === 'entityExpansion') {
			inner = `<?xml version="1.0"?><!DOCTYPE page [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><page><devices><device><device_id>&e;</device_id></device></devices></page>`;
		}
		const text = wrap(inner);
		if (options.kolmisoftGzip === 'plain') return { status: 200, headers: { 'Content-Type': 'text/xml' }, body: text };
		const gzipped = zlib.gzipSync(Buffer.from(text));
		if (options.kolmisoftGzip === 'header') {
			return { status: 200, headers: { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' }, body: gzipped };
		}
		return { status: 200, headers: { 'Content-Type': 'application/x-gzip', 'Content-Disposition': 'attachment; filename=devices.xml.gz' }, body: gzipped };
	}

	const methods = {
		devices_get: devicesGet,
		device_list: devicesGet,
		device_details_get(params) {
			const device = devices.get(params.device_id);
			return device ? xml(`<page>${deviceXml(device)}</page>`) : error('Device was not found');
		},
		device_create(params) {
			if (!params.user_id) return error('user_id is empty');
			if (params.type && !['SIP', 'IAX2', 'FAX', 'Virtual', 'H323', 'ZAP', 'Skype'].includes(params.type)) return error('Device_type_invalid');
			if (params.devicegroup_id === 'broken') return xml('<page><status><error>Device was not created</error><message>Device group is full</message></status></page>');
			if (!users.has(params.user_id)) return error('User not found');
			if (params.pin && [...devices.values()].some((device) => device.pin === params.pin)) return error('Pin_is_already_used');
			const device = addDevice(params.user_id, {
				description: params.description ?? '',
				device_type: params.type || 'SIP',
				...(params.pin ? { pin: params.pin } : {}),
				...(params.caller_id ? { caller_id: params.caller_id } : {}),
			});
			return xml(`<page><status><success>Device created</success></status><device_id>${device.device_id}</device_id></page>`);
		},
		device_update(params) {
			const device = devices.get(params.device);
			if (!device) return error('Device was not found');
			// Documented: 0 = dynamic (username/password), 1 = IP authentication. The error text for another value is not documented.
			if (params.authentication !== undefined && !['0', '1'].includes(params.authentication)) return error('Authentication is invalid');
			if (params.pin !== undefined && !/^\d*$/.test(params.pin)) return error('Pin_must_be_numeric');
			if (params.pin && [...devices.values()].some((other) => other !== device && other.pin === params.pin)) return error('Pin_is_already_used');
			for (const key of ['authentication', 'username', 'host', 'port', 'extension', 'pin', 'comment']) if (params[key] !== undefined) device[key] = params[key];
			if (params.callerid_number !== undefined || params.callerid_name !== undefined) {
				const [, name = '', number = ''] = /^"(.*)" <(.*)>$/.exec(device.callerid ?? '') ?? [];
				device.callerid = `"${params.callerid_name ?? name}" <${params.callerid_number ?? number}>`;
			}
			return xml(`<page><status><success>Device successfully updated</success></status>${deviceXml(device)}</page>`);
		},
		device_delete(params) {
			if (!devices.delete(params.device)) return error('Device was not found');
			return xml('<page><status>Device was deleted</status></page>');
		},
	};

	return {
		name: 'kolmisoft',
		data: {
			devices,
			setApiEnabled: (value) => (apiEnabled = value),
			/** The next `count` devices_get answers list no devices, as a server that answers "none" once may. */
			answerEmptyLists: (count = 1) => (emptyListsLeft = count),
			addDevice: (userId, fields) => addDevice(userId, fields),
			/** Whether devices_get entries carry user_id (true at the start); false answers with the documented entries, which hold no user. */
			setListsUser: (value) => (listsUser = value),
			removeDevice: (deviceId) => devices.delete(String(deviceId)),
			/** Changes fields of a device; a field set to undefined is dropped from its record. */
			updateDevice: (deviceId, fields) => updateFields(devices.get(String(deviceId)), fields),
			userWithManyDevices: '100',
			userWithOneDevice: '101',
			userWithNoDevices: '102',
			hashOrder: HASH_ORDER,
		},
		handles: (path) => path.startsWith('/billing/api/'),
		handle(request) {
			const method = request.path.slice('/billing/api/'.length);
			// How Kolmisoft answers a method it does not know is undocumented: the sandbox answers 404 with an <error>.
			const known = options.kolmisoftMethods === 'legacy' ? method !== 'devices_get' : true;
			if (!methods[method] || !known) return { status: 404, headers: { 'Content-Type': 'text/xml' }, body: '<error>Unknown method</error>' };
			if (request.method === 'GET' && !options.kolmisoftAllowGet) return error('GET API is not allowed');
			if (!apiEnabled) return error('API Requests are disabled');
			const form = /x-www-form-urlencoded/.test(request.headers['content-type'] ?? '') ? Object.fromEntries(new URLSearchParams(request.body)) : {};
			const params = { ...request.query, ...form };
			if (params.u !== credentials.username) return error('Bad login');
			if (options.kolmisoftRequirePassword && params.p !== credentials.password) return error('Bad login');
			const expected = sha1(HASH_ORDER[method].map((key) => params[key] ?? '').join('') + credentials.apiSecretKey);
			if (params.hash !== expected) return error('Incorrect hash');
			if (options.kolmisoftAnswer === 'welcomePage') return { status: 200, headers: { 'Content-Type': 'text/html' }, body: WELCOME_PAGE };
			const answer = methods[method](params, request);
			const isWrite = ['device_create', 'device_update', 'device_delete'].includes(method);
			if (options.proxyPageOnWrites && isWrite && /<success>|<status>Device was deleted</.test(answer.body)) return proxyPageAnswer();
			return answer;
		},
	};
}

module.exports = { createKolmisoft, sha1, HASH_ORDER, updateFields };
