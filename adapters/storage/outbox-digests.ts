/**
 * Daily digests of catch-up rows (table outbox_digests, migration
 * 1700000000987). A catch-up row carries a grouping key (recipient and
 * Beijing day, `outbox.digest_key`); composing a digest takes every pending
 * row of that key that no digest holds yet, per channel and address, and
 * writes one digest row holding them (its key is the primary key, so a
 * digest is composed once). Sending is claim → send → `recordSent`, which
 * marks the digest and all its rows delivered in one transaction: a worker
 * that dies after the send and before the record sends the same digest again
 * under the same key, never a second, different one.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { dailyDigestText, digestDayOf, digestMessageKey, type DigestPart } from '../../domain/daily-digest';
import type { NotifyChannel, OutgoingMessage, RecipientRole } from '../../domain/notifications';
import { withTransaction } from './transaction';

export interface PendingDigest {
  message: OutgoingMessage;
  mergedKeys: string[];
}

export type DigestClaim = { status: 'claimed'; digest: PendingDigest } | { status: 'sent' } | { status: 'busy'; until: string };

export interface OutboxDigests {
  /** The grouping keys of these outbox keys' rows that are catch-up rows: key → digest key (delivered or not). */
  groupsOf(keys: string[]): Promise<Map<string, { digestKey: string; delivered: boolean }>>;
  /** Folds the pending rows of a grouping key that no digest holds yet into new digests (one per channel and address); returns every unsent digest key of the group. */
  compose(digestKey: string): Promise<string[]>;
  claim(key: string, leaseMs: number): Promise<DigestClaim>;
  /** The digest and every row it holds delivered, in one transaction; false if it already was. */
  recordSent(key: string): Promise<boolean>;
  recordFailure(key: string, message: string): Promise<void>;
}

interface PendingRow {
  key: string;
  campaign_id: string;
  unit_id: string | null;
  unit_name: string | null;
  recipient_role: RecipientRole;
  recipient_id: string;
  recipient_name: string | null;
  channel: NotifyChannel;
  address: string | null;
  subject: string;
  body: string;
}

interface DigestRow {
  key: string;
  campaign_id: string;
  recipient_role: RecipientRole;
  recipient_id: string;
  recipient_name: string | null;
  channel: NotifyChannel;
  address: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  merged_keys: string[];
}

const addressTag = (address: string | null) => (address ? createHash('sha256').update(address).digest('hex').slice(0, 10) : null);

const toPending = (row: DigestRow): PendingDigest => ({
  message: {
    key: row.key,
    campaignId: row.campaign_id,
    unitId: null,
    kind: 'digest.daily',
    recipientRole: row.recipient_role,
    recipientId: row.recipient_id,
    recipientName: row.recipient_name,
    channel: row.channel,
    address: row.address,
    subject: row.subject,
    body: row.body,
    payload: row.payload,
    note: null,
  },
  mergedKeys: row.merged_keys,
});

export function createOutboxDigests(pool: pg.Pool): OutboxDigests {
  return {
    async groupsOf(keys) {
      if (keys.length === 0) return new Map();
      const { rows } = await pool.query<{ key: string; digest_key: string; delivered: boolean }>(
        'SELECT key, digest_key, delivered_at IS NOT NULL AS delivered FROM outbox WHERE key = ANY($1::text[]) AND digest_key IS NOT NULL',
        [keys],
      );
      return new Map(rows.map((row) => [row.key, { digestKey: row.digest_key, delivered: row.delivered }]));
    },

    compose: (digestKey) =>
      withTransaction(pool, async (client) => {
        // Rows are locked so that two composers of the same group cannot both take a row.
        const { rows } = await client.query<PendingRow>(
          `SELECT o.key, o.campaign_id, o.unit_id, u.name AS unit_name, o.recipient_role, o.recipient_id, o.recipient_name,
                  o.channel, o.address, o.subject, o.body
           FROM outbox o LEFT JOIN units u ON u.id = o.unit_id
           WHERE o.digest_key = $1 AND o.delivered_at IS NULL AND o.digest_message_key IS NULL
           ORDER BY o.created_at, o.key
           FOR UPDATE OF o`,
          [digestKey],
        );
        const byDestination = new Map<string, PendingRow[]>();
        for (const row of rows) {
          const destination = `${row.channel} ${row.address ?? ''}`;
          byDestination.set(destination, [...(byDestination.get(destination) ?? []), row]);
        }
        const channels = [...byDestination.values()].map((group) => group[0].channel);
        for (const group of byDestination.values()) {
          const first = group[0];
          // The address shows in the key only when one recipient has several on the same channel (unit-scoped routes).
          const tag = channels.filter((c) => c === first.channel).length > 1 ? addressTag(first.address) : null;
          const base = digestMessageKey(digestKey, first.channel, 1, tag);
          const earlier = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_digests WHERE key = $1 OR key LIKE $2", [base, `${base.replace(/[\\%_]/g, '\\$&')}#%`]);
          const key = digestMessageKey(digestKey, first.channel, earlier.rows[0].n + 1, tag);
          const parts: DigestPart[] = group.map((row) => ({ key: row.key, campaignId: row.campaign_id, unitId: row.unit_id, unitName: row.unit_name, subject: row.subject, body: row.body }));
          const text = dailyDigestText(digestDayOf(digestKey), parts);
          await client.query(
            `INSERT INTO outbox_digests (key, digest_key, recipient_role, recipient_id, recipient_name, campaign_id, channel, address, subject, body, payload, merged_keys)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::text[])`,
            [key, digestKey, first.recipient_role, first.recipient_id, first.recipient_name, first.campaign_id, first.channel, first.address, text.subject, text.body, JSON.stringify(text.payload), group.map((r) => r.key)],
          );
          await client.query('UPDATE outbox SET digest_message_key = $1 WHERE key = ANY($2::text[])', [key, group.map((r) => r.key)]);
        }
        const unsent = await client.query<{ key: string }>('SELECT key FROM outbox_digests WHERE digest_key = $1 AND sent_at IS NULL ORDER BY key', [digestKey]);
        return unsent.rows.map((row) => row.key);
      }),

    async claim(key, leaseMs) {
      const claimed = await pool.query<DigestRow>(
        `UPDATE outbox_digests SET claimed_until = now() + make_interval(secs => $2::double precision / 1000)
         WHERE key = $1 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
         RETURNING *`,
        [key, leaseMs],
      );
      if (claimed.rows[0]) return { status: 'claimed', digest: toPending(claimed.rows[0]) };
      const { rows } = await pool.query<{ sent_at: Date | null; claimed_until: Date | null }>('SELECT sent_at, claimed_until FROM outbox_digests WHERE key = $1', [key]);
      if (!rows[0] || rows[0].sent_at) return { status: 'sent' };
      return { status: 'busy', until: (rows[0].claimed_until ?? new Date()).toISOString() };
    },

    recordSent: (key) =>
      withTransaction(pool, async (client) => {
        const sent = await client.query(
          'UPDATE outbox_digests SET sent_at = now(), attempts = attempts + 1, last_error = NULL, claimed_until = NULL WHERE key = $1 AND sent_at IS NULL',
          [key],
        );
        if (!sent.rowCount) return false;
        await client.query(
          'UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL, claimed_until = NULL WHERE digest_message_key = $1 AND delivered_at IS NULL',
          [key],
        );
        return true;
      }),

    async recordFailure(key, message) {
      await pool.query('UPDATE outbox_digests SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE key = $1 AND sent_at IS NULL', [key, message.slice(0, 2000)]);
    },
  };
}
