/**
 * The overdue dashboard over a generated read model of 101,011 units (a root,
 * 10 regions, 1,000 committees, 100,000 branches) in a throw-away database:
 * the queries the route sends read index ranges (no sequential scan of the
 * read model), and pages and counts are right. Its latency is measured by
 * `npm run bench:board`, not here.
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { createStorage } from '../../adapters/storage';
import { createUsersRepository } from '../../adapters/storage/users-repository';
import { createApp, type CampaignApp } from '../../api/app';
import { capturingLogger } from './support';
import { BOARD_CAMPAIGN as CAMPAIGN, BOARD_TOTAL_UNITS as TOTAL_UNITS, generateBoardReadModel } from '../support/board-read-model';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { capturingPool, explainSent, onlySent } from '../support/query-capture';

let db: TestDatabase;
let app: CampaignApp;
let office: string;
let supervisor: string;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'overdue_bench' });
  await generateBoardReadModel(db.pool);
  const users = createUsersRepository(db.pool);
  await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  await users.createUser({ id: 'sup', name: '片區書記', role: 'supervisor' });
  office = await users.issueToken('office');
  supervisor = await users.issueToken('sup');
  // The dashboard never calls Temporal: a client that is never used.
  app = createApp({ temporal: {} as Client, storage: createStorage(db.pool), taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger() });
}, 180_000);

afterAll(async () => {
  await db?.drop();
});

test('when the read model holds 101,011 units, then the counts add up and every page is in tree order with non-green or overdue units only', async () => {
  const counts = await createStorage(db.pool).readModel.lightRungCounts(CAMPAIGN, { kind: 'campaign' });
  expect(counts.reduce((n, c) => n + c.units, 0)).toBe(TOTAL_UNITS);

  const res = await request(app).get(`/campaigns/${CAMPAIGN}/overdue?limit=200`).set('Authorization', `Bearer ${office}`);
  expect(res.status).toBe(200);
  expect(res.body.counts.units).toBe(TOTAL_UNITS);
  const attention = res.body.counts.byLight.filter((l: { light: string }) => l.light !== 'green').reduce((n: number, l: { units: number }) => n + l.units, 0);
  expect(res.body.counts.overdueUnits).toBe(attention);
  expect(res.body.units).toHaveLength(200);
  expect(res.body.units.every((u: { light: string }) => u.light !== 'green')).toBe(true);
  expect(res.body.units.every((u: { tasks: Array<{ taskId: string }> }) => u.tasks.map((task) => task.taskId).join() === 't2')).toBe(true);

  // The next page starts after the last unit of this one, in path order.
  const next = await request(app).get(`/campaigns/${CAMPAIGN}/overdue?limit=200&afterUnitId=${res.body.nextAfterUnitId}`).set('Authorization', `Bearer ${office}`);
  const ids = [...res.body.units, ...next.body.units].map((u: { unitId: string }) => u.unitId);
  expect(new Set(ids).size).toBe(400);
  const { rows } = await db.pool.query('SELECT id, path FROM units WHERE id = ANY($1)', [ids]);
  const pathOf = new Map(rows.map((row) => [row.id, row.path as string]));
  const orderedPaths = ids.map((id) => pathOf.get(id)!);
  expect(orderedPaths).toEqual([...orderedPaths].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));

  // A supervisor's region: its 10,101 units only.
  const region = await request(app).get('/campaigns/bench/overdue?subtreeRootId=g3&light=red').set('Authorization', `Bearer ${supervisor}`);
  expect(region.status).toBe(200);
  expect(region.body.counts.units).toBe(1 + 100 + 10_000);
  expect(region.body.units.every((u: { unitId: string; light: string }) => u.unitId.startsWith('g3') && u.light === 'red')).toBe(true);
});

test('when the dashboard route runs for a supervisor, then the queries it sends read index ranges of the read model, never a sequential scan of it', async () => {
  const captured = capturingPool(db.pool);
  const capturingApp = createApp({ temporal: {} as Client, storage: createStorage(captured.pool), taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger() });
  const res = await request(capturingApp).get(`/campaigns/${CAMPAIGN}/overdue?subtreeRootId=g3&afterUnitId=g3-c50&limit=50`).set('Authorization', `Bearer ${supervisor}`);
  expect(res.status).toBe(200);
  expect(res.body.units.length).toBeGreaterThan(0);
  const page = await explainSent(db.pool, onlySent(captured.sent, /light <> 'green' OR s\.overdue_count > 0/));
  const counts = await explainSent(db.pool, onlySent(captured.sent, /GROUP BY s\.light, s\.rung/));
  expect(page).toContain('unit_campaign_state_attention');
  expect(counts).toContain('unit_campaign_state_subtree');
  for (const plan of [page, counts]) expect(plan).not.toMatch(/Seq Scan on unit_campaign_state/);
});

test('when the board is filtered by unit type or phase, then the list and the counts hold only those units; an unknown type or phase is 400', async () => {
  // The schools (學校) are committee g4-c7 and its 100 branches; committee g5-c2's subtree is in a later phase.
  await db.pool.query("UPDATE units SET type = 'school' WHERE path LIKE '/root/g4/g4-c7/%'");
  await db.pool.query(`UPDATE campaigns SET plan = jsonb_set(plan, '{phases}', plan->'phases' || '[{"id":"summary","tasks":[]}]'::jsonb) WHERE id = $1`, [CAMPAIGN]);
  await db.pool.query("UPDATE unit_campaign_state SET phase_id = 'summary' WHERE campaign_id = $1 AND unit_path LIKE '/root/g5/g5-c2/%'", [CAMPAIGN]);
  // Campaign rows never change, so each API process remembers them (60 s): the plan edited here in SQL is read by a new one.
  const fresh = createApp({ temporal: {} as Client, storage: createStorage(db.pool), taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger() });
  const board = (query: string) => request(fresh).get(`/campaigns/${CAMPAIGN}/overdue?${query}`).set('Authorization', `Bearer ${office}`);

  const schools = await board('unitType=school&limit=500');
  expect(schools.status).toBe(200);
  expect(schools.body.counts.units).toBe(101);
  expect(schools.body.units.length).toBeGreaterThan(0);
  expect(schools.body.units.every((u: { unitId: string }) => u.unitId.startsWith('g4-c7'))).toBe(true);
  const schoolAttention = schools.body.counts.byLight.filter((l: { light: string }) => l.light !== 'green').reduce((n: number, l: { units: number }) => n + l.units, 0);
  expect(schools.body.units).toHaveLength(schoolAttention);

  const summary = await board('phaseId=summary&light=red&limit=500');
  expect(summary.status).toBe(200);
  expect(summary.body.counts.units).toBe(101);
  expect(summary.body.units.every((u: { unitId: string; phaseId: string; light: string }) => u.unitId.startsWith('g5-c2') && u.phaseId === 'summary' && u.light === 'red')).toBe(true);
  // Both at once: no school is in the summary phase.
  expect((await board('phaseId=summary&unitType=school')).body.counts.units).toBe(0);
  // Within a subtree, for a supervisor: the schools are not in region g3.
  const region = await request(app).get(`/campaigns/${CAMPAIGN}/overdue?subtreeRootId=g3&unitType=school`).set('Authorization', `Bearer ${supervisor}`);
  expect(region.status).toBe(200);
  expect(region.body).toMatchObject({ counts: { units: 0 }, units: [] });

  const badType = await board('unitType=castle');
  expect(badType.status).toBe(400);
  expect(badType.body.problems).toEqual([expect.objectContaining({ path: 'unitType', message: expect.stringContaining('must be one of') })]);
  const badPhase = await board('phaseId=harvest');
  expect(badPhase.status).toBe(400);
  expect(badPhase.body.problems).toEqual([expect.objectContaining({ path: 'phaseId', message: expect.stringContaining('no phase "harvest"') })]);

  const workbook = await board('unitType=school&format=xlsx').buffer(true);
  expect(workbook.status).toBe(200);
  expect(workbook.headers['content-type']).toContain('spreadsheetml');
});
