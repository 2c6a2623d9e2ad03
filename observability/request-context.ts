/**
 * What one API request touched, for its log line: the workflows it started,
 * signalled, updated or queried. The API runs each request inside `run`; a
 * Temporal client built with `workflowIdInterceptor` notes every workflow id
 * it calls, so routes need not say which workflow they used.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowClientInterceptor } from '@temporalio/client';

export interface RequestContext {
  workflowIds: string[];
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** Notes a workflow id against the request in flight (no-op outside a request). */
export function noteWorkflow(workflowId: string | undefined): void {
  const context = storage.getStore();
  if (workflowId && context && !context.workflowIds.includes(workflowId)) context.workflowIds.push(workflowId);
}

/** The client-side interceptor that notes the workflow of every call. */
export const workflowIdInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => (noteWorkflow(input.options.workflowId), next(input)),
  startWithDetails: (input, next) => (noteWorkflow(input.options.workflowId), next(input)),
  signalWithStart: (input, next) => (noteWorkflow(input.options.workflowId), next(input)),
  startUpdate: (input, next) => (noteWorkflow(input.workflowExecution.workflowId), next(input)),
  signal: (input, next) => (noteWorkflow(input.workflowExecution.workflowId), next(input)),
  query: (input, next) => (noteWorkflow(input.workflowExecution.workflowId), next(input)),
  describe: (input, next) => (noteWorkflow(input.workflowExecution.workflowId), next(input)),
  cancel: (input, next) => (noteWorkflow(input.workflowExecution.workflowId), next(input)),
  terminate: (input, next) => (noteWorkflow(input.workflowExecution.workflowId), next(input)),
};
