/** Reading a workflow's whole history across continue-as-new. */
import type { Client } from '@temporalio/client';

/** Every run of a workflow id, oldest first, following continue-as-new links back from the latest. */
export async function allRuns(client: Client, workflowId: string) {
  const runs = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift({ runId, history });
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}
