/**
 * Ledger key parts as columns: the forward-only migration that fills them for
 * rows written before it, and the append that writes them for new rows —
 * against a real PostgreSQL, through the service's own migration runner.
 */
import fs from 'node:fs';
import { runner } from 'node-pg-migrate';
import { createStorage } from '../../adapters/storage';
import { createLedger, GENESIS_HASH, hashEntry } from '../../adapters/storage/ledger';
import { ledgerKeyParts, NO_KEY_PARTS, type LedgerKeyParts } from '../../contracts';
import { migrate, MIGRATIONS_DIR } from '../../adapters/storage/migrate';
import { createTestDatabase, type TestDatabase } from '../support/database';

const KEY_PARTS_MIGRATION = '1700000000400_ledger-key-parts';

/** One key of every shape the workflows and activities write, with the parts it holds. */
const SHAPES: Array<{ key: string; unitId: string | null; parts: Partial<LedgerKeyParts> }> = [
  { key: 'c1/campaign/started', unitId: null, parts: { step: 'started' } },
  { key: 'c1/campaign/milestone/party-congress-18/revision/3', unitId: null, parts: { milestoneId: 'party-congress-18', revision: 3 } },
  { key: 'c1/campaign/deadline/study-report/revision/4', unitId: null, parts: { taskId: 'study-report', revision: 4 } },
  { key: 'c1/campaign/calendar/2027.2/revision/5', unitId: null, parts: { calendarVersion: '2027.2', revision: 5 } },
  { key: 'c1/campaign/supervision/spot-1', unitId: null, parts: { eventId: 'spot-1' } },
  { key: 'c1/campaign/supervision/spot-1/unit/u1', unitId: 'u1', parts: { eventId: 'spot-1' } },
  { key: 'c1/u1/started', unitId: 'u1', parts: { step: 'started' } },
  { key: 'c1/u1/completed', unitId: 'u1', parts: { step: 'completed' } },
  { key: 'c1/u1/phase/mobilization/entered', unitId: 'u1', parts: { phaseId: 'mobilization', step: 'entered' } },
  { key: 'c1/u1/task/plan/opened', unitId: 'u1', parts: { taskId: 'plan', step: 'opened' } },
  { key: 'c1/u1/task/plan/approved', unitId: 'u1', parts: { taskId: 'plan', step: 'approved' } },
  { key: 'c1/u1/task/plan/submitted/2', unitId: 'u1', parts: { taskId: 'plan', step: 'submitted', ordinal: 2 } },
  { key: 'c1/u1/task/plan/rejected/1', unitId: 'u1', parts: { taskId: 'plan', step: 'rejected', ordinal: 1 } },
  { key: 'c1/u1/task/plan/approval-reminder/2', unitId: 'u1', parts: { taskId: 'plan', step: 'approval-reminder', ordinal: 2 } },
  { key: 'c1/u1/task/plan/overdue/2027-03-10', unitId: 'u1', parts: { taskId: 'plan', step: 'overdue', dueDate: '2027-03-10' } },
  { key: 'c1/u1/task/plan/reminder/2027-03-10/7', unitId: 'u1', parts: { taskId: 'plan', step: 'reminder', dueDate: '2027-03-10', ordinal: 7 } },
  { key: 'c1/u1/task/plan/rung/2027-03-10/warning', unitId: 'u1', parts: { taskId: 'plan', step: 'rung', dueDate: '2027-03-10', rung: 'warning' } },
  { key: 'c1/u1/task/plan/extension/1/requested', unitId: 'u1', parts: { taskId: 'plan', step: 'requested', ordinal: 1 } },
  { key: 'c1/u1/task/plan/extension/1/decided', unitId: 'u1', parts: { taskId: 'plan', step: 'decided', ordinal: 1 } },
  { key: 'c1/u1/deadline/plan/amended/1', unitId: 'u1', parts: { taskId: 'plan', step: 'amended', ordinal: 1 } },
  { key: 'c1/u1/review/advancement/2027-04-01/given', unitId: 'u1', parts: { periodId: 'advancement/2027-04-01', step: 'given' } },
  {
    key: 'c1/u1/review/advancement/2027-04-01/rung/2027-07-07/reminder',
    unitId: 'u1',
    parts: { periodId: 'advancement/2027-04-01', step: 'rung', dueDate: '2027-07-07', rung: 'reminder' },
  },
  { key: 'c1/u1/classification/2027', unitId: 'u1', parts: { round: '2027' } },
  { key: 'c1/u1/rectification/item-1/opened', unitId: 'u1', parts: { itemId: 'item-1', step: 'opened' } },
  { key: 'c1/u1/rectification/item-1/listed-supervision', unitId: 'u1', parts: { itemId: 'item-1', step: 'listed-supervision' } },
  { key: 'c1/u1/rectification/item-1/sent-back/2', unitId: 'u1', parts: { itemId: 'item-1', step: 'sent-back', ordinal: 2 } },
  { key: 'c1/u1/rectification/item-1/rung/2027-05-01/circulated_criticism', unitId: 'u1', parts: { itemId: 'item-1', step: 'rung', dueDate: '2027-05-01', rung: 'circulated_criticism' } },
  // A unit whose id is "campaign" reads as a unit's key when no campaign-level shape fits.
  { key: 'c1/campaign/task/plan/opened', unitId: 'campaign', parts: { taskId: 'plan', step: 'opened' } },
  // Shapes no code writes keep no parts: the row is kept as it is.
  { key: 'c1/u1/something/else', unitId: 'u1', parts: {} },
  { key: 'c1/u2/task/plan/opened', unitId: 'u1', parts: {} },
];

describe('ledgerKeyParts', () => {
  test.each(SHAPES)('when the key is $key, then its parts are taken out once', ({ key, unitId, parts }) => {
    expect(ledgerKeyParts(key, 'c1', unitId)).toEqual({ ...NO_KEY_PARTS, ...parts });
  });
});

describe('the key-parts migration on a ledger written before it', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ prefix: 'ledger_parts', migrate: false });
    // The schema as it was before: every migration older than the one under test.
    const before = fs.readdirSync(MIGRATIONS_DIR).filter((file) => file < KEY_PARTS_MIGRATION).length;
    await runner({ databaseUrl: db.url, dir: MIGRATIONS_DIR, direction: 'up', migrationsTable: 'schema_migrations', count: before, log: () => undefined });
    const columns = await db.pool.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'ledger' AND column_name = 'task_id'");
    expect(columns.rowCount).toBe(0);

    // Rows as the old append wrote them: no part columns, hash-chained.
    let prevHash = GENESIS_HASH;
    for (const [i, shape] of SHAPES.entries()) {
      const entry = {
        campaignId: 'c1',
        seq: i + 1,
        key: shape.key,
        unitId: shape.unitId,
        kind: 'legacy.row',
        actor: 'system',
        payload: { n: i },
        occurredAt: new Date(Date.UTC(2027, 0, 1) + i * 60_000).toISOString(),
        prevHash,
      };
      const hash = hashEntry(entry);
      await db.pool.query(
        `INSERT INTO ledger (campaign_id, seq, idempotency_key, unit_id, kind, actor, payload, occurred_at, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [entry.campaignId, entry.seq, entry.key, entry.unitId, entry.kind, entry.actor, entry.payload, entry.occurredAt, prevHash, hash],
      );
      prevHash = hash;
    }
    // The key parts first; migrations written after it follow.
    expect((await migrate(db.url))[0]).toBe(KEY_PARTS_MIGRATION);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  test('then every existing row has the parts of its key in its columns', async () => {
    const { rows } = await db.pool.query(
      `SELECT idempotency_key, task_id, phase_id, period_id, item_id, event_id, round, milestone_id, calendar_version, step, rung, due_date, ordinal, revision
       FROM ledger WHERE campaign_id = 'c1' ORDER BY seq`,
    );
    expect(rows).toHaveLength(SHAPES.length);
    rows.forEach((row, i) => {
      const expected = { ...NO_KEY_PARTS, ...SHAPES[i].parts };
      expect({
        key: row.idempotency_key,
        parts: {
          taskId: row.task_id,
          phaseId: row.phase_id,
          periodId: row.period_id,
          itemId: row.item_id,
          eventId: row.event_id,
          round: row.round,
          milestoneId: row.milestone_id,
          calendarVersion: row.calendar_version,
          step: row.step,
          rung: row.rung,
          dueDate: row.due_date,
          ordinal: row.ordinal,
          revision: row.revision,
        },
      }).toEqual({ key: SHAPES[i].key, parts: expected });
    });
  });

  test('then the chain written before still verifies, column parts included', async () => {
    expect(await createLedger(db.pool).verifyChain('c1')).toMatchObject({ ok: true, checked: SHAPES.length });
  });

  test('then the ledger is append-only again: the guard was off for the backfill only', async () => {
    await expect(db.pool.query("UPDATE ledger SET step = 'forged' WHERE campaign_id = 'c1' AND seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.pool.query("DELETE FROM ledger WHERE campaign_id = 'c1'")).rejects.toThrow(/append-only/);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'ledger_backfill_key_parts'");
    expect(rows[0].n).toBe(0);
  });

  test('then a row appended after it continues the chain with its parts written by the append', async () => {
    const ledger = createLedger(db.pool);
    await ledger.append({ key: 'c1/u1/review/advancement/2027-07-01/given', campaignId: 'c1', unitId: 'u1', kind: 'review.given', actor: 'li', occurredAt: '2027-07-02T01:00:00.000Z' });
    const { rows } = await db.pool.query("SELECT period_id, step FROM ledger WHERE idempotency_key = 'c1/u1/review/advancement/2027-07-01/given'");
    expect(rows).toEqual([{ period_id: 'advancement/2027-07-01', step: 'given' }]);
    expect(await ledger.verifyChain('c1')).toMatchObject({ ok: true, checked: SHAPES.length + 1 });
  });

  test('then the supervision lookup finds the campaign-level row of an event by its column', async () => {
    const storage = createStorage(db.pool);
    expect(await storage.supervisionEvents.recorded('c1', 'spot-1')).toEqual({ actor: 'system', payload: { n: 4 } });
    expect(await storage.supervisionEvents.recorded('c1', 'spot-2')).toBeUndefined();
  });
});

describe('when someone with the power to bypass the guard edits a key part column', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ prefix: 'ledger_parts_edit' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('then the chain verification names the row, though its hash still matches', async () => {
    const ledger = createLedger(db.pool);
    for (const period of ['p/2027-01-01', 'p/2027-02-01', 'p/2027-03-01']) {
      await ledger.append({ key: `edit/u1/review/${period}/given`, campaignId: 'edit', unitId: 'u1', kind: 'review.given', actor: 'li', occurredAt: '2027-04-01T00:00:00.000Z' });
    }
    expect((await ledger.verifyChain('edit')).ok).toBe(true);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE ledger DISABLE TRIGGER USER');
      // A review "given" for another period: the duties query would stop owing it.
      await client.query("UPDATE ledger SET period_id = 'p/2027-09-01' WHERE campaign_id = 'edit' AND seq = 2");
      await client.query('ALTER TABLE ledger ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await ledger.verifyChain('edit')).toMatchObject({ ok: false, checked: 1, brokenAt: { seq: 2, reason: 'key part columns do not match its key' } });
  });
});
