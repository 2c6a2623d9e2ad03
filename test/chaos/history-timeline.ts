/** A workflow history as one line, "WorkflowTaskScheduled +12.3 s, …", for a chaos scenario's notes. */
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

const eventMs = (event: temporal.api.history.v1.IHistoryEvent) => Number(event.eventTime?.seconds ?? 0) * 1000 + Math.round((event.eventTime?.nanos ?? 0) / 1e6);

/** The events from `fromMs` on (all of them for a workflow started after it), at most `maxEvents`, with their attempt where one is recorded. */
export function historyTimeline(history: History, fromMs: number, maxEvents: number): string {
  const events = (history.events ?? []).filter((event) => eventMs(event) >= fromMs);
  const shown = events.slice(0, maxEvents).map((event) => {
    const name = temporal.api.enums.v1.EventType[event.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '').toLowerCase() ?? String(event.eventType);
    const at = eventMs(event);
    const timeout = event.workflowTaskTimedOutEventAttributes?.timeoutType ?? event.activityTaskTimedOutEventAttributes?.failure?.timeoutFailureInfo?.timeoutType;
    const attempt = event.activityTaskStartedEventAttributes?.attempt;
    const detail = `${timeout ? ` (${temporal.api.enums.v1.TimeoutType[timeout]})` : ''}${attempt && attempt > 1 ? ` attempt ${attempt}` : ''}`;
    return `${name}${detail} +${((at - fromMs) / 1000).toFixed(1)} s`;
  });
  return shown.join(', ') + (events.length > maxEvents ? `, … (${events.length} events)` : '');
}
