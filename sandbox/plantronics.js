'use strict';
/**
 * Plantronics Manager Pro Open Data Access: device inventory by user, by user
 * group and for the whole tenant, HAL envelope, page from 0 with count.
 */
const { createRandom, uuidFrom } = require('./data');

const HEX_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRODUCTS = [
	{ family: 'Voyager', manufacturer: 'Plantronics', modelId: 'BT600', name: 'Voyager Focus UC', type: 'Bluetooth', vendorId: '047F' },
	{ family: 'Savi', manufacturer: 'Plantronics', modelId: 'D400', name: 'Savi 8220', type: 'DECT', vendorId: '047F' },
	{ family: 'Blackwire', manufacturer: 'Plantronics', modelId: 'C5220', name: 'Blackwire 5220', type: 'USB', vendorId: '047F' },
	{ family: 'Evolve', manufacturer: 'Jabra', modelId: 'E75', name: 'Evolve 75', type: 'Bluetooth', vendorId: '0B0E' },
];
const GROUPS = ['Sales', 'Support', 'Engineering', 'Finance'];
const FIRST_NAMES = ['Dana', 'Lee', 'Sam', 'Alex', 'Kim', 'Noor', 'Ivo', 'Mei'];

/** Filters a route does not document; the "ignores undocumented filters" mode drops them unread. */
const UNDOCUMENTED_FILTERS = {
	tenant: ['manufacturer', 'productName', 'deviceType', 'userGroup', 'deviceState'],
	usergroup: ['userGroup'],
	user: [],
};
const NO_DEVICE_ENTITY = 'No device entity could be found for the requested device path parameters';

/**
 * Modes (all answers the documents allow, default first):
 * - noDevicesBody: how the documented 404 "no device entity" is sent: 'json' ({ status, error, message }),
 *   'text' (text/plain, the sentence alone) or 'jsonOtherKey' (JSON, the sentence under errors[0].detail).
 * - emptyPage: what a page without devices answers: 'list' (an empty list) or 'noDeviceEntity' (the 404).
 * - ignoresUndocumentedFilters: each route ignores the filters its documents do not name.
 * - shrink { afterPage, remaining }: once page `afterPage` is answered the tenant holds only `remaining`
 *   devices, until the next page 0 (a list that shrinks during a walk).
 */
function createPlantronics({ seed, size, credentials, pageMetadata, onlyTenant = false, modes = {} }) {
	const { noDevicesBody = 'json', emptyPage = 'list', ignoresUndocumentedFilters = false, shrink } = modes;
	let shrunk = false;
	const userCount = Math.max(1, Math.ceil(size / 3));
	const usernameOf = (userIndex) => (userIndex === 0 ? 'dwalker' : `user${userIndex}`);
	const overrides = new Map(); // device id -> { versionCompliant?, device?, lastSeenUsername?, lastSeenUserGroups?, omitCompliance? }
	const removed = new Set();
	const added = [];
	const lastSeenTimes = new WeakMap();
	let pageCap = Infinity; // a server that silently answers fewer than `count` devices per page

	function generated(index) {
		const random = createRandom(seed * 7919 + index);
		const product = PRODUCTS[random.int(PRODUCTS.length)];
		const userIndex = index % userCount;
		const username = usernameOf(userIndex);
		const groups = [GROUPS[userIndex % GROUPS.length]];
		const compliant = random.next() >= 0.2;
		const firmware = `${1 + random.int(3)}.${random.int(10)}.${random.int(100)}`;
		const person = (name) => ({
			clientInstanceId: uuidFrom(seed + 1, index),
			firstname: FIRST_NAMES[userIndex % FIRST_NAMES.length],
			hostOs: 'Windows',
			hostOsVersion: '10.0',
			hostname: `PC-${String(userIndex).padStart(5, '0')}`,
			lastname: `Person${userIndex}`,
			softphone: { name: 'Plantronics', pluginId: 'plugin-1', vendor: 'Microsoft', version: '1.0' },
			userGroups: groups,
			username: name,
		});
		const id = uuidFrom(seed, index);
		const record = {
			device: {
				baseFwVersion: firmware,
				btFwVersion: firmware,
				displayId: `TT${String(index).padStart(8, '0')}`,
				firmwareVersion: firmware,
				firmwareVersionAvailable: '3.9.99',
				hasActivePolicy: true,
				hsFwVersion: firmware,
				id,
				policyFirmwareVersion: '3.9.99',
				policyId: `policy-${userIndex % 3}`,
				updateId: compliant ? '' : `update-${index}`,
				usbFwVersion: firmware,
				versionCompliant: compliant,
			},
			connectedDevice: { component: 'headset', displayId: `HS${index}`, family: product.family, id: `${id}-hs`, modelId: product.modelId, name: product.name },
			firstSeen: person(username),
			lastSeen: person(username),
			product: { ...product, manufacturer: product.manufacturer },
			softphone: { name: 'Plantronics', pluginId: 'plugin-1', vendor: 'Microsoft', version: '1.0' },
			tenantApiCode: credentials.tenantApiCode,
			tenantName: 'Sandbox Tenant',
		};
		// The documents name no time field in a record: the last-seen time the filters use stays inside the sandbox.
		lastSeenTimes.set(record, new Date(Date.UTC(2026, 0, 1) + (index % 300) * 86400000).toISOString());
		return record;
	}

	function withOverrides(record) {
		const override = overrides.get(record.device.id);
		if (!override) return record;
		if (override.versionCompliant !== undefined) record.device.versionCompliant = override.versionCompliant;
		Object.assign(record.device, override.device ?? {});
		if (override.lastSeenUsername === null) {
			// Unassigned: the record names no last-seen user, and so no user group.
			delete record.lastSeen.username;
			record.lastSeen.userGroups = [];
		} else if (override.lastSeenUsername !== undefined) record.lastSeen.username = override.lastSeenUsername;
		if (override.lastSeenUserGroups !== undefined) record.lastSeen.userGroups = [...override.lastSeenUserGroups];
		if (override.omitCompliance) delete record.device.versionCompliant;
		return record;
	}

	/** All devices as a lazy list: index -> record, without materialising 100,000 objects. */
	function allIndices() {
		const indices = [];
		for (let index = 0; index < size; index++) if (!removed.has(uuidFrom(seed, index))) indices.push(index);
		return indices;
	}
	let indexCache = null;
	const indices = () => (indexCache ??= allIndices());
	const recordAt = (position) => {
		const base = indices();
		return position < base.length ? withOverrides(generated(base[position])) : added[position - base.length];
	};
	const fullTotal = () => indices().length + added.length;
	const total = () => (shrunk ? Math.min(shrink.remaining, fullTotal()) : fullTotal());

	function list({ username, userGroups, filters }) {
		const matchesFilters = (record) =>
			(!username || record.lastSeen.username === username) &&
			(!userGroups || userGroups.some((group) => (record.lastSeen.userGroups ?? []).includes(group))) &&
			(!filters.manufacturer || record.product.manufacturer === filters.manufacturer) &&
			// Documented as "Product id e.g. BT600": which product field it matches is unknown, so either does.
			(!filters.productName || record.product.name === filters.productName || record.product.modelId === filters.productName) &&
			(!filters.deviceType || record.product.type === filters.deviceType) &&
			(!filters.userGroup || (record.lastSeen.userGroups ?? []).includes(filters.userGroup)) &&
			(!filters.userName || record.lastSeen.username === filters.userName) &&
			(!filters.deviceState || filters.deviceState === 'Active') &&
			(!filters.lastSeenStartTime || lastSeenTimes.get(record) >= new Date(filters.lastSeenStartTime).toISOString()) &&
			(!filters.lastSeenEndTime || lastSeenTimes.get(record) <= new Date(filters.lastSeenEndTime).toISOString());
		return { matchesFilters };
	}

	function answerPage(matching, page, count, neverEnds) {
		const envelope = (items, totalElements) => {
			const totalPages = Math.ceil(totalElements / count);
			return {
				_embedded: { deviceInventoryList: items },
				_links: { self: { href: `?page=${page}&count=${count}` } },
				...(pageMetadata ? { page: { size: count, totalElements, totalPages, number: page } } : {}),
			};
		};
		if (neverEnds) {
			const items = Array.from({ length: count }, (_, i) => recordAt((page * count + i) % Math.max(1, total())));
			return envelope(items, (page + 2) * count);
		}
		return envelope(matching.slice(page * count, page * count + count), matching.length);
	}

	function error(status, message) {
		return { status, body: { status, error: message, message, timestamp: new Date().toISOString() } };
	}

	function noDeviceEntity() {
		if (noDevicesBody === 'text') return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: NO_DEVICE_ENTITY };
		if (noDevicesBody === 'jsonOtherKey') return { status: 404, body: { errors: [{ code: 'NOT_FOUND', detail: NO_DEVICE_ENTITY }] } };
		return error(404, NO_DEVICE_ENTITY);
	}

	/** Page `page` answered: the shrinking-list mode shrinks the tenant after its page. */
	function answered(pageNumber, answer) {
		if (shrink && pageNumber === shrink.afterPage) shrunk = true;
		return answer;
	}

	const data = {
		setCompliant(deviceId, compliant) {
			data.patchDevice(deviceId, { versionCompliant: compliant });
		},
		/**
		 * Changes a device from now on: `versionCompliant`, fields of `device`, the last-seen `lastSeenUsername`
		 * (null: no user, and no group), `lastSeenUserGroups`, `omitCompliance` (true: the record leaves out
		 * `device.versionCompliant`; false: it is back).
		 */
		patchDevice(deviceId, patch) {
			const override = overrides.get(deviceId) ?? {};
			if (patch.versionCompliant !== undefined) override.versionCompliant = patch.versionCompliant;
			if (patch.device) override.device = { ...override.device, ...patch.device };
			if (patch.lastSeenUsername !== undefined) override.lastSeenUsername = patch.lastSeenUsername;
			if (patch.lastSeenUserGroups !== undefined) override.lastSeenUserGroups = patch.lastSeenUserGroups;
			if (patch.omitCompliance !== undefined) override.omitCompliance = patch.omitCompliance;
			overrides.set(deviceId, override);
			for (const record of added) if (record.device.id === deviceId) withOverrides(record);
		},
		/** The headset goes to another user, with that user's groups (a user the sandbox made up has the groups given, else none). */
		moveDevice(deviceId, username, userGroups) {
			const userIndex = data.usernames().indexOf(username);
			const groups = userGroups ?? (userIndex === -1 ? [] : [GROUPS[userIndex % GROUPS.length]]);
			data.patchDevice(deviceId, { lastSeenUsername: username, lastSeenUserGroups: groups });
		},
		/** The headset no longer has a last-seen user (nor groups). */
		unassignDevice(deviceId) {
			data.patchDevice(deviceId, { lastSeenUsername: null });
		},
		addDevice(partial = {}) {
			const record = withOverrides(generated(size + added.length + 1000));
			record.device.id = partial.id ?? uuidFrom(seed + 99, added.length);
			Object.assign(record.device, partial.device ?? {});
			if (partial.username) record.lastSeen.username = partial.username;
			added.push(record);
			return record;
		},
		removeDevice(deviceId) {
			const addedIndex = added.findIndex((record) => record.device.id === deviceId);
			if (addedIndex !== -1) added.splice(addedIndex, 1);
			removed.add(deviceId);
			indexCache = null;
		},
		list() {
			return Array.from({ length: total() }, (_, position) => recordAt(position));
		},
		/** Answer at most `size` devices per page whatever `count` asks (undefined: no cap). */
		setPageCap(size) {
			pageCap = size ?? Infinity;
		},
		usernames: () => Array.from({ length: userCount }, (_, i) => usernameOf(i)),
		groups: GROUPS,
	};

	return {
		name: 'plantronics',
		data,
		// onlyTenant: answers only its own tenant's paths, so a second tenant can share the server.
		handles: (path) => path.startsWith(onlyTenant ? `/reports/assets/tenant/${credentials.tenantApiCode}/` : '/reports/assets/tenant/'),
		handle(request) {
			if (request.method !== 'GET') return error(405, 'Method not allowed');
			const parts = request.path.split('/').map(decodeURIComponent); // ['', reports, assets, tenant, code, devices, ...]
			const tenant = parts[4];
			if (parts[5] !== 'devices') return error(404, 'Not found');
			if (request.query.apikey !== credentials.apiKey) return error(401, 'Unauthorized');
			if (request.headers.appid !== credentials.appId) return error(403, 'Unauthorized token error');
			if (!HEX_UUID.test(tenant)) return error(400, 'Generic malformed request: tenantApiCode is not a valid hexadecimal id');
			if (tenant !== credentials.tenantApiCode) return noDeviceEntity();
			const { page, count } = request.query;
			if (page === undefined || count === undefined) return error(422, 'One or more of the required parameters not found in the request URI');
			const pageNumber = Number(page);
			const askedCount = Number(count);
			if (!Number.isInteger(pageNumber) || pageNumber < 0 || !Number.isInteger(askedCount) || askedCount < 1 || askedCount > 1000) {
				return error(400, 'Generic malformed request: page and count must be whole numbers');
			}
			const countNumber = Math.min(askedCount, pageCap);
			if (pageNumber === 0) shrunk = false;
			for (const key of ['lastSeenStartTime', 'lastSeenEndTime']) {
				if (request.query[key] !== undefined && Number.isNaN(Date.parse(request.query[key]))) {
					return error(400, `Generic malformed request: ${key} is not a date`);
				}
			}
			let scope = {};
			let route = 'tenant';
			if (parts[6] === 'user' && parts.length === 8) {
				scope = { username: parts[7] };
				route = 'user';
			} else if (parts[6] === 'usergroup' && parts.length === 7) {
				route = 'usergroup';
				if (!request.query.userGroups) return error(422, 'One or more of the required parameters not found in the request URI');
				scope = { userGroups: [].concat(request.query.userGroups).flatMap((value) => value.split(',')) };
			} else if (parts.length !== 6) return error(404, 'Not found');

			const neverEnds = request.fault && request.fault.kind === 'neverEndingPager';
			const filters = { ...request.query };
			if (ignoresUndocumentedFilters) for (const key of UNDOCUMENTED_FILTERS[route]) delete filters[key];
			const { matchesFilters } = list({ ...scope, filters });
			const unfiltered = !scope.username && !scope.userGroups && !['manufacturer', 'productName', 'deviceType', 'userGroup', 'userName', 'deviceState', 'lastSeenStartTime', 'lastSeenEndTime'].some((key) => filters[key]);
			let matching;
			if (neverEnds) matching = [];
			else if (unfiltered) {
				// Fast path for big tenants: slice without scanning everything.
				const slice = Array.from({ length: Math.max(0, Math.min(countNumber, total() - pageNumber * countNumber)) }, (_, i) => recordAt(pageNumber * countNumber + i));
				const body = answerPage([], pageNumber, countNumber, false);
				body._embedded.deviceInventoryList = slice;
				if (body.page) Object.assign(body.page, { totalElements: total(), totalPages: Math.ceil(total() / countNumber) });
				if (slice.length === 0 && emptyPage === 'noDeviceEntity') return answered(pageNumber, noDeviceEntity());
				return answered(pageNumber, { status: 200, body });
			} else {
				matching = [];
				for (let position = 0; position < total(); position++) {
					const record = recordAt(position);
					if (matchesFilters(record)) matching.push(record);
				}
			}
			if (scope.username && matching.length === 0 && !neverEnds) return answered(pageNumber, noDeviceEntity());
			const body = answerPage(matching, pageNumber, countNumber, neverEnds);
			if (body._embedded.deviceInventoryList.length === 0 && emptyPage === 'noDeviceEntity') return answered(pageNumber, noDeviceEntity());
			return answered(pageNumber, { status: 200, body });
		},
	};
}

module.exports = { createPlantronics, NO_DEVICE_ENTITY };
