/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import { LoggerProxy } from 'n8n-workflow';

/**
 * Everything n8n and the nodes log during a run, as text, so tests can check
 * that no secret ever reaches a log line.
 */
const captured: string[] = [];

function record(level: string) {
	return (message: string, meta?: object) => {
		captured.push(`${level} ${message}${meta ? ` ${safeStringify(meta)}` : ''}`);
	};
}

function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}

const recordingLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	scoped() {
		return recordingLogger;
	},
};

let installed = false;

/** Routes n8n's LoggerProxy and the DI Logger (what `this.logger` is in a node) to the recorder. */
export function installLogCapture(): void {
	if (installed) return;
	installed = true;
	LoggerProxy.init(recordingLogger as never);
	Container.set(Logger, recordingLogger as never);
}

/** Returns the lines logged since the last call, and starts a new capture. */
export function takeLogs(): string[] {
	return captured.splice(0, captured.length);
}
