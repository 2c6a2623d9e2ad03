/**
 * The notification outbox (table `outbox`) and the routes that say how each
 * recipient is reached (table `notification_routes`).
 *
 * A workflow's notice (a NotificationDraft) is expanded here into one row per
 * recipient, inside the transaction that writes its ledger row
 * (`enqueueInTransaction`), so both commit or neither does. The row key is
 * `<draft key>/<role>:<recipient id>`: deterministic, so a retried activity
 * or a restarted server meets its own rows again and inserts nothing
 * (`ON CONFLICT (key) DO NOTHING`); and a draft already stored is not expanded
 * again, so a recipient added in between does not grow an old notice.
 *
 * Delivery (activities/notifications.ts) claims a row for a short lease,
 * sends, then marks it delivered; the lease keeps a second, concurrent attempt
 * from sending the same row, and expires on its own if the worker dies.
 */
import type pg from 'pg';
import {
  NOTIFY_CHANNELS,
  NOTIFY_ROLES,
  RECIPIENT_ROLES,
  type NotificationDraft,
  type NotifyChannel,
  type NotifyDefaults,
  type OutgoingMessage,
  type NotifyRole,
  type RecipientRole,
} from '../../domain/notifications';
import { digestGroupKey } from '../../domain/daily-digest';
import { withTransaction, type Queryable } from './transaction';

/** One outbox row: the message to one recipient over one channel, and its delivery state. */
export interface OutboxMessage extends OutgoingMessage {
  draftKey: string;
  createdAt: string;
  deliveredAt: string | null;
  attempts: number;
  lastError: string | null;
}

/** How a recipient is reached when no route names their role or unit (from config: NOTIFY_CHANNEL, WEBHOOK_URL). */
export type OutboxDefaults = NotifyDefaults;

/** What a channel is given to send: the row without its delivery state. */
export function outgoingMessage(row: OutboxMessage): OutgoingMessage {
  const { key, campaignId, unitId, kind, recipientRole, recipientId, recipientName, channel, address, subject, body, payload, note } = row;
  return { key, campaignId, unitId, kind, recipientRole, recipientId, recipientName, channel, address, subject, body, payload, note };
}

export const CONSOLE_DEFAULTS: OutboxDefaults = { channel: 'console' };

/** Recipient id of the row written when a role has nobody to tell (no supervisor listed, no admin user): the gap shows in the log and the outbox. */
export const NO_RECIPIENT = '(none)';

export interface EnqueueResult {
  /** Every row key of the drafts, inserted now or before: what to deliver. */
  keys: string[];
  /** Rows inserted by this call (0 on a retry). */
  inserted: number;
}

/** A route: for a role everywhere (no unitId), or for a role in messages about one unit (overrides the former). */
export interface NotificationRoute {
  role: RecipientRole;
  unitId?: string | null;
  channel: NotifyChannel;
  /** Null: the default address on that channel (the recipient's email for smtp, WEBHOOK_URL for webhook). */
  address?: string | null;
}

export type ClaimResult =
  | { status: 'claimed'; message: OutboxMessage }
  | { status: 'delivered'; message: OutboxMessage }
  /** Another attempt holds the lease until then and may be sending right now. */
  | { status: 'busy'; until: string }
  | { status: 'unknown' };

export interface OutboxStats {
  total: number;
  delivered: number;
  undelivered: number;
  /** Undelivered rows that have failed at least once. */
  failing: number;
  byChannel: Record<NotifyChannel, number>;
}

export function outboxKey(draftKey: string, role: RecipientRole, recipientId: string): string {
  return `${draftKey}/${role}:${recipientId}`;
}


interface Recipient {
  role: NotifyRole;
  id: string;
  name: string | null;
  email: string | null;
}

interface RouteRow {
  role: RecipientRole;
  unit_id: string | null;
  channel: NotifyChannel;
  address: string | null;
}

const ERROR_TEXT_LIMIT = 2000;

function checkDraft(draft: NotificationDraft): void {
  if (typeof draft.key !== 'string' || !draft.key.trim()) throw new TypeError('a notification draft needs a business key');
  if (!draft.campaignId) throw new TypeError(`notification ${draft.key}: campaignId is required`);
  for (const role of draft.notify) {
    if (!(NOTIFY_ROLES as readonly string[]).includes(role)) throw new TypeError(`notification ${draft.key}: unknown recipient role "${role}"`);
  }
}

async function recipientsOf(client: Queryable, role: NotifyRole, unitId: string | null, campaignId: string): Promise<Recipient[]> {
  switch (role) {
    case 'secretary': {
      if (!unitId) return [];
      // The unit's first responsible person (第一責任人) in this campaign: the secretary unless another was named.
      const { rows } = await client.query<{ secretary: { name?: string; email?: string } | null }>(
        `SELECT coalesce(f.person, u.secretary) AS secretary FROM units u
         LEFT JOIN first_responsible_persons f ON f.campaign_id = $2 AND f.unit_id = u.id
         WHERE u.id = $1`,
        [unitId, campaignId],
      );
      if (!rows[0]) return [];
      return [{ role, id: unitId, name: rows[0].secretary?.name ?? null, email: rows[0].secretary?.email ?? null }];
    }
    case 'supervisor': {
      if (!unitId) return [];
      // The nearest level of the unit's ancestor path (the unit itself included) that lists any supervisor.
      const { rows } = await client.query<{ id: string; name: string | null; email: string | null }>(
        `WITH chain AS (
           SELECT c.unit_id, c.level
           FROM units u
           CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) WITH ORDINALITY AS c(unit_id, level)
           WHERE u.id = $1
         ), listed AS (
           SELECT s.supervisor_id, c.level FROM chain c JOIN unit_supervisors s ON s.unit_id = c.unit_id
         )
         SELECT l.supervisor_id AS id, us.name, us.email
         FROM listed l LEFT JOIN users us ON us.id = l.supervisor_id
         WHERE l.level = (SELECT max(level) FROM listed)
         ORDER BY l.supervisor_id`,
        [unitId],
      );
      return rows.map((row) => ({ role, id: row.id, name: row.name, email: row.email }));
    }
    case 'office': {
      const { rows } = await client.query<{ id: string; name: string; email: string | null }>(
        "SELECT id, name, email FROM users WHERE role = 'admin' ORDER BY id",
      );
      return rows.map((row) => ({ role, id: row.id, name: row.name, email: row.email }));
    }
  }
}

/** Channel and address of one recipient: the unit's route, else the role's route, else the defaults. */
export function resolveDestination(
  recipient: Pick<Recipient, 'role' | 'id' | 'email'>,
  route: Pick<RouteRow, 'channel' | 'address' | 'unit_id'> | undefined,
  defaults: OutboxDefaults,
): { channel: NotifyChannel; address: string | null; note: string | null } {
  const channel = route?.channel ?? defaults.channel;
  if (channel === 'console') return { channel, address: null, note: null };
  const defaultAddress = channel === 'smtp' ? recipient.email : channel === 'webhook' ? defaults.webhookUrl : null;
  const address = route?.address ?? defaultAddress ?? null;
  if (address) return { channel, address, note: null };
  const source = route ? (route.unit_id ? `the route of unit ${route.unit_id}` : `the route of role ${recipient.role}`) : 'NOTIFY_CHANNEL';
  const missing = channel === 'smtp' ? 'has no email address' : channel === 'webhook' ? 'has no webhook URL (WEBHOOK_URL)' : `has no ${channel} robot URL (the route's address)`;
  return {
    channel: 'console',
    address: null,
    note: `${source} says ${channel}, but ${recipient.role} ${recipient.id} ${missing}: written to the log instead`,
  };
}

/**
 * Expands each draft into one outbox row per recipient, inside the caller's
 * transaction (the one that appends the drafts' ledger rows):
 * - secretary → the unit's secretary (units.secretary), recipient id = the unit id;
 * - supervisor → the supervisors of the nearest level of the unit's ancestor
 *   path that lists any (unit_supervisors), with users.email when the user exists;
 * - office → every users row with role 'admin'.
 * A role with nobody in it gets one row for {@link NO_RECIPIENT}, so the gap is
 * visible rather than silent. Channel and address come from notification_routes
 * (unit route over role route) or `defaults`; a channel with no address for the
 * recipient falls back to console with a note.
 *
 * Idempotent: a draft whose rows exist is not expanded again, and rows are
 * inserted with ON CONFLICT (key) DO NOTHING. Returns every row key of the drafts.
 */
export async function enqueueInTransaction(
  client: Queryable,
  drafts: NotificationDraft[],
  defaults: OutboxDefaults = CONSOLE_DEFAULTS,
): Promise<EnqueueResult> {
  const keys: string[] = [];
  let inserted = 0;
  for (const draft of drafts) {
    checkDraft(draft);
    const existing = await client.query<{ key: string }>('SELECT key FROM outbox WHERE draft_key = $1 ORDER BY key', [draft.key]);
    if (existing.rowCount) {
      keys.push(...existing.rows.map((row) => row.key));
      continue;
    }
    const roles = [...new Set(draft.notify)];
    if (roles.length === 0) continue;
    const routes = await client.query<RouteRow>(
      'SELECT role, unit_id, channel, address FROM notification_routes WHERE role = ANY($1::text[]) AND (unit_id IS NULL OR unit_id = $2)',
      [roles, draft.unitId],
    );
    const routeFor = (role: RecipientRole) =>
      routes.rows.find((r) => r.role === role && r.unit_id !== null) ?? routes.rows.find((r) => r.role === role && r.unit_id === null);

    const rows: Array<Pick<OutboxMessage, 'key' | 'recipientRole' | 'recipientId' | 'recipientName' | 'channel' | 'address' | 'note'> & { digestKey: string | null }> = [];
    // A catch-up notice that names its day is folded at delivery into the recipient's digest of that day.
    const digestDay = draft.kind === 'digest' && typeof draft.payload?.digestDay === 'string' ? draft.payload.digestDay : null;
    for (const role of roles) {
      let recipients = await recipientsOf(client, role, draft.unitId, draft.campaignId);
      let gap: string | null = null;
      if (recipients.length === 0) {
        recipients = [{ role, id: NO_RECIPIENT, name: null, email: null }];
        gap =
          role === 'office'
            ? 'no user has the admin role'
            : draft.unitId
              ? `unit ${draft.unitId} ${role === 'secretary' ? 'does not exist' : 'and its ancestors list no supervisor'}`
              : 'the notice is about no unit';
        gap = `nobody to tell as ${role}: ${gap}`;
      }
      for (const recipient of recipients) {
        const destination = resolveDestination(recipient, routeFor(role), defaults);
        rows.push({
          key: outboxKey(draft.key, role, recipient.id),
          recipientRole: role,
          recipientId: recipient.id,
          recipientName: recipient.name,
          channel: destination.channel,
          address: destination.address,
          note: [gap, destination.note].filter(Boolean).join('; ') || null,
          digestKey: digestDay ? digestGroupKey(role, recipient.id, digestDay) : null,
        });
      }
    }
    const result = await client.query<{ key: string }>(
      `INSERT INTO outbox (key, draft_key, campaign_id, unit_id, kind, recipient_role, recipient_id, recipient_name,
                           channel, address, subject, body, payload, note, digest_key)
       SELECT r.key, $1, $2, $3, $4, r.role, r.id, r.name, r.channel, r.address, $5, $6, $7::jsonb, r.note, r.digest_key
       FROM unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
         AS r(key, role, id, name, channel, address, note, digest_key)
       ON CONFLICT (key) DO NOTHING
       RETURNING key`,
      [
        draft.key,
        draft.campaignId,
        draft.unitId,
        draft.kind,
        draft.subject,
        draft.body,
        JSON.stringify(draft.payload ?? {}),
        rows.map((r) => r.key),
        rows.map((r) => r.recipientRole),
        rows.map((r) => r.recipientId),
        rows.map((r) => r.recipientName),
        rows.map((r) => r.channel),
        rows.map((r) => r.address),
        rows.map((r) => r.note),
        rows.map((r) => r.digestKey),
      ],
    );
    inserted += result.rowCount ?? 0;
    keys.push(...rows.map((r) => r.key));
  }
  return { keys: [...new Set(keys)], inserted };
}

export interface Outbox {
  /** {@link enqueueInTransaction} in a transaction of its own, with the outbox's defaults. */
  enqueue(drafts: NotificationDraft[]): Promise<EnqueueResult>;
  /** Undelivered rows, oldest first; only those among `keys` when given. */
  undelivered(keys?: string[], limit?: number): Promise<OutboxMessage[]>;
  get(key: string): Promise<OutboxMessage | null>;
  /** The rows among `keys`, in the order asked (unknown keys left out). */
  list(keys: string[]): Promise<OutboxMessage[]>;
  /**
   * Takes the lease on an undelivered row for `leaseMs`, unless it is
   * delivered, unknown, or another attempt's lease has not expired.
   */
  claim(key: string, leaseMs: number): Promise<ClaimResult>;
  /** Sets delivered_at once (true), counts the attempt and releases the lease; false if it was already set or the key is unknown. */
  markDelivered(key: string): Promise<boolean>;
  /** Counts a failed attempt (attempts + 1), keeps its message and releases the lease. No effect on a delivered row. */
  recordFailure(key: string, message: string): Promise<void>;
  stats(campaignId: string): Promise<OutboxStats>;
  /** Adds or replaces the route of a role (no unitId) or of a role for one unit. */
  setRoute(route: NotificationRoute): Promise<void>;
  removeRoute(role: RecipientRole, unitId?: string | null): Promise<boolean>;
  listRoutes(): Promise<Array<Required<NotificationRoute>>>;
}

interface OutboxRow {
  key: string;
  draft_key: string;
  campaign_id: string;
  unit_id: string | null;
  kind: string;
  recipient_role: RecipientRole;
  recipient_id: string;
  recipient_name: string | null;
  channel: NotifyChannel;
  address: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  note: string | null;
  created_at: Date;
  delivered_at: Date | null;
  attempts: number;
  last_error: string | null;
}

const toMessage = (row: OutboxRow): OutboxMessage => ({
  key: row.key,
  draftKey: row.draft_key,
  campaignId: row.campaign_id,
  unitId: row.unit_id,
  kind: row.kind,
  recipientRole: row.recipient_role,
  recipientId: row.recipient_id,
  recipientName: row.recipient_name,
  channel: row.channel,
  address: row.address,
  subject: row.subject,
  body: row.body,
  payload: row.payload,
  note: row.note,
  createdAt: row.created_at.toISOString(),
  deliveredAt: row.delivered_at ? row.delivered_at.toISOString() : null,
  attempts: row.attempts,
  lastError: row.last_error,
});

const COLUMNS = `key, draft_key, campaign_id, unit_id, kind, recipient_role, recipient_id, recipient_name, channel, address,
  subject, body, payload, note, created_at, delivered_at, attempts, last_error`;

function checkRoute(route: NotificationRoute): void {
  if (!(RECIPIENT_ROLES as readonly string[]).includes(route.role)) throw new TypeError(`unknown role "${route.role}"`);
  if (!(NOTIFY_CHANNELS as readonly string[]).includes(route.channel)) throw new TypeError(`unknown channel "${route.channel}"`);
}

export function createOutbox(pool: pg.Pool, defaults: OutboxDefaults = CONSOLE_DEFAULTS): Outbox {
  return {
    enqueue: (drafts) => withTransaction(pool, (client) => enqueueInTransaction(client, drafts, defaults)),

    async undelivered(keys, limit = 100) {
      const { rows } = keys
        ? await pool.query<OutboxRow>(
            `SELECT ${COLUMNS} FROM outbox WHERE delivered_at IS NULL AND key = ANY($1::text[]) ORDER BY created_at, key LIMIT $2`,
            [keys, limit],
          )
        : await pool.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, key LIMIT $1`, [limit]);
      return rows.map(toMessage);
    },

    async get(key) {
      const { rows } = await pool.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE key = $1`, [key]);
      return rows[0] ? toMessage(rows[0]) : null;
    },

    async list(keys) {
      if (keys.length === 0) return [];
      const { rows } = await pool.query<OutboxRow>(
        `SELECT o.*
         FROM unnest($1::text[]) WITH ORDINALITY AS wanted(key, ord) JOIN outbox o ON o.key = wanted.key
         ORDER BY wanted.ord`,
        [[...new Set(keys)]],
      );
      return rows.map(toMessage);
    },

    async claim(key, leaseMs) {
      const claimed = await pool.query<OutboxRow>(
        `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2::double precision / 1000)
         WHERE key = $1 AND delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
         RETURNING ${COLUMNS}`,
        [key, leaseMs],
      );
      if (claimed.rows[0]) return { status: 'claimed', message: toMessage(claimed.rows[0]) };
      const { rows } = await pool.query<OutboxRow & { claimed_until: Date | null }>(`SELECT ${COLUMNS}, claimed_until FROM outbox WHERE key = $1`, [key]);
      const row = rows[0];
      if (!row) return { status: 'unknown' };
      if (row.delivered_at) return { status: 'delivered', message: toMessage(row) };
      return { status: 'busy', until: (row.claimed_until ?? new Date()).toISOString() };
    },

    async markDelivered(key) {
      const result = await pool.query(
        `UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL, claimed_until = NULL
         WHERE key = $1 AND delivered_at IS NULL`,
        [key],
      );
      return (result.rowCount ?? 0) > 0;
    },

    async recordFailure(key, message) {
      await pool.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL
         WHERE key = $1 AND delivered_at IS NULL`,
        [key, message.slice(0, ERROR_TEXT_LIMIT)],
      );
    },

    async stats(campaignId) {
      const { rows } = await pool.query<{ channel: NotifyChannel; total: number; delivered: number; failing: number }>(
        `SELECT channel, count(*)::int AS total, count(delivered_at)::int AS delivered,
                count(*) FILTER (WHERE delivered_at IS NULL AND attempts > 0)::int AS failing
         FROM outbox WHERE campaign_id = $1 GROUP BY channel`,
        [campaignId],
      );
      const stats: OutboxStats = { total: 0, delivered: 0, undelivered: 0, failing: 0, byChannel: Object.fromEntries(NOTIFY_CHANNELS.map((channel) => [channel, 0])) as Record<NotifyChannel, number> };
      for (const row of rows) {
        stats.total += row.total;
        stats.delivered += row.delivered;
        stats.failing += row.failing;
        stats.byChannel[row.channel] = row.total;
      }
      stats.undelivered = stats.total - stats.delivered;
      return stats;
    },

    async setRoute(route) {
      checkRoute(route);
      const unitId = route.unitId ?? null;
      await pool.query(
        `INSERT INTO notification_routes (scope, role, unit_id, channel, address)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (role, (coalesce(unit_id, ''))) DO UPDATE
           SET scope = EXCLUDED.scope, channel = EXCLUDED.channel, address = EXCLUDED.address, updated_at = now()`,
        [unitId ? 'unit' : 'role', route.role, unitId, route.channel, route.address ?? null],
      );
    },

    async removeRoute(role, unitId) {
      const result = await pool.query("DELETE FROM notification_routes WHERE role = $1 AND coalesce(unit_id, '') = coalesce($2::text, '')", [role, unitId ?? null]);
      return (result.rowCount ?? 0) > 0;
    },

    async listRoutes() {
      const { rows } = await pool.query<RouteRow>('SELECT role, unit_id, channel, address FROM notification_routes ORDER BY role, unit_id NULLS FIRST');
      return rows.map((row) => ({ role: row.role, unitId: row.unit_id, channel: row.channel, address: row.address }));
    },
  };
}
