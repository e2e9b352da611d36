'use strict';
/**
 * A tiny ticketing inbox for the example workflows: records what it receives, lists it back.
 * A ticket posted with a `deviceKey` that an open ticket already has updates that ticket
 * (200, `updates` counts them) instead of opening another, as a ticket tool keyed by device
 * (a ServiceNow import set coalescing on a field, a Jira search by label then update) does.
 */
function createTickets() {
	const tickets = [];
	return {
		name: 'tickets',
		data: tickets,
		handles: (path) => path === '/tickets',
		handle(request) {
			if (request.method === 'GET') return { status: 200, body: tickets };
			if (request.method === 'DELETE') {
				tickets.length = 0;
				return { status: 204, body: '' };
			}
			if (request.method !== 'POST') return { status: 405, body: { error: 'method not allowed' } };
			let body;
			try {
				body = JSON.parse(request.body || '{}');
			} catch {
				return { status: 400, body: { error: 'body is not JSON' } };
			}
			const existing = body.deviceKey !== undefined && body.deviceKey !== null ? tickets.find((ticket) => ticket.deviceKey === body.deviceKey) : undefined;
			if (existing) {
				Object.assign(existing, body, { id: existing.id, receivedAt: existing.receivedAt, updatedAt: new Date().toISOString(), updates: (existing.updates ?? 0) + 1 });
				return { status: 200, body: existing };
			}
			const ticket = { id: tickets.length + 1, receivedAt: new Date().toISOString(), ...body };
			tickets.push(ticket);
			return { status: 201, body: ticket };
		},
	};
}

module.exports = { createTickets };
