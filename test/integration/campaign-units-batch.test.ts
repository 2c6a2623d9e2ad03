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
    "INSERT INTO units (id, parent_id, name, type, path, depth) SELECT 'u' || i, NULL, '支部' || i, 'agency', '/u' || i || '/', 0 FROM generate_series(1, 5) i",
  );
});

afterAll(async () => {
  await db?.drop();
});

const rows = async () => (await db.pool.query('SELECT unit_id, workflow_id FROM campaign_units ORDER BY unit_id')).rows;
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
