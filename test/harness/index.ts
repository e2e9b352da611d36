export { runNode, runWorkflow } from './runWorkflow';
export type { RunNodeOptions, RunNodeResult, WorkflowRunResult } from './runWorkflow';
export { registerForTests } from './nodeTypes';
