/** withTransaction and storage.transaction against a real PostgreSQL: all or nothing, and the client always goes back. */
import type pg from 'pg';
import { createStorage } from '../../adapters/storage';
import { createPool } from '../../adapters/storage/database';
import { withTransaction } from '../../adapters/storage/transaction';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;

beforeAll(async () => {
  // One client only: a transaction that kept its client would block every later one.
  db = await createTestDatabase({ prefix: 'tx_test', max: 1 });
  await db.pool.query('CREATE TABLE tx_probe (id text PRIMARY KEY)');
});
afterAll(async () => {
  await db?.drop();
});

const probeIds = async () => (await db.pool.query<{ id: string }>('SELECT id FROM tx_probe ORDER BY id')).rows.map((row) => row.id);

test('when the work succeeds, then its writes are committed and its result returned', async () => {
  const result = await withTransaction(db.pool, async (client) => {
    await client.query("INSERT INTO tx_probe VALUES ('committed')");
    return 'done';
  });
  expect(result).toBe('done');
  expect(await probeIds()).toContain('committed');
});

test('when the work throws, then its writes are rolled back, the error reaches the caller and the client is released', async () => {
  const failure = new Error('the workflow start was refused');
  await expect(
    withTransaction(db.pool, async (client) => {
      await client.query("INSERT INTO tx_probe VALUES ('rolled-back')");
      throw failure;
    }),
  ).rejects.toBe(failure);
  expect(await probeIds()).not.toContain('rolled-back');
  // The pool's only client is idle again, and the next transaction gets it.
  expect({ total: db.pool.totalCount, idle: db.pool.idleCount, waiting: db.pool.waitingCount }).toEqual({ total: 1, idle: 1, waiting: 0 });
  await withTransaction(db.pool, (client) => client.query("INSERT INTO tx_probe VALUES ('after-failure')"));
  expect(await probeIds()).toContain('after-failure');
});

test('when a statement fails inside the transaction, then nothing of it is kept and the client comes back usable', async () => {
  await expect(
    withTransaction(db.pool, async (client) => {
      await client.query("INSERT INTO tx_probe VALUES ('before-duplicate')");
      await client.query("INSERT INTO tx_probe VALUES ('committed')");
    }),
  ).rejects.toMatchObject({ code: '23505' });
  expect(await probeIds()).not.toContain('before-duplicate');
  // Not left in an aborted transaction: a plain query on the same client works.
  expect((await db.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
});

test('when the rollback itself fails, then the caller still gets the work\'s error and the client is released to be destroyed', async () => {
  const released: unknown[] = [];
  const client = {
    query: async (sql: string) => {
      if (sql === 'ROLLBACK') throw new Error('connection lost');
      return { rows: [], rowCount: 0 };
    },
    on: () => undefined,
    release: (error?: Error) => released.push(error),
  } as unknown as pg.PoolClient;
  const pool = { connect: async () => client };
  const failure = new Error('the work failed');
  await expect(withTransaction(pool, async () => Promise.reject(failure))).rejects.toBe(failure);
  // release(error): the pool destroys a client whose connection may be gone instead of lending it again.
  expect(released).toEqual([failure]);
});

test('when storage.transaction writes a campaign and then fails, then the campaign is not stored', async () => {
  const storage = createStorage(db.pool);
  const plan = { id: 'p' } as never;
  await expect(
    storage.transaction(async (tx) => {
      await tx.campaigns.create({ id: 'tx-campaign', name: { zh: '活動', en: 'campaign' }, plan, createdBy: 'office' });
      throw new Error('Temporal refused the start');
    }),
  ).rejects.toThrow('Temporal refused the start');
  expect(await storage.campaigns.get('tx-campaign')).toBeUndefined();
  await storage.transaction((tx) => tx.campaigns.create({ id: 'tx-campaign', name: { zh: '活動', en: 'campaign' }, plan, createdBy: 'office' }));
  expect(await storage.campaigns.get('tx-campaign')).toMatchObject({ id: 'tx-campaign' });
});

test('when the connection is lost mid-transaction, then the work fails, the process lives on, and the broken client is destroyed', async () => {
  // The service's own pool (createPool): a checked-out client has no pool listener, so without
  // ours the lost connection's 'error' event would be unhandled and end this process.
  const pool = createPool(db.url, { max: 1 });
  try {
    const started = Date.now();
    await expect(
      withTransaction(pool, async (client) => {
        const { rows: [{ pid }] } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
        await client.query('SELECT pg_sleep(5)');
      }),
    ).rejects.toThrow(/terminat|not queryable/i);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(pool.totalCount).toBe(0);
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await withTransaction(pool, (client) => client.query("INSERT INTO tx_probe VALUES ('after-lost-connection')"));
    expect(await probeIds()).toContain('after-lost-connection');
  } finally {
    await pool.end();
  }
});
