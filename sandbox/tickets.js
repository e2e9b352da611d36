'use strict';
/** A tiny ticketing inbox for the example workflows: records what it receives, lists it back. */
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
			const ticket = { id: tickets.length + 1, receivedAt: new Date().toISOString(), ...body };
			tickets.push(ticket);
			return { status: 201, body: ticket };
		},
	};
}

module.exports = { createTickets };
