/**
 * The ledger (台帳): the append-only, hash-chained record of every event of a
 * campaign. One writer per campaign chain at a time (a transaction-scoped
 * advisory lock), one row per idempotency key (a unique constraint), so an
 * activity retried after a crash writes nothing twice.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from './canonical-json';
import { KEY_PART_COLUMNS, ledgerKeyParts, type LedgerKeyParts } from '../../contracts';
import { withTransaction, type Queryable } from './transaction';

export const GENESIS_HASH = '0'.repeat(64);

export interface LedgerEntryInput {
  /** Business key derived from what the event is (campaign, unit, task, event, count), never a run id. */
  key: string;
  campaignId: string;
  unitId?: string | null;
  kind: string;
  /** Who: a user id, or `system` for timers. */
  actor: string;
  payload?: Record<string, unknown>;
  /** When it happened (workflow time for timers), ISO 8601. */
  occurredAt: string;
}

export interface LedgerEntry extends Required<Omit<LedgerEntryInput, 'unitId'>> {
  unitId: string | null;
  seq: number;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export interface AppendResult {
  seq: number;
  hash: string;
  /** False when the key was already recorded (a retry): nothing was written. */
  inserted: boolean;
}

export interface LedgerQuery {
  campaignId: string;
  unitId?: string;
  /** Unit ids of a subtree, when filtering by subtree. */
  unitIds?: string[];
  kinds?: string[];
  from?: string;
  to?: string;
  afterSeq?: number;
  limit?: number;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  /** The first row whose hash or link does not match. */
  brokenAt?: { seq: number; reason: string };
}

export function hashEntry(entry: Omit<LedgerEntry, 'hash' | 'recordedAt'>): string {
  const content = canonicalJson([
    entry.campaignId,
    entry.seq,
    entry.key,
    entry.unitId,
    entry.kind,
    entry.actor,
    entry.payload,
    new Date(entry.occurredAt).toISOString(),
    entry.prevHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}


/** The key parts a row stores (its columns), to compare with the parts of its key. */
function storedKeyParts(row: Record<string, unknown>): LedgerKeyParts {
  return Object.fromEntries(KEY_PART_COLUMNS.map(([part, column]) => [part, (row[column] as string | number | null | undefined) ?? null])) as unknown as LedgerKeyParts;
}

const sameParts = (a: LedgerKeyParts, b: LedgerKeyParts) => KEY_PART_COLUMNS.every(([part]) => a[part] === b[part]);

function rowToEntry(row: Record<string, unknown>): LedgerEntry {
  return {
    campaignId: row.campaign_id as string,
    seq: Number(row.seq),
    key: row.idempotency_key as string,
    unitId: (row.unit_id as string | null) ?? null,
    kind: row.kind as string,
    actor: row.actor as string,
    payload: row.payload as Record<string, unknown>,
    occurredAt: (row.occurred_at as Date).toISOString(),
    recordedAt: (row.recorded_at as Date).toISOString(),
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

/**
 * Appends inside a caller's transaction, so that other rows (an outbox
 * message, a read-model update) commit or roll back with the ledger row.
 */
export async function appendInTransaction(client: Queryable, input: LedgerEntryInput): Promise<AppendResult> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7331))', [input.campaignId]);
  const existing = await client.query('SELECT seq, hash FROM ledger WHERE idempotency_key = $1', [input.key]);
  if (existing.rowCount) return { seq: Number(existing.rows[0].seq), hash: existing.rows[0].hash, inserted: false };
  const head = await client.query(
    'SELECT seq, hash FROM ledger WHERE campaign_id = $1 ORDER BY seq DESC LIMIT 1',
    [input.campaignId],
  );
  const seq = head.rowCount ? Number(head.rows[0].seq) + 1 : 1;
  const prevHash: string = head.rowCount ? head.rows[0].hash : GENESIS_HASH;
  const entry = {
    campaignId: input.campaignId,
    seq,
    key: input.key,
    unitId: input.unitId ?? null,
    kind: input.kind,
    actor: input.actor,
    payload: input.payload ?? {},
    occurredAt: new Date(input.occurredAt).toISOString(),
    prevHash,
  };
  const hash = hashEntry(entry);
  // The key's parts go in columns beside it (derived here, once), so that reads select by them instead of parsing keys.
  const parts = ledgerKeyParts(entry.key, entry.campaignId, entry.unitId);
  await client.query(
    `INSERT INTO ledger (campaign_id, seq, idempotency_key, unit_id, kind, actor, payload, occurred_at, prev_hash, hash,
                         ${KEY_PART_COLUMNS.map(([, column]) => column).join(', ')})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ${KEY_PART_COLUMNS.map((_, i) => `$${11 + i}`).join(', ')})`,
    [entry.campaignId, seq, entry.key, entry.unitId, entry.kind, entry.actor, entry.payload, entry.occurredAt, prevHash, hash, ...KEY_PART_COLUMNS.map(([part]) => parts[part])],
  );
  return { seq, hash, inserted: true };
}

/**
 * Appends many rows of one campaign inside a caller's transaction, in order,
 * with one lock, one look-up of the keys already there, one read of the head
 * and one INSERT: the chain is the same as appending them one by one (each
 * row links to the one before it, a key already recorded or repeated in the
 * batch writes nothing and answers with its row), in a handful of round trips.
 */
export async function appendManyInTransaction(client: Queryable, inputs: readonly LedgerEntryInput[]): Promise<AppendResult[]> {
  if (inputs.length === 0) return [];
  const campaignId = inputs[0].campaignId;
  if (inputs.some((i) => i.campaignId !== campaignId)) throw new Error('appendMany takes the rows of one campaign chain');
  // The lock is its own statement: a statement's snapshot is taken when it begins, so a read
  // in the same statement as a lock it waited for would miss the rows of the holder it waited on.
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7331))', [campaignId]);
  // The keys already recorded and the chain's head, in one round trip (the head row has no key).
  const found = await client.query(
    `SELECT idempotency_key, seq, hash FROM ledger WHERE idempotency_key = ANY($1)
     UNION ALL
     (SELECT NULL, seq, hash FROM ledger WHERE campaign_id = $2 ORDER BY seq DESC LIMIT 1)`,
    [inputs.map((i) => i.key), campaignId],
  );
  const existing = found.rows.filter((r) => r.idempotency_key !== null);
  const head = found.rows.find((r) => r.idempotency_key === null);
  const known = new Map<string, AppendResult>(existing.map((r) => [r.idempotency_key as string, { seq: Number(r.seq), hash: r.hash as string, inserted: false }]));
  let seq = head ? Number(head.seq) : 0;
  let prevHash: string = head ? head.hash : GENESIS_HASH;
  const rows: Array<Record<string, unknown>> = [];
  const results = inputs.map((input) => {
    const found = known.get(input.key);
    if (found) return { ...found, inserted: false };
    seq += 1;
    const entry = { campaignId, seq, key: input.key, unitId: input.unitId ?? null, kind: input.kind, actor: input.actor, payload: input.payload ?? {}, occurredAt: new Date(input.occurredAt).toISOString(), prevHash };
    const hash = hashEntry(entry);
    const parts = ledgerKeyParts(entry.key, campaignId, entry.unitId);
    rows.push({
      seq,
      idempotency_key: entry.key,
      unit_id: entry.unitId,
      kind: entry.kind,
      actor: entry.actor,
      payload: entry.payload,
      occurred_at: entry.occurredAt,
      prev_hash: prevHash,
      hash,
      ...Object.fromEntries(KEY_PART_COLUMNS.map(([part, column]) => [column, parts[part]])),
    });
    prevHash = hash;
    const result = { seq, hash, inserted: true };
    known.set(input.key, result);
    return result;
  });
  if (rows.length) {
    const partColumns = KEY_PART_COLUMNS.map(([, column]) => column);
    const partTypes = KEY_PART_COLUMNS.map(([, column]) => `${column} ${column === 'ordinal' || column === 'revision' ? 'integer' : 'text'}`);
    await client.query(
      `INSERT INTO ledger (campaign_id, seq, idempotency_key, unit_id, kind, actor, payload, occurred_at, prev_hash, hash, ${partColumns.join(', ')})
       SELECT $1, r.seq, r.idempotency_key, r.unit_id, r.kind, r.actor, r.payload, r.occurred_at, r.prev_hash, r.hash, ${partColumns.map((c) => `r.${c}`).join(', ')}
         FROM jsonb_to_recordset($2::jsonb) AS r(seq bigint, idempotency_key text, unit_id text, kind text, actor text, payload jsonb, occurred_at timestamptz, prev_hash text, hash text, ${partTypes.join(', ')})
        ORDER BY r.seq`,
      [campaignId, JSON.stringify(rows)],
    );
  }
  return results;
}

export interface Ledger {
  append(input: LedgerEntryInput): Promise<AppendResult>;
  list(query: LedgerQuery): Promise<LedgerEntry[]>;
  head(campaignId: string): Promise<{ seq: number; hash: string }>;
  verifyChain(campaignId: string): Promise<ChainVerification>;
  countByKey(keys: string[]): Promise<number>;
}

export function createLedger(pool: pg.Pool): Ledger {
  return {
    append: (input) => withTransaction(pool, (client) => appendInTransaction(client, input)),

    async list(query) {
      const conditions = ['campaign_id = $1'];
      const params: unknown[] = [query.campaignId];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        conditions.push(sql.replace('?', `$${params.length}`));
      };
      if (query.unitId) add('unit_id = ?', query.unitId);
      if (query.unitIds) add('unit_id = ANY(?)', query.unitIds);
      if (query.kinds?.length) add('kind = ANY(?)', query.kinds);
      if (query.from) add('occurred_at >= ?', query.from);
      if (query.to) add('occurred_at < ?', query.to);
      if (query.afterSeq !== undefined) add('seq > ?', query.afterSeq);
      params.push(Math.min(query.limit ?? 100, 10_000));
      const result = await pool.query(
        `SELECT * FROM ledger WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
        params,
      );
      return result.rows.map(rowToEntry);
    },

    async head(campaignId) {
      const result = await pool.query('SELECT seq, hash FROM ledger WHERE campaign_id = $1 ORDER BY seq DESC LIMIT 1', [campaignId]);
      return result.rowCount ? { seq: Number(result.rows[0].seq), hash: result.rows[0].hash } : { seq: 0, hash: GENESIS_HASH };
    },

    async verifyChain(campaignId) {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      let checked = 0;
      // Walk the chain in pages so that a campaign of millions of rows fits in memory.
      for (;;) {
        const page = await pool.query('SELECT * FROM ledger WHERE campaign_id = $1 AND seq >= $2 ORDER BY seq LIMIT 5000', [campaignId, expectedSeq]);
        for (const row of page.rows) {
          const entry = rowToEntry(row);
          const head = { seq: expectedSeq - 1, hash: prevHash };
          if (entry.seq !== expectedSeq) return { ok: false, checked, head, brokenAt: { seq: expectedSeq, reason: `row ${expectedSeq} is missing` } };
          if (entry.prevHash !== prevHash) return { ok: false, checked, head, brokenAt: { seq: entry.seq, reason: 'does not link to the previous row' } };
          if (hashEntry(entry) !== entry.hash) return { ok: false, checked, head, brokenAt: { seq: entry.seq, reason: 'content does not match its hash' } };
          // The hash covers the key, not its part columns; reads select by those, so an edited column must show here too.
          if (!sameParts(storedKeyParts(row), ledgerKeyParts(entry.key, entry.campaignId, entry.unitId))) {
            return { ok: false, checked, head, brokenAt: { seq: entry.seq, reason: 'key part columns do not match its key' } };
          }
          prevHash = entry.hash;
          expectedSeq += 1;
          checked += 1;
        }
        if (page.rowCount! < 5000) break;
      }
      return { ok: true, checked, head: { seq: expectedSeq - 1, hash: prevHash } };
    },

    async countByKey(keys) {
      const result = await pool.query('SELECT count(*)::int AS n FROM ledger WHERE idempotency_key = ANY($1)', [keys]);
      return result.rows[0].n;
    },
  };
}
