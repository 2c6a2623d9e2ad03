/**
 * The fan-out records a start batch in one statement (campaign-units.ts
 * recordStartedMany), against a real PostgreSQL: idempotent like the row-at-a-time
 * write it replaces, so a retried batch neither loses nor doubles a unit.
 */
import { createCampaignUnitsRepository } from '../../adapters/storage/campaign-units';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'campaign_units_batch' });
  await db.pool.query("INSERT INTO campaigns (id, name, plan, created_by) VALUES ('c1', '{\"zh\":\"活動\",\"en\":\"campaign\"}', '{}', 'office')");
  await db.pool.query(
    "INSERT INTO units (id, parent_id, name, type, path, depth) SELECT 'u' || i, NULL, '支部' || i, 'agency', '/u' || i || '/', 0 FROM generate_series(1, 20) i",
  );
});

afterAll(async () => {
  await db?.drop();
});

const rows = async () => (await db.pool.query("SELECT unit_id, workflow_id FROM campaign_units WHERE unit_id <= 'u5' ORDER BY unit_id")).rows;
const batch = (...ids: string[]) => ids.map((unitId) => ({ unitId, workflowId: `campaign:c1:unit:${unitId}` }));

test('when a batch is recorded, retried, and overlapped by the next, then every unit has exactly one row with its workflow id', async () => {
  const repo = createCampaignUnitsRepository(db.pool);
  expect(await repo.recordStartedMany('c1', batch('u1', 'u2', 'u3'))).toBe(3);
  expect(await repo.recordStartedMany('c1', batch('u1', 'u2', 'u3'))).toBe(0);
  expect(await repo.recordStartedMany('c1', batch('u3', 'u4'))).toBe(1);
  expect(await repo.recordStarted('c1', 'u5', 'campaign:c1:unit:u5')).toBe(true);
  expect(await repo.recordStarted('c1', 'u5', 'campaign:c1:unit:u5')).toBe(false);
  expect(await repo.recordStartedMany('c1', [])).toBe(0);
  expect(await rows()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5'].map((id) => ({ unit_id: id, workflow_id: `campaign:c1:unit:${id}` })));
});

test('when a request\'s batch is recorded, then a retry of it finds its own units again and not those another request recorded first', async () => {
  const repo = createCampaignUnitsRepository(db.pool);
  // u6 was started by an earlier request; request B's batch is u6, u7, u8.
  expect([...(await repo.recordBatchOfRequest('c1', 'request-a', batch('u6')))]).toEqual(['u6']);
  const first = await repo.recordBatchOfRequest('c1', 'request-b', batch('u6', 'u7', 'u8'));
  expect([...first].sort()).toEqual(['u7', 'u8']);
  // The attempt was lost after its rows were written; the retry (and one with a unit more) sees the same.
  const retried = await repo.recordBatchOfRequest('c1', 'request-b', batch('u6', 'u7', 'u8', 'u9'));
  expect([...retried].sort()).toEqual(['u7', 'u8', 'u9']);
  expect(await repo.recordBatchOfRequest('c1', 'request-b', [])).toEqual(new Set());
  const recorded = await db.pool.query("SELECT unit_id, start_request_id FROM campaign_units WHERE unit_id > 'u5' ORDER BY unit_id");
  expect(recorded.rows).toEqual([
    { unit_id: 'u6', start_request_id: 'request-a' },
    { unit_id: 'u7', start_request_id: 'request-b' },
    { unit_id: 'u8', start_request_id: 'request-b' },
    { unit_id: 'u9', start_request_id: 'request-b' },
  ]);
});

test('when two attempts of a batch overlap, then the one that waited on the other still finds every unit of its request', async () => {
  const first = await db.pool.connect();
  try {
    await first.query('BEGIN');
    // The first attempt has written its rows but not committed when the second writes the same ones.
    expect([...(await createCampaignUnitsRepository(first).recordBatchOfRequest('c1', 'request-c', batch('u10', 'u20')))].sort()).toEqual(['u10', 'u20']);
    const second = createCampaignUnitsRepository(db.pool).recordBatchOfRequest('c1', 'request-c', batch('u10', 'u20'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await first.query('COMMIT');
    expect([...(await second)].sort()).toEqual(['u10', 'u20']);
  } finally {
    first.release();
  }
});
