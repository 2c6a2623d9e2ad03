/** A workflow history as one line, "WorkflowTaskScheduled +12.3 s, …", for a chaos scenario's notes. */
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

const eventMs = (event: temporal.api.history.v1.IHistoryEvent) => Number(event.eventTime?.seconds ?? 0) * 1000 + Math.round((event.eventTime?.nanos ?? 0) / 1e6);

/** The events from `fromMs` on (all of them for a workflow started after it), at most `maxEvents`, with their attempt where one is recorded. */
export function historyTimeline(history: History, fromMs: number, maxEvents: number): string {
  const all = history.events ?? [];
  // An activity's events name it: the type is on its scheduled event, which the others point back to.
  const activityTypes = new Map(all.filter((e) => e.activityTaskScheduledEventAttributes).map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes!.activityType?.name ?? '?']));
  const activityOf = (event: temporal.api.history.v1.IHistoryEvent) => {
    const scheduled = event.activityTaskScheduledEventAttributes ? event.eventId : (event.activityTaskStartedEventAttributes ?? event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes)?.scheduledEventId;
    return scheduled === undefined || scheduled === null ? undefined : activityTypes.get(String(scheduled));
  };
  const events = all.filter((event) => eventMs(event) >= fromMs);
  const shown = events.slice(0, maxEvents).map((event) => {
    const name = temporal.api.enums.v1.EventType[event.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '').toLowerCase() ?? String(event.eventType);
    const at = eventMs(event);
    const timeout = event.workflowTaskTimedOutEventAttributes?.timeoutType ?? event.activityTaskTimedOutEventAttributes?.failure?.timeoutFailureInfo?.timeoutType;
    const attempt = event.activityTaskStartedEventAttributes?.attempt;
    const activity = activityOf(event);
    // A retried attempt says why the one before it ended (a timeout, a failure the worker reported).
    const lastFailure = attempt && attempt > 1 ? event.activityTaskStartedEventAttributes?.lastFailure?.message : undefined;
    const detail = `${activity ? ` ${activity}` : ''}${timeout ? ` (${temporal.api.enums.v1.TimeoutType[timeout]})` : ''}${attempt && attempt > 1 ? ` attempt ${attempt}` : ''}${lastFailure ? ` after "${lastFailure.slice(0, 80)}"` : ''}`;
    return `${name}${detail} +${((at - fromMs) / 1000).toFixed(1)} s`;
  });
  return shown.join(', ') + (events.length > maxEvents ? `, … (${events.length} events)` : '');
}
