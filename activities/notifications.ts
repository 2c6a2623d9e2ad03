/**
 * Delivery of outbox rows (written with their ledger rows by the commit
 * activity, see adapters/storage/outbox.ts: enqueueInTransaction).
 *
 * What a retry can and cannot do:
 * - A delivered row is never sent again: it is skipped.
 * - Each send takes a lease on its row first, so a second attempt running at
 *   the same time (an activity timed out on the server while its first attempt
 *   still runs) does not send the same row; it fails that key and Temporal
 *   retries it later.
 * - The one repeat: a worker that dies after the channel accepted a message
 *   and before `markDelivered` committed. Its lease expires, the retry sends
 *   that row again, with the same key (Idempotency-Key / Message-ID), so the
 *   receiver can drop it. Nothing else is ever sent twice.
 * - A failed send is recorded on its row (attempts, last_error); the others
 *   are still tried, then the activity throws so that Temporal retries it,
 *   with the same keys, on the workflow's retry policy (the backoff).
 *
 * Catch-up rows (those with a grouping key: recipient and Beijing day) are not
 * sent one by one: they are held for the recipient's daily digest
 * (`holdForDigest`, the digest workflow of workflows/daily-digest.ts), which
 * merges every pending row of the group into one message; without a holder
 * the digest is composed and sent at once.
 */
import { activityInfo, heartbeat as recordHeartbeat, log } from '@temporalio/activity';
import type { Notifier } from '../adapters/notify/notifier';
import { outgoingMessage, type Outbox } from '../adapters/storage/outbox';
import type { OutboxDigests } from '../adapters/storage/outbox-digests';
import { mapLimit } from '../domain/concurrency';

/** Local activities (a unit workflow's small batches) have no heartbeats: the worker would only log a warning for each. */
function heartbeat(details: unknown): void {
  if (!activityInfo().isLocal) recordHeartbeat(details);
}

export interface NotificationActivityDeps {
  outbox: Outbox;
  notifier: Notifier;
  /**
   * How long an attempt holds a row while sending. Longer than any send can
   * take (webhook 10 s, SMTP 30 s by default); it is also how long a row
   * waits after its worker died mid-send before another attempt may send it.
   */
  leaseMs?: number;
  /** Rows sent at the same time within one activity. */
  concurrency?: number;
  /** The daily digests of catch-up rows; without it every row is sent on its own. */
  digests?: OutboxDigests;
  /** Makes sure the digest of each grouping key will be sent (starts or wakes its digest workflow); without it, digests are sent at once. */
  holdForDigest?: (digestKeys: string[]) => Promise<void>;
}

export interface DeliveryResult {
  /** Sent and recorded by this attempt. */
  delivered: number;
  /** Already recorded as delivered (by an earlier attempt or run): not sent. */
  alreadyDelivered: number;
  /** Keys with no outbox row: nothing to send (a caller bug; logged). */
  unknown: number;
  /** Catch-up rows left for their recipient's daily digest (present only when there are any). */
  heldForDigest?: number;
}

export interface DigestDeliveryResult {
  /** Digests sent and recorded by this attempt. */
  sent: number;
  /** Rows those digests merged. */
  merged: number;
}

/** One or more rows could not be sent; the others were. Retryable: Temporal tries again with the same keys. */
export class NotificationDeliveryError extends Error {
  constructor(readonly failures: Array<{ key: string; error: string }>) {
    super(
      `${failures.length} notification(s) not delivered, will be retried: ` +
        failures
          .slice(0, 5)
          .map((f) => `${f.key}: ${f.error}`)
          .join('; ') +
        (failures.length > 5 ? '; …' : ''),
    );
    this.name = 'NotificationDeliveryError';
  }
}

export const DEFAULT_LEASE_MS = 2 * 60_000;

export function createNotificationActivities(deps: NotificationActivityDeps) {
  const { outbox, notifier } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const concurrency = Math.max(1, deps.concurrency ?? 4);

  type Outcome = 'delivered' | 'alreadyDelivered' | 'unknown' | { error: string };

  async function deliverOne(key: string): Promise<Outcome> {
    const claim = await outbox.claim(key, leaseMs);
    if (claim.status === 'unknown') return 'unknown';
    if (claim.status === 'delivered') return 'alreadyDelivered';
    if (claim.status === 'busy') return { error: `another attempt is sending it (lease until ${claim.until})` };
    try {
      await notifier.send(outgoingMessage(claim.message));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await outbox.recordFailure(key, message);
      return { error: message };
    }
    // Between the send above and this record is the only window in which a
    // dying worker causes a repeat (same key) on the next attempt.
    await outbox.markDelivered(key);
    return 'delivered';
  }

  /** Composes the group's digests (every pending row merged) and sends each unsent one once. */
  async function deliverDigestGroup(digestKey: string, failures: Array<{ key: string; error: string }>): Promise<DigestDeliveryResult> {
    const digests = deps.digests!;
    const result: DigestDeliveryResult = { sent: 0, merged: 0 };
    for (const key of await digests.compose(digestKey)) {
      const claim = await digests.claim(key, leaseMs);
      if (claim.status === 'sent') continue;
      if (claim.status === 'busy') {
        failures.push({ key, error: `another attempt is sending it (lease until ${claim.until})` });
        continue;
      }
      try {
        await notifier.send(claim.digest.message);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await digests.recordFailure(key, message);
        failures.push({ key, error: message });
        continue;
      }
      // As for a single row: a worker dying here sends this same digest, same key, again; never a second one.
      if (await digests.recordSent(key)) {
        result.sent += 1;
        result.merged += claim.digest.mergedKeys.length;
      }
      heartbeat({ digest: key });
    }
    return result;
  }

  return {
    /**
     * Sends the daily digest of one grouping key (recipient and day): every
     * pending catch-up row of it, one message per channel, under the digest's
     * own key. Run again, it sends nothing more. Throws
     * {@link NotificationDeliveryError} when a send failed, for Temporal to retry.
     */
    async deliverDailyDigest(input: { digestKey: string }): Promise<DigestDeliveryResult> {
      const failures: Array<{ key: string; error: string }> = [];
      const result = await deliverDigestGroup(input.digestKey, failures);
      if (failures.length) throw new NotificationDeliveryError(failures);
      return result;
    },

    /**
     * Delivers the outbox rows with these keys (as returned by the commit
     * activity): skips those already delivered, sends the others, records each.
     * Throws {@link NotificationDeliveryError} after trying them all if any
     * failed, so that Temporal retries with the same keys.
     */
    async deliverNotifications(input: { keys: string[] }): Promise<DeliveryResult> {
      const result: DeliveryResult = { delivered: 0, alreadyDelivered: 0, unknown: 0 };
      const failures: Array<{ key: string; error: string }> = [];
      const groups = deps.digests ? await deps.digests.groupsOf([...new Set(input.keys)]) : new Map<string, { digestKey: string; delivered: boolean }>();
      const keys = [...new Set(input.keys)].filter((key) => !groups.has(key));
      const held = [...groups.values()].filter((group) => !group.delivered);
      result.alreadyDelivered += groups.size - held.length;
      if (held.length) {
        const digestKeys = [...new Set(held.map((group) => group.digestKey))];
        if (deps.holdForDigest) await deps.holdForDigest(digestKeys);
        else for (const digestKey of digestKeys) await deliverDigestGroup(digestKey, failures);
        result.heldForDigest = held.length;
      }
      let done = 0;
      const outcomes = await mapLimit(keys, concurrency, async (key) => {
        const outcome = await deliverOne(key);
        heartbeat({ done: ++done });
        return outcome;
      });
      outcomes.forEach((outcome, i) => {
        if (typeof outcome === 'object') failures.push({ key: keys[i], error: outcome.error });
        else result[outcome] += 1;
      });
      if (result.unknown) log.warn('notification keys without an outbox row were skipped', { unknown: result.unknown });
      if (failures.length) {
        log.warn('notifications not delivered; the activity will be retried', { failures: failures.length, delivered: result.delivered });
        throw new NotificationDeliveryError(failures);
      }
      return result;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
