'use strict';
/**
 * Genesys Web Services v2 devices: basic auth, statusCode in every body,
 * fields=* lists, exact-field filters, device operations, and CSRF on writes.
 */
const crypto = require('node:crypto');
const { uuidFrom, proxyPageAnswer } = require('./data');
const { updateFields } = require('./kolmisoft');

const STATUS_MESSAGES = {
	1: 'Missing parameter', 2: 'Invalid for current state', 3: 'Forbidden', 6: 'Not found', 18: 'Already exists', 20: 'Not authenticated',
};
const AGENT_CAPABILITIES = ['DoNotDisturbOn', 'DoNotDisturbOff', 'ForwardCallsOn', 'ForwardCallsOff'];
// GWS "Supervisor" operations (ListenIn, Coach, BargeIn, CancelSupervisorMonitoring): sent from the
// supervisor's own device, naming the agent device by targetDeviceUri; mode and scope optional.
const MONITORING = ['ListenIn', 'Coach', 'BargeIn'];
const MONITORING_MODES = ['NextCall', 'AllCalls'];
const MONITORING_SCOPES = ['Call', 'Agent'];

function createGenesys({ seed, size, credentials, secrets, options }) {
	const users = {
		[credentials.username]: { id: uuidFrom(seed + 500, 0), userName: credentials.username, password: credentials.password, roles: ['ROLE_ADMIN', 'ROLE_AGENT', 'ROLE_SUPERVISOR'] },
		agent2: { id: uuidFrom(seed + 500, 1), userName: 'agent2', password: secrets.genesysAgentPassword, roles: ['ROLE_AGENT'] },
		// An agent who signs in elsewhere (no password here) and starts with no devices: somewhere to move a device to.
		agent3: { id: uuidFrom(seed + 500, 2), userName: 'agent3', roles: ['ROLE_AGENT'] },
	};
	const userIds = Object.values(users).map((user) => user.id);
	const supervisorIds = new Set(Object.values(users).filter((user) => user.roles.includes('ROLE_SUPERVISOR')).map((user) => user.id));
	const monitoredBy = new Map(); // target device id -> id of the supervisor device monitoring it
	const monitoring = new Map(); // supervisor device id -> target device id
	const devices = new Map();
	let nextNumber = 3000;
	let created = 0; // not devices.size: a removed device's id is never given again
	const addDevice = (ownerId, fields = {}) => {
		const id = uuidFrom(seed + 600, created++);
		const phoneNumber = String(nextNumber++);
		const device = {
			id,
			deviceState: devices.size % 3 === 0 ? 'Inactive' : 'Active',
			phoneNumberUri: `http://sandbox/api/v2/phone-numbers/${uuidFrom(seed + 700, devices.size)}`,
			telephonyNetwork: devices.size % 2 === 0 ? 'Public' : 'Private',
			model: 'CloudDevice',
			vendor: 'Genesys',
			phoneNumber,
			country: { name: 'United States', code: 'US', callingCode: '1' },
			location: 'California',
			e164Number: `+1650987${phoneNumber}`,
			voiceEnvironmentUri: `http://sandbox/api/v2/voice-environments/${uuidFrom(seed + 800, 0)}`,
			doNotDisturb: 'Off',
			// Every fourth device cannot forward calls; a supervisor's devices may monitor others.
			capabilities: [
				...(devices.size % 4 === 2 ? ['DoNotDisturbOn', 'DoNotDisturbOff'] : AGENT_CAPABILITIES),
				...(supervisorIds.has(ownerId) ? MONITORING : []),
			],
			...fields,
		};
		devices.set(id, { device, ownerId });
		return device;
	};
	for (let i = 0; i < Math.max(size, 4); i++) addDevice(userIds[i % 2]);

	// How many of the next device lists come back empty (a server that answers "none" once).
	let emptyListsLeft = 0;
	let csrfEpoch = 0;
	const sessions = new Map(); // JSESSIONID -> { token, epoch }

	const answer = (status, body, headers = {}) => ({ status, headers: { 'Content-Type': 'application/json', ...headers }, body });
	const failure = (code, message) =>
		answer(options.genesysErrorHttpStatus === '4xx' ? { 1: 400, 2: 400, 3: 403, 6: 404, 18: 409 }[code] ?? 400 : 200, {
			statusCode: code,
			statusMessage: message ?? STATUS_MESSAGES[code],
		});

	function authenticate(request) {
		const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
		if (!basic) return undefined;
		const decoded = Buffer.from(basic[1], 'base64').toString();
		const separator = decoded.indexOf(':');
		const user = users[decoded.slice(0, separator)];
		return user && user.password === decoded.slice(separator + 1) ? user : undefined;
	}

	function csrfHeaders(request) {
		const cookie = /JSESSIONID=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
		const session = cookie && sessions.get(cookie);
		if (session && session.epoch === csrfEpoch) return { 'X-CSRF-HEADER': 'X-CSRF-TOKEN', 'X-CSRF-TOKEN': session.token };
		const id = crypto.randomBytes(12).toString('hex');
		const token = crypto.randomBytes(12).toString('hex');
		sessions.set(id, { token, epoch: csrfEpoch });
		return { 'X-CSRF-HEADER': 'X-CSRF-TOKEN', 'X-CSRF-TOKEN': token, 'Set-Cookie': `JSESSIONID=${id}; Path=/; HttpOnly` };
	}

	function csrfValid(request) {
		const cookie = /JSESSIONID=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
		const session = cookie && sessions.get(cookie);
		return Boolean(session && session.epoch === csrfEpoch && request.headers['x-csrf-token'] === session.token);
	}

	function project(device, fields) {
		if (!fields || fields === '*') return device;
		return Object.fromEntries(fields.split(',').filter((field) => field in device).map((field) => [field, device[field]]));
	}

	function listDevices(request, entries) {
		const { fields, sortBy, ...filters } = request.query;
		const empty = emptyListsLeft > 0;
		if (empty) emptyListsLeft--;
		let list = empty ? [] : entries.map((entry) => entry.device);
		for (const [key, value] of Object.entries(filters)) list = list.filter((device) => String(device[key]) === String(value));
		if (sortBy) list = [...list].sort((a, b) => String(a[sortBy]).localeCompare(String(b[sortBy])));
		if (!fields) return answer(200, { statusCode: 0, uris: list.map((device) => `http://sandbox/api/v2/devices/${device.id}`) });
		return answer(200, { statusCode: 0, devices: list.map((device) => project(device, fields)) });
	}

	function parseBody(request) {
		try {
			return JSON.parse(request.body || '{}');
		} catch {
			return null;
		}
	}

	function monitor(supervisorDevice, operation, body) {
		if (!body.targetDeviceUri) return failure(1, 'Missing parameter: targetDeviceUri');
		const targetId = /\/devices\/([^/?#]+)$/.exec(String(body.targetDeviceUri))?.[1];
		const target = targetId && devices.get(decodeURIComponent(targetId));
		if (!target) return failure(6, 'Target device not found');
		if (body.supervisorMonitoringMode !== undefined && !MONITORING_MODES.includes(body.supervisorMonitoringMode)) return failure(10, 'Invalid supervisorMonitoringMode');
		if (body.supervisorMonitoringScope !== undefined && !MONITORING_SCOPES.includes(body.supervisorMonitoringScope)) return failure(10, 'Invalid supervisorMonitoringScope');
		const current = monitoredBy.get(target.device.id);
		// Only one supervisor at a time may monitor a device. Which statusCode GWS gives here is not documented.
		if (current !== undefined && current !== supervisorDevice.id) return failure(2, 'Another supervisor is already monitoring this device');
		monitoredBy.delete(monitoring.get(supervisorDevice.id));
		monitoring.set(supervisorDevice.id, target.device.id);
		monitoredBy.set(target.device.id, supervisorDevice.id);
		// The documents' notification shows an object; the device table calls it a string [unknown]: the object form is used here.
		supervisorDevice.supervisorMonitoringState = {
			state: operation,
			mode: body.supervisorMonitoringMode ?? 'AllCalls',
			scope: body.supervisorMonitoringScope ?? 'Call',
			targetDeviceUri: body.targetDeviceUri,
		};
		if (!supervisorDevice.capabilities.includes('CancelSupervisorMonitoring')) supervisorDevice.capabilities.push('CancelSupervisorMonitoring');
		return answer(200, { statusCode: 0 });
	}

	function cancelMonitoring(supervisorDevice) {
		monitoredBy.delete(monitoring.get(supervisorDevice.id));
		monitoring.delete(supervisorDevice.id);
		delete supervisorDevice.supervisorMonitoringState;
		supervisorDevice.capabilities = supervisorDevice.capabilities.filter((name) => name !== 'CancelSupervisorMonitoring');
		return answer(200, { statusCode: 0 });
	}

	function route(request, user) {
		const parts = request.path.split('/').slice(3).map(decodeURIComponent); // after /api/v2
		const isAdmin = user.roles.includes('ROLE_ADMIN');
		const owned = (ownerId) => [...devices.values()].filter((entry) => entry.ownerId === ownerId);
		if (request.method === 'GET') {
			if (parts[0] === 'me' && parts.length === 1) return answer(200, { statusCode: 0, user: { id: user.id, userName: user.userName, roles: user.roles } });
			if (parts[0] === 'devices' && parts.length === 1) return isAdmin ? listDevices(request, [...devices.values()]) : failure(3);
			if (parts[0] === 'devices' && parts.length === 2) {
				const entry = devices.get(parts[1]);
				if (!entry || (!isAdmin && entry.ownerId !== user.id)) return failure(6, 'Device not found');
				return answer(200, { statusCode: 0, device: project(entry.device, request.query.fields) });
			}
			if (parts[0] === 'users' && parts[2] === 'devices' && parts.length === 3) {
				if (!isAdmin) return failure(3);
				if (!userIds.includes(parts[1])) return failure(6, 'User not found');
				return listDevices(request, owned(parts[1]));
			}
			if (parts[0] === 'me' && parts[1] === 'devices' && parts.length === 2) return listDevices(request, owned(user.id));
			return failure(6, 'Resource not found');
		}
		if (request.method !== 'POST') return failure(2, 'Method not supported');
		const body = parseBody(request);
		if (body === null) return failure(10, 'Input validation failed: body is not JSON');
		const createFor = (ownerId) => {
			if (!body.phoneNumber) return failure(1, 'Missing parameter: phoneNumber');
			if ([...devices.values()].some((entry) => entry.device.phoneNumber === body.phoneNumber)) return failure(18, 'A device with this phone number already exists');
			const device = addDevice(ownerId, { phoneNumber: body.phoneNumber, model: body.model ?? 'CloudDevice', telephonyNetwork: body.telephonyNetwork ?? 'Private', e164Number: body.phoneNumber });
			return answer(200, { statusCode: 0, id: device.id, uri: `http://sandbox/api/v2/devices/${device.id}` });
		};
		if (parts[0] === 'users' && parts[2] === 'devices' && parts.length === 3) {
			if (!isAdmin) return failure(3);
			if (!userIds.includes(parts[1])) return failure(6, 'User not found');
			return createFor(parts[1]);
		}
		if (parts[0] === 'me' && parts[1] === 'devices' && parts.length === 2) return createFor(user.id);
		if (parts[0] === 'me' && parts[1] === 'devices' && parts.length === 3) {
			const entry = devices.get(parts[2]);
			if (!entry || entry.ownerId !== user.id) return failure(6, 'Device not found');
			const operation = body.operationName;
			if (!operation) return failure(1, 'Missing parameter: operationName');
			if (!entry.device.capabilities.includes(operation)) return failure(2, `Operation ${operation} is not available on this device`);
			if (operation === 'ForwardCallsOn' && !body.destination) return failure(1, 'Missing parameter: destination');
			if (MONITORING.includes(operation)) return monitor(entry.device, operation, body);
			if (operation === 'CancelSupervisorMonitoring') return cancelMonitoring(entry.device);
			if (operation === 'DoNotDisturbOn') entry.device.doNotDisturb = 'On';
			if (operation === 'DoNotDisturbOff') entry.device.doNotDisturb = 'Off';
			if (operation === 'ForwardCallsOn') entry.device.forwardTo = body.destination;
			if (operation === 'ForwardCallsOff') delete entry.device.forwardTo;
			return answer(200, { statusCode: 0 });
		}
		return failure(6, 'Resource not found');
	}

	return {
		name: 'genesys',
		data: {
			devices,
			userIds,
			adminId: userIds[0],
			agentId: userIds[1],
			/** A third user, with no devices at the start. */
			otherAgentId: userIds[2],
			/** Assigns a device to another user, as an administrator does in GWS: the device keeps its id. */
			assignDevice: (deviceId, ownerId) => {
				const entry = devices.get(deviceId);
				if (!entry || !userIds.includes(ownerId)) throw new Error('no such device or user in the sandbox');
				entry.ownerId = ownerId;
			},
			devicesOf: (ownerId) => [...devices.values()].filter((entry) => entry.ownerId === ownerId).map((entry) => entry.device),
			/** Marks a device as monitored by a supervisor other than the sandbox's users. */
			monitorByAnotherSupervisor: (deviceId) => monitoredBy.set(deviceId, 'another-supervisor-device'),
			monitoredBy,
			/** The next `count` device lists come back empty, as a server that answers "none" once may. */
			answerEmptyLists: (count = 1) => (emptyListsLeft = count),
			addDevice: (ownerId, fields) => addDevice(ownerId ?? userIds[0], fields),
			removeDevice: (deviceId) => devices.delete(deviceId),
			/** Changes fields of a device; a field set to undefined is dropped (e.g. forwardTo when forwarding is off). */
			updateDevice: (deviceId, fields) => updateFields(devices.get(deviceId)?.device, fields),
			rotateCsrf: () => {
				csrfEpoch++;
			},
		},
		handles: (path) => path.startsWith('/api/v2/'),
		handle(request) {
			const user = authenticate(request);
			if (!user) return answer(options.genesysAuthErrorHttpStatus ?? 401, { statusCode: 20, statusMessage: 'Not authenticated' }, { 'WWW-Authenticate': 'Basic realm="GWS"' });
			const isWrite = ['POST', 'PUT', 'DELETE'].includes(request.method);
			if (options.genesysCsrf && isWrite && !csrfValid(request)) {
				return answer(403, { statusCode: 3, statusMessage: 'Missing or invalid Csrf token' });
			}
			const result = route(request, user);
			if (options.proxyPageOnWrites && isWrite && result.body.statusCode === 0) return proxyPageAnswer();
			if (options.genesysCsrf && request.method === 'GET') Object.assign(result.headers, csrfHeaders(request));
			return result;
		},
	};
}

module.exports = { createGenesys };
