/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { isDeepStrictEqual } from 'node:util';

import type { IDataObject, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { PollContext } from 'n8n-core';

import { installLogCapture, takeLogs } from './logs';
import { getNodeType, nodeTypes } from './nodeTypes';
import { additionalDataFor, credentialsHelper } from './runWorkflow';
import { recordForSecretScan } from './secretScan';

export interface PollOptions {
	type: string;
	parameters: Record<string, unknown>;
	credentials: Record<string, Record<string, unknown>>;
	/** The workflow static data from the previous poll (undefined on the first one). */
	staticData?: IDataObject;
	/** 'trigger' is an active workflow polling; 'manual' is the editor's test run. */
	mode?: 'trigger' | 'manual';
}

export interface PollOutcome {
	items: INodeExecutionData[] | null;
	/** The workflow static data after the poll, also after a failed one (what n8n would keep). */
	staticData: IDataObject;
	logs: string[];
	error?: Error & { description?: string };
}

/**
 * Runs a polling node's poll() once, with the IPollFunctions context n8n-core
 * builds; the static data comes back so the next poll continues from it. A
 * failed poll throws.
 */
export async function pollTrigger(options: PollOptions): Promise<Omit<PollOutcome, 'error'>> {
	const { error, ...outcome } = await pollOnce(options);
	if (error) throw error;
	return outcome;
}

/** As pollTrigger, but a failed poll comes back with its error and the static data it left. One poll on a context of its own. */
export async function pollOnce(options: PollOptions): Promise<PollOutcome> {
	const mode = options.mode ?? 'trigger';
	return await runPoll(setUp(options.type, options.parameters, options.credentials, copy(options.staticData), mode), options.credentials);
}

/** How n8n schedules a polling trigger: see docs/triggers.md. */
export type Scheduler = 'legacy' | 'durable';
export const SCHEDULERS: Scheduler[] = ['legacy', 'durable'];

export interface Activation {
	type: string;
	parameters: Record<string, unknown>;
	/** The credentials, read at each poll (a function: they may change while the workflow is active). */
	credentials: Record<string, Record<string, unknown>> | (() => Record<string, Record<string, unknown>>);
	/** The workflow static data n8n holds when the workflow is activated. */
	staticData?: IDataObject;
}

export interface ActiveTrigger {
	readonly scheduler: Scheduler;
	/** A copy of the static data n8n holds for the workflow now. */
	readonly staticData: IDataObject;
	/**
	 * One scheduled poll. Nothing waits for the previous one: start two without
	 * awaiting to overlap them, as n8n's ticks do. Other parameters are the
	 * workflow edited and activated again (a new context; the static data stays).
	 */
	poll(parameters?: Record<string, unknown>): Promise<PollOutcome>;
	/** The editor's test run: a context of its own on a copy of the static data, which is then dropped. */
	manualPoll(parameters?: Record<string, unknown>): Promise<PollOutcome>;
}

const copy = (data: IDataObject | undefined) => JSON.parse(JSON.stringify(data ?? {})) as IDataObject;

function pollNode(type: string, parameters: Record<string, unknown>, credentials: Record<string, unknown>): INode {
	return {
		id: 'poller',
		name: 'Poller',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: Object.fromEntries(Object.keys(credentials).map((credentialType) => [credentialType, { id: `${credentialType}-id`, name: credentialType }])),
	};
}

interface PollSetup {
	workflow: Workflow;
	context: PollContext;
	type: string;
}

function setUp(type: string, parameters: Record<string, unknown>, credentials: Record<string, unknown>, staticData: IDataObject, mode: 'trigger' | 'manual', budgetMs?: number): PollSetup {
	const node = pollNode(type, parameters, credentials);
	// Workflow wraps the object it is given: what the poll writes lands in `staticData` itself.
	const workflow = new Workflow({ id: 'harness-workflow', nodes: [node], connections: {}, active: true, nodeTypes, staticData });
	const context = new PollContext(
		workflow,
		node,
		additionalDataFor({ nodes: [node], connections: {} }, mode),
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		budgetMs === undefined ? undefined : () => budgetMs,
	);
	return { workflow, context, type };
}

async function runPoll(setup: PollSetup, credentials: Record<string, Record<string, unknown>>): Promise<PollOutcome> {
	installLogCapture();
	takeLogs();
	credentialsHelper.setCredentials(credentials);
	const nodeType = getNodeType(setup.type) as INodeType;
	const leftStaticData = () => copy(setup.workflow.staticData);
	try {
		const output = await nodeType.poll!.call(setup.context);
		const result = { items: output ? output[0] : null, staticData: leftStaticData(), logs: takeLogs() };
		recordForSecretScan(`poll of ${setup.type}`, result);
		return result;
	} catch (error) {
		const logs = takeLogs();
		recordForSecretScan(`failed poll of ${setup.type}`, { error, logs });
		return { items: null, staticData: leftStaticData(), logs, error: error as PollOutcome['error'] };
	}
}

function resolveCredentials(activation: Activation) {
	return typeof activation.credentials === 'function' ? activation.credentials() : activation.credentials;
}

function manualPollOf(activation: Activation, currentStaticData: () => IDataObject) {
	return async (parameters: Record<string, unknown> = {}) => {
		const credentials = resolveCredentials(activation);
		const setup = setUp(activation.type, { ...activation.parameters, ...parameters }, credentials, copy(currentStaticData()), 'manual');
		return await runPoll(setup, credentials);
	};
}

/**
 * n8n's legacy scheduler (the default in n8n 2.41): one poll context and one
 * Workflow for the whole activation, reused by every tick; ticks do not wait
 * for each other, so polls may overlap on that one context; the static data is
 * the live object, which a failed poll may also have changed.
 */
export function legacyPoller(activation: Activation): ActiveTrigger {
	const store = copy(activation.staticData);
	let live: { key: string; setup: PollSetup } | undefined;
	return {
		scheduler: 'legacy',
		get staticData() {
			return copy(store);
		},
		async poll(parameters = {}) {
			const credentials = resolveCredentials(activation);
			const merged = { ...activation.parameters, ...parameters };
			const key = JSON.stringify([merged, credentials]);
			// Another configuration is a deactivation and a new activation: a new context, the same static data.
			if (live?.key !== key) live = { key, setup: setUp(activation.type, merged, credentials, store, 'trigger') };
			return await runPoll(live.setup, credentials);
		},
		manualPoll: manualPollOf(activation, () => store),
	};
}

/**
 * n8n's durable scheduler (opt-in in n8n 2.41, the default from 2.45): a new
 * context per poll on a copy of the stored static data, committed only when
 * the poll succeeds and changed it; the poll is told its time budget (getPollBudgetMs: 45 s
 * less a 9 s margin by default).
 */
export function durablePoller(activation: Activation, budgetMs = 36_000): ActiveTrigger {
	let committed = copy(activation.staticData);
	return {
		scheduler: 'durable',
		get staticData() {
			return copy(committed);
		},
		async poll(parameters = {}) {
			const credentials = resolveCredentials(activation);
			const seed = copy(committed);
			const setup = setUp(activation.type, { ...activation.parameters, ...parameters }, credentials, copy(seed), 'trigger', budgetMs);
			const outcome = await runPoll(setup, credentials);
			// As n8n: nothing is written when the poll left its copy as it found it.
			if (!outcome.error && !isDeepStrictEqual(outcome.staticData, seed)) committed = outcome.staticData;
			return { ...outcome, staticData: copy(committed) };
		},
		manualPoll: manualPollOf(activation, () => committed),
	};
}

export function activate(scheduler: Scheduler, activation: Activation): ActiveTrigger {
	return scheduler === 'legacy' ? legacyPoller(activation) : durablePoller(activation);
}
