/** The ledger (台帳) against a real PostgreSQL: append-only, idempotent by key, hash-chained per campaign. */
import { appendManyInTransaction, createLedger, GENESIS_HASH, type Ledger } from '../../adapters/storage/ledger';
import { withTransaction } from '../../adapters/storage/transaction';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let ledger: Ledger;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'ledger_test', max: 10 });
  ledger = createLedger(db.pool);
});
afterAll(async () => {
  await db?.drop();
});

const entry = (campaignId: string, n: number, extra: Record<string, unknown> = {}) => ({
  key: `${campaignId}/u1/task/t${n}/submitted/1`,
  campaignId,
  unitId: 'u1',
  kind: 'task.submitted',
  actor: 'unit:u1',
  payload: { taskId: `t${n}`, evidence: { text: '材料', links: [] }, ...extra },
  occurredAt: new Date(Date.UTC(2027, 5, 1) + n * 1000).toISOString(),
});

test('when the same key is appended twice, then the second append writes nothing and returns the first row', async () => {
  const first = await ledger.append(entry('idem', 1));
  const again = await ledger.append(entry('idem', 1, { different: 'payload on retry' }));
  expect(first).toMatchObject({ seq: 1, inserted: true });
  expect(again).toEqual({ seq: 1, hash: first.hash, inserted: false });
  expect(await ledger.list({ campaignId: 'idem' })).toHaveLength(1);
});

test('when many appends race, then each key is written once and the chain has no gaps', async () => {
  const inputs = Array.from({ length: 40 }, (_, i) => entry('race', i));
  // Every key twice, all at once, as retried activities on several workers would.
  await Promise.all([...inputs, ...inputs].map((input) => ledger.append(input)));
  const rows = await ledger.list({ campaignId: 'race', limit: 1000 });
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  expect(new Set(rows.map((r) => r.key)).size).toBe(40);
  expect(rows[0].prevHash).toBe(GENESIS_HASH);
  const verification = await ledger.verifyChain('race');
  expect(verification).toMatchObject({ ok: true, checked: 40, head: { seq: 40, hash: rows[39].hash } });
});

test('when rows are appended many at a time, then the chain is the one of appending them one by one: linked, idempotent, with key parts, and verified', async () => {
  // The same rows, one by one in one campaign and in batches in another: the same links and hashes but for the campaign id.
  const one = (n: number) => entry('single', n);
  const many = (n: number) => entry('batched', n);
  for (let n = 0; n < 5; n++) await ledger.append(one(n));
  const first = await withTransaction(db.pool, (client) => appendManyInTransaction(client, [0, 1, 2].map(many)));
  // A retry of the first batch with two new rows, one of them repeated within the batch: only the new rows are written.
  const second = await withTransaction(db.pool, (client) => appendManyInTransaction(client, [many(0), many(3), many(4), many(4)]));
  expect(first.map((r) => [r.seq, r.inserted])).toEqual([[1, true], [2, true], [3, true]]);
  expect(second.map((r) => [r.seq, r.inserted])).toEqual([[1, false], [4, true], [5, true], [5, false]]);
  expect(second[0].hash).toBe(first[0].hash);
  const singles = await ledger.list({ campaignId: 'single' });
  const batched = await ledger.list({ campaignId: 'batched' });
  expect(batched.map((r) => [r.seq, r.kind, r.payload, r.occurredAt])).toEqual(singles.map((r) => [r.seq, r.kind, r.payload, r.occurredAt]));
  expect(batched[0].prevHash).toBe(GENESIS_HASH);
  for (let i = 1; i < batched.length; i++) expect(batched[i].prevHash).toBe(batched[i - 1].hash);
  // The key's parts are in their columns, as a single append puts them (verifyChain compares them too).
  expect((await db.pool.query("SELECT task_id FROM ledger WHERE campaign_id = 'batched' ORDER BY seq LIMIT 1")).rows[0].task_id).toBe('t0');
  expect(await ledger.verifyChain('batched')).toMatchObject({ ok: true, checked: 5 });
  // A single append after a batch links to the batch's last row.
  await ledger.append(many(5));
  expect(await ledger.verifyChain('batched')).toMatchObject({ ok: true, checked: 6 });
  await expect(withTransaction(db.pool, (client) => appendManyInTransaction(client, [many(6), one(6)]))).rejects.toThrow(/one campaign/);
});

test('when overlapping batches race on one campaign, then each key is written once, in one gapless chain that verifies', async () => {
  // 20 batches of 6 rows each, every row shared with the next batch, all at once: as retried commits on several workers.
  const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 6 }, (_, i) => entry('batch-race', b * 5 + i)));
  const answers = await Promise.all(batches.map((batch) => withTransaction(db.pool, (client) => appendManyInTransaction(client, batch))));
  const keys = new Set(batches.flat().map((e) => e.key));
  const rows = await ledger.list({ campaignId: 'batch-race', limit: 1000 });
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: keys.size }, (_, i) => i + 1));
  expect(new Set(rows.map((r) => r.key))).toEqual(keys);
  // Each key answered inserted by exactly one batch, and the same seq by every batch that carried it.
  const insertedBy = new Map<string, number>();
  const seqOf = new Map<string, Set<number>>();
  answers.forEach((results, b) =>
    results.forEach((result, i) => {
      const key = batches[b][i].key;
      if (result.inserted) insertedBy.set(key, (insertedBy.get(key) ?? 0) + 1);
      seqOf.set(key, (seqOf.get(key) ?? new Set()).add(result.seq));
    }),
  );
  expect([...insertedBy.values()].every((n) => n === 1) && insertedBy.size === keys.size).toBe(true);
  expect([...seqOf.values()].every((seqs) => seqs.size === 1)).toBe(true);
  expect(await ledger.verifyChain('batch-race')).toMatchObject({ ok: true, checked: keys.size });
});

test('when the application tries to update, delete or truncate ledger rows, then the database refuses', async () => {
  await ledger.append(entry('immutable', 1));
  await expect(db.pool.query("UPDATE ledger SET actor = 'someone else' WHERE campaign_id = 'immutable'")).rejects.toThrow(/append-only/);
  await expect(db.pool.query("DELETE FROM ledger WHERE campaign_id = 'immutable'")).rejects.toThrow(/append-only/);
  await expect(db.pool.query('TRUNCATE ledger')).rejects.toThrow(/append-only/);
  expect(await ledger.list({ campaignId: 'immutable' })).toHaveLength(1);
});

describe('when someone with the power to bypass the guard tampers with the ledger', () => {
  async function asSuperuser(sql: string) {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE ledger DISABLE TRIGGER USER');
      await client.query(sql);
      await client.query('ALTER TABLE ledger ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  test('then an edited row is found by the chain verification', async () => {
    for (let i = 1; i <= 5; i += 1) await ledger.append(entry('edited', i));
    expect((await ledger.verifyChain('edited')).ok).toBe(true);
    await asSuperuser(`UPDATE ledger SET payload = '{"taskId":"t3","evidence":"forged"}' WHERE campaign_id = 'edited' AND seq = 3`);
    expect(await ledger.verifyChain('edited')).toMatchObject({ ok: false, checked: 2, brokenAt: { seq: 3, reason: 'content does not match its hash' } });
  });

  test('then a removed row is found by the chain verification', async () => {
    for (let i = 1; i <= 5; i += 1) await ledger.append(entry('removed', i));
    await asSuperuser("DELETE FROM ledger WHERE campaign_id = 'removed' AND seq = 4");
    expect(await ledger.verifyChain('removed')).toMatchObject({ ok: false, checked: 3, brokenAt: { seq: 4, reason: 'row 4 is missing' } });
  });
});

test('when the ledger is filtered by unit, kind and time and paged, then only those rows come back in order', async () => {
  const campaignId = 'filters';
  await ledger.append({ ...entry(campaignId, 1), unitId: 'u1', kind: 'task.submitted' });
  await ledger.append({ ...entry(campaignId, 2), key: `${campaignId}/u2/x`, unitId: 'u2', kind: 'task.submitted' });
  await ledger.append({ ...entry(campaignId, 3), key: `${campaignId}/u1/y`, unitId: 'u1', kind: 'task.approved' });
  expect((await ledger.list({ campaignId, unitId: 'u1' })).map((r) => r.seq)).toEqual([1, 3]);
  expect((await ledger.list({ campaignId, kinds: ['task.approved'] })).map((r) => r.seq)).toEqual([3]);
  expect((await ledger.list({ campaignId, afterSeq: 1, limit: 1 })).map((r) => r.seq)).toEqual([2]);
  expect((await ledger.list({ campaignId, from: entry(campaignId, 2).occurredAt })).map((r) => r.seq)).toEqual([2, 3]);
});
