/**
 * Heartbeats on a clock while an activity works, whatever the work is doing.
 * A heartbeat timeout is how the server notices an attempt that no worker is
 * running (the worker died, or a restart of the server lost the task or its
 * completion); a short one notices that soon. Heartbeating on progress alone
 * would make a slow but live step (a start call waiting out a server restart)
 * look dead, so the clock beats while the work goes on.
 */
import { heartbeat } from '@temporalio/activity';

/** Often enough for FAN_OUT's 5 s heartbeat timeout: the worker lets Core pass one on each second (worker/create-worker.ts). */
export const KEEP_ALIVE_EVERY_MS = 1_000;

export async function keptAlive<R>(work: () => Promise<R>, everyMs = KEEP_ALIVE_EVERY_MS): Promise<R> {
  // The timer runs inside the activity's async context, so heartbeat() finds the activity.
  const timer = setInterval(() => heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
