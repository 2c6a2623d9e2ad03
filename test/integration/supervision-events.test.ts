/**
 * A supervision event is found again by its id, so that a retried record keeps
 * the sample it first drew, including a scheduled spot check whose id has
 * slashes in it (`spot-check/<phase>/<date>`).
 */
import { createStorage, type Storage } from '../../adapters/storage';
import { ledgerKeys } from '../../contracts/ledger-keys';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let storage: Storage;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'supervision_events' });
  storage = createStorage(db.pool);
});

afterAll(async () => {
  await db?.drop();
});

test.each([
  ['an id of the caller', 'check-1'],
  ['a scheduled spot check with slashes in its id', 'spot-check/demonstration/2027-03-01'],
])('when %s was recorded, then the campaign-level row is found by it, not a unit row and not another event', async (_what, eventId) => {
  const campaignId = `c-${eventId.length}`;
  const at = new Date().toISOString();
  const sample = { eventId, kind: 'spot_check', seed: 's', unitIds: ['u1'], populationSize: 3 };
  await storage.ledger.append({ key: ledgerKeys.supervision(campaignId, eventId), campaignId, unitId: null, kind: 'supervision.spot_check', actor: 'office', payload: sample, occurredAt: at });
  await storage.ledger.append({ key: ledgerKeys.supervisionUnit(campaignId, eventId, 'u1'), campaignId, unitId: 'u1', kind: 'supervision.unit', actor: 'office', payload: { eventId }, occurredAt: at });
  await storage.ledger.append({ key: ledgerKeys.supervision(campaignId, `${eventId}-other`), campaignId, unitId: null, kind: 'supervision.spot_check', actor: 'li', payload: { eventId: `${eventId}-other` }, occurredAt: at });

  expect(await storage.supervisionEvents.recorded(campaignId, eventId)).toEqual({ actor: 'office', payload: sample });
  expect(await storage.supervisionEvents.recorded(campaignId, 'never-recorded')).toBeUndefined();
  expect(await storage.supervisionEvents.recorded('another-campaign', eventId)).toBeUndefined();
});
