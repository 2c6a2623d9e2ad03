/**
 * The overdue dashboard over a generated read model of 101,011 units (a root,
 * 10 regions, 1,000 committees, 100,000 branches) in a throw-away database:
 * the queries read index ranges (no sequential scan of the read model), pages
 * and counts are right, and the latency through the HTTP route is printed
 * (not asserted: it depends on the machine).
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { createCampaignsRepository } from '../../adapters/storage/campaigns-repository';
import { createUsersRepository } from '../../adapters/storage/users-repository';
import { createApp, type CampaignApp } from '../../api/app';
import { capturingLogger } from './support';
import { createTestDatabase, type TestDatabase } from '../support/database';

const CAMPAIGN = 'bench';
const TOTAL_UNITS = 1 + 10 + 1_000 + 100_000;

let db: TestDatabase;
let app: CampaignApp;
let office: string;
let supervisor: string;

/** light by a hash of the id: about 80 % green, 12 % yellow, 8 % red. */
const GENERATE = `
  INSERT INTO units (id, parent_id, name, type, path, depth) VALUES ('root', NULL, '總黨委', 'agency', '/root/', 0);
  INSERT INTO units (id, parent_id, name, type, path, depth)
    SELECT 'g' || g, 'root', '片區黨委' || g, 'agency', '/root/g' || g || '/', 1 FROM generate_series(0, 9) g;
  INSERT INTO units (id, parent_id, name, type, path, depth)
    SELECT 'g' || g || '-c' || c, 'g' || g, '機關黨委' || g || '-' || c, 'agency', '/root/g' || g || '/g' || g || '-c' || c || '/', 2
    FROM generate_series(0, 9) g, generate_series(0, 99) c;
  INSERT INTO units (id, parent_id, name, type, path, depth)
    SELECT 'g' || g || '-c' || c || '-b' || b, 'g' || g || '-c' || c, '黨支部' || g || '-' || c || '-' || b, 'agency',
           '/root/g' || g || '/g' || g || '-c' || c || '/g' || g || '-c' || c || '-b' || b || '/', 3
    FROM generate_series(0, 9) g, generate_series(0, 99) c, generate_series(0, 99) b;
  INSERT INTO unit_supervisors (unit_id, supervisor_id) VALUES ('g3', 'sup');
  INSERT INTO campaigns (id, name, plan, created_by) VALUES ('bench', '{"zh":"基準","en":"bench"}',
    '{"id":"bench","phases":[{"id":"advancement","tasks":[{"id":"t1","title":{"zh":"任務一","en":"task one"}},{"id":"t2","title":{"zh":"任務二","en":"task two"}},{"id":"t3","title":{"zh":"任務三","en":"task three"}}]}]}', 'office');
  INSERT INTO unit_campaign_state (campaign_id, unit_id, phase_id, status, tasks, overdue_count, rung, light, version)
    SELECT 'bench', id, 'advancement', 'running',
           jsonb_build_array(
             jsonb_build_object('taskId', 't1', 'status', 'approved', 'dueDate', '2025-06-30', 'overdue', false, 'rung', null, 'light', 'green'),
             jsonb_build_object('taskId', 't2', 'status', 'open', 'dueDate', '2025-07-31', 'overdue', light <> 'green', 'rung', rung, 'light', light),
             jsonb_build_object('taskId', 't3', 'status', 'open', 'dueDate', '2025-12-31', 'overdue', false, 'rung', null, 'light', 'green')),
           CASE light WHEN 'green' THEN 0 ELSE 1 END, rung, light, 1
    FROM (
      SELECT id, light,
             CASE light WHEN 'green' THEN NULL
                        WHEN 'yellow' THEN (ARRAY['reminder', 'warning'])[1 + h % 2]
                        ELSE (ARRAY['listed_supervision', 'circulated_criticism', 'accountability'])[1 + h % 3] END AS rung
      FROM (SELECT id, h, CASE WHEN h < 820 THEN 'green' WHEN h < 943 THEN 'yellow' ELSE 'red' END AS light
            FROM (SELECT id, (hashtext(id) & 1023) AS h FROM units) hashed) lit
    ) generated;
  ANALYZE units;
  ANALYZE unit_campaign_state;
`;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'overdue_bench' });
  await db.pool.query(GENERATE);
  const users = createUsersRepository(db.pool);
  await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  await users.createUser({ id: 'sup', name: '片區書記', role: 'supervisor' });
  office = await users.issueToken('office');
  supervisor = await users.issueToken('sup');
  // The dashboard never calls Temporal: a client that is never used.
  app = createApp({ temporal: {} as Client, pool: db.pool, taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger() });
}, 180_000);

afterAll(async () => {
  await db?.drop();
});

async function explain(sql: string, params: unknown[]): Promise<string> {
  const { rows } = await db.pool.query(`EXPLAIN ${sql}`, params);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** Median and 95th percentile of `runs` timed calls, after warming up. */
async function timed(runs: number, call: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i += 1) await call();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)], p95: samples[Math.ceil(runs * 0.95) - 1] };
}

test('when the read model holds 101,011 units, then the counts add up and every page is in tree order with non-green or overdue units only', async () => {
  const repo = createCampaignsRepository(db.pool);
  const counts = await repo.lightRungCounts(CAMPAIGN, { kind: 'campaign' });
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

test('when the dashboard queries are planned, then they read index ranges of the read model, never a sequential scan of it', async () => {
  const params: unknown[] = [];
  const page = await explain(
    `SELECT s.unit_id FROM unit_campaign_state s JOIN units u ON u.id = s.unit_id
     WHERE s.campaign_id = $1 AND (s.light <> 'green' OR s.overdue_count > 0) AND s.unit_path ~>=~ $2 AND s.unit_path ~<~ $3 AND s.unit_path ~>~ $4
     ORDER BY s.unit_path USING ~<~ LIMIT 51`,
    (params.push(CAMPAIGN, '/root/g3/', '/root/g30', '/root/g3/g3-c50/'), params),
  );
  const counts = await explain(
    `SELECT s.light, s.rung, count(*) FROM unit_campaign_state s
     WHERE s.campaign_id = $1 AND s.unit_path ~>=~ $2 AND s.unit_path ~<~ $3 GROUP BY 1, 2`,
    [CAMPAIGN, '/root/g3/', '/root/g30'],
  );
  console.log(`overdue page plan:\n${page}\n\ncounts plan:\n${counts}`);
  expect(page).toContain('unit_campaign_state_attention');
  expect(counts).toContain('unit_campaign_state_subtree');
  for (const plan of [page, counts]) expect(plan).not.toMatch(/Seq Scan on unit_campaign_state/);
});

test('when the dashboard is read over HTTP, then the latency is printed', async () => {
  const get = (token: string, query: string) => () =>
    request(app)
      .get(`/campaigns/${CAMPAIGN}/overdue${query}`)
      .set('Authorization', `Bearer ${token}`)
      .then((res) => {
        if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.text}`);
      });
  const cases: Array<[string, () => Promise<void>]> = [
    ['whole campaign (101,011 units), first page of 50 + counts', get(office, '?limit=50')],
    ['whole campaign, red only, page of 50', get(office, '?light=red&limit=50')],
    ['whole campaign, rung=accountability, page of 50', get(office, '?rung=accountability&limit=50')],
    ['whole campaign, a page deep in the tree (after g7-c50)', get(office, '?afterUnitId=g7-c50&limit=50')],
    ['region subtree (10,101 units) as its supervisor', get(supervisor, '?subtreeRootId=g3&limit=50')],
    ['committee subtree (101 units)', get(office, '?subtreeRootId=g3-c42&limit=50')],
  ];
  const lines: string[] = [];
  const measure = async (when: string) => {
    lines.push(when);
    for (const [name, call] of cases) {
      const { median, p95 } = await timed(15, call);
      lines.push(`  ${name.padEnd(62)} median ${median.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`);
    }
  };
  await measure('right after the bulk load (visibility map not set: counts read the heap)');
  // What autovacuum does in steady state: the counts become index-only scans.
  await db.pool.query('VACUUM (ANALYZE) unit_campaign_state');
  await measure('after VACUUM (index-only counts)');
  console.log(`GET /campaigns/:id/overdue over ${TOTAL_UNITS.toLocaleString('en')} units (HTTP round trip, this machine):\n${lines.join('\n')}`);
}, 120_000);
