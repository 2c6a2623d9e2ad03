/**
 * The main loop's wake-up timer, kept while its instant stays the next one: a
 * message that changes nothing due does not cancel and re-arm it, so the
 * history gains no timer events for it (patch local-ledger-commit-and-kept-timer-v1).
 */
import { CancellationScope, sleep } from '@temporalio/workflow';

export interface WakeTimer {
  at: number;
  fired: boolean;
}

export function createWakeTimer() {
  let current: (WakeTimer & { scope: CancellationScope }) | undefined;
  const drop = () => {
    if (current && !current.fired) current.scope.cancel();
    current = undefined;
  };
  /** The timer for `at`: the one already armed for it, or a new one (the old one cancelled). */
  const keep = (at: number, now: number): WakeTimer => {
    if (current?.at === at && !current.fired) return current;
    drop();
    const timer = { at, fired: false, scope: new CancellationScope() };
    timer.scope.run(() => sleep(Math.max(1, at - now))).then(
      () => void (timer.fired = true),
      () => undefined, // cancelled: another instant came first
    );
    current = timer;
    return timer;
  };
  return { keep, drop };
}
