/**
 * Workflow time. Inside the workflow sandbox Date.now() is deterministic: it
 * returns the time of the current workflow task, identical on replay. This is
 * the one place workflows read it, on purpose.
 */
export function workflowNow(): number {
  return Date.now();
}

export function workflowNowIso(): string {
  return new Date(workflowNow()).toISOString();
}
