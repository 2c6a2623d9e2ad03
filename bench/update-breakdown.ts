/**
 * Where one update's time goes, read off the workflow's history: the bench
 * and the servers share this machine's clock, so the client's send and reply
 * times can be set beside the server's event times.
 *
 *   sent → scheduled     client (and, through REST, the API's own work) up to the server's workflow task
 *   scheduled → started  the task waiting for the worker to poll it
 *   started → completed  the worker running the handler (a unit's commit, a local activity, included)
 *   completed → replied  the server answering, and the API replying
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type Event = { eventType?: unknown; eventTime?: { seconds?: unknown; nanos?: number | null } | null };

const timeOf = (event: Event) => Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
const E = temporal.api.enums.v1.EventType;
/** `fetchHistory` gives event types as numbers of the proto enum. */
const typeName = (event: Event) => String(event.eventType);
const names = {
  updateAccepted: String(E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
  taskScheduled: String(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
  taskStarted: String(E.EVENT_TYPE_WORKFLOW_TASK_STARTED),
  taskCompleted: String(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
};

/** One update as the client saw it: its workflow, and when it was sent and answered (ms since the epoch). */
export interface UpdateSample {
  workflowId: string;
  sentAt: number;
  repliedAt: number;
}

export interface UpdateSpans {
  sentToScheduled: number;
  scheduledToStarted: number;
  startedToCompleted: number;
  completedToReplied: number;
}

/**
 * The spans of the update sent at `sentAt`: the last one the workflow accepted at or after that
 * moment (the unit's run at the time; a run that has since continued as new has none), or undefined.
 */
export async function updateSpans(client: Client, { workflowId, sentAt, repliedAt }: UpdateSample): Promise<UpdateSpans | undefined> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = (history.events ?? []) as Event[];
  let accepted = events.length - 1;
  while (accepted >= 0 && !(typeName(events[accepted]) === names.updateAccepted && timeOf(events[accepted]) >= sentAt)) accepted -= 1;
  if (accepted < 0) return undefined;
  const before = (type: string) => {
    for (let i = accepted; i >= 0; i -= 1) if (typeName(events[i]) === type) return events[i];
    return undefined;
  };
  const [scheduled, started, completed] = [before(names.taskScheduled), before(names.taskStarted), before(names.taskCompleted)];
  if (!scheduled || !started || !completed) return undefined;
  return {
    sentToScheduled: timeOf(scheduled) - sentAt,
    scheduledToStarted: timeOf(started) - timeOf(scheduled),
    startedToCompleted: timeOf(completed) - timeOf(started),
    completedToReplied: repliedAt - timeOf(completed),
  };
}
