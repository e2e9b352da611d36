import type { startSandbox } from '../../sandbox';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * Every operation of every node, as the reliability suite drives it: how to
 * run it against the sandbox, whether it writes, and which paths it may reach.
 */
export interface OperationCase {
	label: string;
	node: string;
	vendor: 'plantronics' | 'uc' | 'kolmisoft' | 'genesys';
	write: boolean;
	/** Answers gzipped XML (Kolmisoft reads) / pages (Plantronics lists). */
	gzip?: boolean;
	paged?: boolean;
	parameters: (sandbox: Sandbox) => Record<string, unknown>;
	credentials: (sandbox: Sandbox) => Record<string, Record<string, unknown>>;
	/** The only paths this operation may send requests to. */
	ownPaths: RegExp;
	/** Parameters holding ids, with their labels, for hostile-input checks. */
	idParameters: Array<{ name: string; label: string }>;
}

const plantronics = (sandbox: Sandbox) => ({ plantronicsManagerProApi: sandbox.credentials.plantronics });
const uc = (sandbox: Sandbox) => ({ ucSoftphoneApi: sandbox.credentials.uc });
const kolmisoft = (sandbox: Sandbox) => ({ kolmisoftApi: sandbox.credentials.kolmisoft });
const genesys = (sandbox: Sandbox) => ({ genesysWebServicesApi: sandbox.credentials.genesys });
const TENANT = '/reports/assets/tenant/[0-9a-f-]+/devices';
const UC_PATH = '/api/v1\\.0/customers/[0-9a-f-]+/users/[^/]+/devices/pbx/[^/]+';

export const OPERATIONS: OperationCase[] = [
	{
		label: 'Plantronics getAll',
		node: 'plantronicsInventory',
		vendor: 'plantronics',
		write: false,
		paged: true,
		parameters: () => ({ resource: 'device', operation: 'getAll', returnAll: true }),
		credentials: plantronics,
		ownPaths: new RegExp(`^${TENANT}$`),
		idParameters: [],
	},
	{
		label: 'Plantronics getAllByUser',
		node: 'plantronicsInventory',
		vendor: 'plantronics',
		write: false,
		paged: true,
		parameters: () => ({ resource: 'device', operation: 'getAllByUser', username: 'dwalker', returnAll: true }),
		credentials: plantronics,
		ownPaths: new RegExp(`^${TENANT}/user/[^/]+$`),
		idParameters: [{ name: 'username', label: 'Username' }],
	},
	{
		label: 'Plantronics getAllByUserGroup',
		node: 'plantronicsInventory',
		vendor: 'plantronics',
		write: false,
		paged: true,
		parameters: () => ({ resource: 'device', operation: 'getAllByUserGroup', userGroups: 'Sales', returnAll: true }),
		credentials: plantronics,
		ownPaths: new RegExp(`^${TENANT}/usergroup$`),
		idParameters: [{ name: 'userGroups', label: 'User Groups' }],
	},
	{
		label: 'UC assign',
		node: 'ucSoftphoneDevice',
		vendor: 'uc',
		write: true,
		parameters: (sandbox) => ({ authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: sandbox.data.uc.customers[0], userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' }),
		credentials: uc,
		ownPaths: new RegExp(`^${UC_PATH}/assign$`),
		idParameters: [
			{ name: 'userId', label: 'User ID' },
			{ name: 'deviceId', label: 'Device ID' },
		],
	},
	{
		label: 'UC unassign',
		node: 'ucSoftphoneDevice',
		vendor: 'uc',
		write: true,
		parameters: (sandbox) => ({ authentication: 'accessToken', resource: 'device', operation: 'unassign', customerTenantId: sandbox.data.uc.customers[0], userId: 'user-1', deviceId: 'dev-1-b' }),
		credentials: uc,
		ownPaths: new RegExp(`^${UC_PATH}/unassign$`),
		idParameters: [
			{ name: 'userId', label: 'User ID' },
			{ name: 'deviceId', label: 'Device ID' },
		],
	},
	{
		label: 'Kolmisoft getAll',
		node: 'kolmisoftDevices',
		vendor: 'kolmisoft',
		write: false,
		gzip: true,
		parameters: () => ({ resource: 'device', operation: 'getAll', userId: '100', returnAll: true }),
		credentials: kolmisoft,
		ownPaths: /^\/billing\/api\/devices_get$/,
		idParameters: [{ name: 'userId', label: 'User ID' }],
	},
	{
		label: 'Kolmisoft get',
		node: 'kolmisoftDevices',
		vendor: 'kolmisoft',
		write: false,
		parameters: () => ({ resource: 'device', operation: 'get', deviceId: '1000' }),
		credentials: kolmisoft,
		ownPaths: /^\/billing\/api\/device_details_get$/,
		idParameters: [{ name: 'deviceId', label: 'Device ID' }],
	},
	{
		label: 'Kolmisoft create',
		node: 'kolmisoftDevices',
		vendor: 'kolmisoft',
		write: true,
		parameters: () => ({ resource: 'device', operation: 'create', userId: '101', type: 'SIP' }),
		credentials: kolmisoft,
		ownPaths: /^\/billing\/api\/device_create$/,
		idParameters: [{ name: 'userId', label: 'User ID' }],
	},
	{
		label: 'Kolmisoft update',
		node: 'kolmisoftDevices',
		vendor: 'kolmisoft',
		write: true,
		parameters: () => ({ resource: 'device', operation: 'update', deviceId: '1001', updateFields: { port: '5061' } }),
		credentials: kolmisoft,
		ownPaths: /^\/billing\/api\/device_update$/,
		idParameters: [{ name: 'deviceId', label: 'Device ID' }],
	},
	{
		label: 'Kolmisoft delete',
		node: 'kolmisoftDevices',
		vendor: 'kolmisoft',
		write: true,
		parameters: () => ({ resource: 'device', operation: 'delete', deviceId: '1002' }),
		credentials: kolmisoft,
		ownPaths: /^\/billing\/api\/device_delete$/,
		idParameters: [{ name: 'deviceId', label: 'Device ID' }],
	},
	{
		label: 'Genesys getAll',
		node: 'genesysDevices',
		vendor: 'genesys',
		write: false,
		parameters: () => ({ resource: 'device', operation: 'getAll', scope: 'all', returnAll: true }),
		credentials: genesys,
		ownPaths: /^\/api\/v2\/devices$/,
		idParameters: [],
	},
	{
		label: 'Genesys get',
		node: 'genesysDevices',
		vendor: 'genesys',
		write: false,
		parameters: (sandbox) => ({ resource: 'device', operation: 'get', deviceId: sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId)[0].id }),
		credentials: genesys,
		ownPaths: /^\/api\/v2\/devices\/[^/]+$/,
		idParameters: [{ name: 'deviceId', label: 'Device ID' }],
	},
	{
		label: 'Genesys create',
		node: 'genesysDevices',
		vendor: 'genesys',
		write: true,
		parameters: () => ({ resource: 'device', operation: 'create', scope: 'me', phoneNumber: `9${Math.floor(Math.random() * 1e6)}` }),
		credentials: genesys,
		ownPaths: /^\/api\/v2\/me(\/devices)?$/,
		idParameters: [],
	},
	{
		label: 'Genesys performAction',
		node: 'genesysDevices',
		vendor: 'genesys',
		write: true,
		parameters: (sandbox) => ({ resource: 'device', operation: 'performAction', deviceId: sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId)[0].id, action: 'DoNotDisturbOn', options: { checkCapabilities: false } }),
		credentials: genesys,
		ownPaths: /^\/api\/v2\/me(\/devices\/[^/]+)?$/,
		idParameters: [{ name: 'deviceId', label: 'Device ID' }],
	},
];
