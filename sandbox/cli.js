#!/usr/bin/env node
'use strict';
// Starts the vendor sandbox by hand and prints the credential values that reach it.
const { startSandbox } = require('./index');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : process.argv[index + 1];
}

(async () => {
	const sandbox = await startSandbox({
		port: Number(option('port', 5680)),
		host: option('host', '127.0.0.1'),
		size: Number(option('size', 1000)),
		seed: Number(option('seed', 1)),
		latencyMs: Number(option('latency', 0)),
		genesysCsrf: !process.argv.includes('--no-csrf'),
		genesysSize: option('genesys-size') === undefined ? undefined : Number(option('genesys-size')),
		kolmisoftUsers: Number(option('kolmisoft-users', 1)),
		// Answers the documents allow (see the settings in sandbox/index.js).
		ucMethod: option('uc-method', 'PUT'),
		kolmisoftMethods: option('kolmisoft-methods', 'current'),
		kolmisoftAnswer: option('kolmisoft-answer', 'documented'),
		proxyPageOnWrites: process.argv.includes('--proxy-page-on-writes'),
	});
	console.log(`Vendor sandbox listening on ${sandbox.url}`);
	console.log('Credential values for n8n (region Custom where there is one):');
	console.log(JSON.stringify(sandbox.credentials, null, 2));
	if (process.argv.includes('--json-ready')) console.log(`SANDBOX_READY ${JSON.stringify({ url: sandbox.url, credentials: sandbox.credentials, ucCustomer: sandbox.data.uc.customers[0] })}`);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
})().catch((error) => {
	if (error.code === 'EADDRINUSE') console.error(`port ${error.port} is already in use by another program (a start.sh or another sandbox still running?): stop it, or pick another port with --port <port>`);
	else console.error(error);
	process.exit(1);
});
