'use strict';
/** The sandbox's root URL: a short page saying what it emulates, instead of a 404. */
const ROUTES = [
	['Plantronics Manager Pro (Open Data Access)', 'GET /reports/assets/tenant/{tenantApiCode}/devices[/user/{username} | /usergroup]'],
	['UC softphone devices (KAZOO PBX)', 'PUT /api/v1.0/[accounts/{account}/]customers/{customer}/users/{user}/devices/pbx/{device}/assign | unassign, OAuth2 at /connect/authorize and /connect/token'],
	['Kolmisoft MOR / M4 billing', 'POST /billing/api/devices_get | device_details_get | device_create | device_update | device_delete'],
	['Genesys Web Services v2', 'GET/POST /api/v2/me, /api/v2/devices, /api/v2/users/{id}/devices, /api/v2/me/devices/{id}'],
	['OpenAI-compatible chat model (for the AI agent example)', 'POST /v1/chat/completions, GET /v1/models'],
	['Ticket inbox (for the example workflows)', 'GET | POST | DELETE /tickets'],
];

function escapeHtml(text) {
	return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]);
}

function createHome() {
	const rows = ROUTES.map(([name, routes]) => `<tr><td>${escapeHtml(name)}</td><td><code>${escapeHtml(routes)}</code></td></tr>`).join('\n');
	const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>Vendor sandbox: n8n-nodes-telephony-devices</title></head>
<body>
<h1>Vendor sandbox of n8n-nodes-telephony-devices</h1>
<p>Local emulations of the APIs the nodes talk to, for tests and the local n8n. Not a real vendor service.
Credential values that reach it are printed by <code>npm run sandbox</code>.</p>
<table border="1" cellpadding="4">
<tr><th>Emulates</th><th>Routes</th></tr>
${rows}
</table>
</body></html>
`;
	return {
		name: 'home',
		handles: (path) => path === '/',
		handle: () => ({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: page }),
	};
}

module.exports = { createHome };
