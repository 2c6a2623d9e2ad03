/**
 * What a receiver that honours Idempotency-Key (the header every webhook
 * carries) ends up with, and whether the sender kept its side of it.
 *
 * A worker killed after the receiver accepted a message and before the
 * outbox recorded it sends that message again on the next attempt: no sender
 * can tell "sent, not recorded" from "not sent" after a SIGKILL, so
 * at-least-once under a stable key is the guarantee, and the receiver drops
 * the repeat by its key. "Duplicate deliveries by key" are therefore what
 * would reach such a receiver twice:
 * - a notice (an outbox row) carried under two different keys, say in two
 *   digests, or once alone and once in a digest;
 * - a repeated key whose message differs from the first, which dropping by
 *   key would lose;
 * - a repeat not excused by a crash mid-send: a kill must come within
 *   {@link SEND_WINDOW_MS} of the arrival before it (a little before it too:
 *   the receiver stamps a request when its event loop gets to it), and the
 *   repeat no sooner than the lease allows (a resend while the first
 *   attempt's lease still held would be the sender's own bug).
 * Every notice of the campaign must also have arrived, and there must be some.
 */
import type { ReceivedWebhook } from '../support/webhook-receiver';

/** The outbox rows one message carries: a digest's merged rows, or the message's own key. */
function noticesOf(hook: ReceivedWebhook): string[] {
  const merged = (hook.body.payload as { merged?: Array<{ key: string }> } | undefined)?.merged;
  return Array.isArray(merged) ? merged.map((part) => part.key) : [String(hook.body.key ?? hook.key)];
}

/** The first arrival of each key, in arrival order: what a receiver honouring the key applies. */
function firstArrivals(received: readonly ReceivedWebhook[]): Map<string, ReceivedWebhook> {
  const first = new Map<string, ReceivedWebhook>();
  for (const hook of received) if (!first.has(hook.key)) first.set(hook.key, hook);
  return first;
}

/** The outbox keys that have reached a receiver honouring Idempotency-Key. */
export function deliveredOnce(received: readonly ReceivedWebhook[]): Set<string> {
  return new Set([...firstArrivals(received).values()].flatMap(noticesOf));
}

export interface DeliveryJudgement {
  pass: boolean;
  /** Distinct Idempotency-Keys received. */
  keys: number;
  /** Distinct notices (outbox rows) applied. */
  notices: number;
  figures: string;
  notes: string[];
}

/** The longest a send's record may lag its arrival (seen: up to 230 ms, records waiting for pooled connections in a burst). */
export const SEND_WINDOW_MS = 1_000;
/** How much earlier than the receiver's stamp the request may really have arrived (its event loop's lag). */
const STAMP_SLACK_MS = 250;

export function judgeDeliveries(received: readonly ReceivedWebhook[], outboxKeys: readonly string[], killedAt: readonly number[], leaseMs = 0): DeliveryJudgement {
  const first = firstArrivals(received);
  const timesApplied = new Map<string, number>();
  for (const hook of first.values()) for (const notice of noticesOf(hook)) timesApplied.set(notice, (timesApplied.get(notice) ?? 0) + 1);
  const appliedTwice = [...timesApplied].filter(([, n]) => n > 1).map(([notice]) => notice);
  const missing = outboxKeys.filter((key) => !timesApplied.has(key));

  const previous = new Map<string, ReceivedWebhook>();
  const acrossKill: Array<{ key: string; firstBeforeKillMs: number; kill: number }> = [];
  const unexcused: string[] = [];
  const changed: string[] = [];
  for (const hook of received) {
    const before = previous.get(hook.key);
    previous.set(hook.key, hook);
    if (!before) continue;
    if (hook.rawBody !== first.get(hook.key)!.rawBody) changed.push(hook.key);
    const kill = killedAt.find((at) => at >= before.at - STAMP_SLACK_MS && at <= before.at + SEND_WINDOW_MS && at <= hook.at);
    const afterTheLease = hook.at - before.at >= leaseMs - SEND_WINDOW_MS;
    if (kill === undefined || !afterTheLease) unexcused.push(hook.key);
    else acrossKill.push({ key: hook.key, firstBeforeKillMs: kill - before.at, kill });
  }

  const notes: string[] = [];
  if (received.length === 0) notes.push('no notice was delivered: the delivery half was not exercised');
  if (acrossKill.length) {
    const gaps = acrossKill.map((r) => r.firstBeforeKillMs);
    notes.push(`${acrossKill.length} repeated requests, each across a kill (the first arrival ${Math.min(...gaps)}–${Math.max(...gaps)} ms before it; ${new Set(acrossKill.map((r) => r.kill)).size} kills involved), each the same message under the same key: a receiver honouring Idempotency-Key drops them`);
  }
  if (unexcused.length) notes.push(`repeated with no kill just after the earlier arrival, or before the lease ran out: ${unexcused.slice(0, 5).join(', ')}`);
  if (changed.length) notes.push(`repeated key with a different message: ${changed.slice(0, 5).join(', ')}`);
  if (appliedTwice.length) notes.push(`notices delivered under two keys: ${appliedTwice.slice(0, 5).join(', ')}`);
  if (missing.length) notes.push(`notices never delivered: ${missing.slice(0, 5).join(', ')}`);
  if (outboxKeys.length === 0) notes.push('the outbox holds no notice for this receiver: nothing to judge');
  return {
    pass: received.length > 0 && outboxKeys.length > 0 && appliedTwice.length === 0 && missing.length === 0 && changed.length === 0 && unexcused.length === 0,
    keys: first.size,
    notices: timesApplied.size,
    figures: `deliveries ${received.length} requests under ${first.size} keys (repeated across a kill ${acrossKill.length}, not excused by one ${unexcused.length}, changed ${changed.length}); notices ${timesApplied.size}/${outboxKeys.length} (twice ${appliedTwice.length}, missing ${missing.length})`,
    notes,
  };
}
