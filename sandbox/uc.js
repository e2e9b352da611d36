'use strict';
/**
 * UC softphone assignment (Xarios-style cloud): PUT (or, as the examples show, POST)
 * …/devices/pbx/{d}/assign|unassign,
 * bearer auth, tenant id format checks, 404s, and the 402 "charges apply" handshake.
 */
const { uuidFrom, proxyPageAnswer } = require('./data');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLIENT_TYPES = ['desktop', 'mobile', 'webrtc', 'crm'];
const PATH = /^\/api\/v1\.0(?:\/accounts\/([^/]+))?\/customers\/([^/]+)\/users\/([^/]+)\/devices\/pbx\/([^/]+)\/(assign|unassign)$/;

function createUc({ seed, credentials, secrets, options = {} }) {
	const accountId = uuidFrom(seed + 300, 0);
	const customers = [0, 1, 2].map((n) => uuidFrom(seed + 301, n));
	// users per customer: user-1..user-3; devices per user: dev-<user>-a, dev-<user>-b, and a chargeable one
	const pbx = new Map(); // `${customer}/${user}` -> Set(deviceIds)
	for (const customer of customers) {
		for (let u = 1; u <= 3; u++) {
			const user = `user-${u}`;
			pbx.set(`${customer}/${user}`, new Set([`dev-${u}-a`, `dev-${u}-b`, `dev-${u}-paid`]));
		}
	}
	const chargeable = new Set(['dev-1-paid', 'dev-2-paid', 'dev-3-paid']);
	const assignments = new Map(); // `${customer}/${user}/${device}` -> clientType
	// Access tokens handed out by the token endpoint; the expired one is known but refused.
	const issuedTokens = new Set();
	const validTokens = () => [credentials.accessToken, secrets.ucOAuth2Token, ...issuedTokens];
	const codes = new Map();
	let refreshTokens = new Set([secrets.ucOAuth2RefreshToken]);

	const problem = (status, message, extra = {}) => ({
		status,
		body: { ...extra, error: status, message, status: 'error', timestamp: new Date().toISOString() },
	});

	function handleOAuth(request) {
		if (request.path === '/connect/authorize') {
			const redirect = new URL(request.query.redirect_uri);
			const code = `code-${codes.size + 1}`;
			codes.set(code, true);
			redirect.searchParams.set('code', code);
			if (request.query.state) redirect.searchParams.set('state', request.query.state);
			return { status: 302, headers: { Location: redirect.toString() }, body: '' };
		}
		if (request.path === '/connect/token' && request.method === 'POST') {
			const form = new URLSearchParams(request.body);
			let clientId = form.get('client_id');
			let clientSecret = form.get('client_secret');
			const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
			if (basic) [clientId, clientSecret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
			if (clientId !== secrets.ucOAuth2ClientId || clientSecret !== secrets.ucOAuth2ClientSecret) {
				return { status: 401, body: { error: 'invalid_client' } };
			}
			const grant = form.get('grant_type');
			const ok = (grant === 'authorization_code' && codes.delete(form.get('code'))) || (grant === 'refresh_token' && refreshTokens.has(form.get('refresh_token')));
			if (!ok) return { status: 400, body: { error: 'invalid_grant' } };
			// A refresh hands out a new access token (and a new refresh token beside the old one).
			const accessToken = grant === 'refresh_token' ? secrets.ucOAuth2RefreshedToken : secrets.ucOAuth2Token;
			const refresh = `${secrets.ucOAuth2RefreshToken}-${refreshTokens.size}`;
			refreshTokens = new Set([...refreshTokens, refresh]);
			issuedTokens.add(accessToken);
			return {
				status: 200,
				body: { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, refresh_token: refresh, scope: 'openid offline_access onboarding' },
			};
		}
		return { status: 404, body: { error: 'not_found' } };
	}

	return {
		name: 'uc',
		data: {
			accountId,
			customers,
			users: ['user-1', 'user-2', 'user-3'],
			devicesOf: (customer, user) => [...(pbx.get(`${customer}/${user}`) ?? [])],
			chargeable,
			setChargeable: (deviceId, value = true) => (value ? chargeable.add(deviceId) : chargeable.delete(deviceId)),
			assignments,
		},
		handles: (path) => path.startsWith('/api/v1.0/') || path.startsWith('/connect/'),
		handle(request) {
			if (request.path.startsWith('/connect/')) return handleOAuth(request);
			const auth = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
			if (auth && auth[1] === secrets.ucOAuth2ExpiredToken) return problem(401, 'token expired');
			if (!auth || !validTokens().includes(auth[1])) return { status: 401, body: '' };
			const match = PATH.exec(request.path);
			if (!match) return problem(404, 'Not Found');
			if (request.method !== (options.ucMethod ?? 'PUT')) return problem(405, 'Method Not Allowed');
			const [, account, customerRaw, userRaw, deviceRaw, action] = match;
			const customer = decodeURIComponent(customerRaw);
			const user = decodeURIComponent(userRaw);
			const device = decodeURIComponent(deviceRaw);
			if (account !== undefined && !UUID.test(decodeURIComponent(account))) return problem(400, `The value '${decodeURIComponent(account)}' is not valid.`);
			if (account !== undefined && decodeURIComponent(account) !== accountId) return problem(404, 'Not Found');
			if (!UUID.test(customer)) return problem(400, `The value '${customer}' is not valid.`);
			if (!customers.includes(customer)) return problem(404, 'Not Found');
			let body = {};
			if (action === 'assign') {
				try {
					body = JSON.parse(request.body || '{}');
				} catch {
					return problem(400, 'The request body is not valid JSON.');
				}
				if (!CLIENT_TYPES.includes(body.clientType)) return problem(400, `The value '${body.clientType}' is not valid for clientType.`);
			}
			if (!pbx.get(`${customer}/${user}`)?.has(device)) return problem(404, 'Device not found');
			if (chargeable.has(device) && request.headers['accept-charges'] !== 'true') {
				return problem(402, 'Additional charges apply', { data: action === 'assign' ? { clientType: body.clientType } : {} });
			}
			const key = `${customer}/${user}/${device}`;
			if (action === 'assign') assignments.set(key, body.clientType);
			else assignments.delete(key);
			if (options.proxyPageOnWrites) return proxyPageAnswer();
			return {
				status: 201,
				headers: { Location: `http://${request.headers.host}${request.path}`, 'Content-Type': 'application/json; charset=utf-8' },
				body: { status: 'success', timestamp: new Date().toISOString() },
			};
		},
	};
}

module.exports = { createUc };
