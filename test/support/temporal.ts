/** Temporal test environments on the project's own binaries (no internet download). */
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli, resolveTestServer } from '../../config/temporal-binaries';
import { WORKFLOWS_PATH } from '../../worker/create-worker';

// Workers in tests log warnings and errors only; set TEMPORAL_TEST_LOG=INFO to see more.
Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_TEST_LOG as 'INFO' | undefined) ?? 'WARN') });

export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: resolveTestServer().executable } });
}

export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({ server: { executable: resolveTemporalCli().executable, log: { format: 'pretty', level: 'error' } } });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never });
  return bundle;
}
