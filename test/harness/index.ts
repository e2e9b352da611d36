/**
 * The in-process harness: runs this package's nodes through n8n-core's own
 * engine against a local server, with credentials really applied.
 */
export { runNode, runWorkflow } from './runWorkflow';
export type { RunNodeOptions, RunNodeResult, WorkflowRunResult } from './runWorkflow';
export { activate, durablePoller, legacyPoller, pollOnce, pollTrigger, SCHEDULERS } from './pollTrigger';
export type { Activation, ActiveTrigger, PollOptions, PollOutcome, Scheduler } from './pollTrigger';
export { testCredential } from './credentialTest';
export type { CredentialTestOutcome } from './credentialTest';
export { registerForTests } from './nodeTypes';

/** Nothing of n8n-core's keeps jest alive today (its SSH cleanup timer is unref'd); kept so tests have one place to call. */
export async function shutdownHarness(): Promise<void> {}
