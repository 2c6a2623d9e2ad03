/**
 * GET /campaigns/:id/tree, the unit-tree browser's API, over a small tree in a
 * throw-away database: children in id order a page at a time, the lights of
 * each unit and its subtree, authorised by subtree (404 outside the caller's
 * units, 403 for a unit user opening its own unit), bad limits 400.
 *
 *   root ─ r-a (8 branches r-a-0 … r-a-7) ─ r-b (r-b-0, r-b-1) ─ r-c
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { createStorage } from '../../adapters/storage';
import { createUsersRepository } from '../../adapters/storage/users-repository';
import { createApp, type CampaignApp } from '../../api/app';
import { capturingLogger } from './support';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { capturingPool, onlySent } from '../support/query-capture';

let db: TestDatabase;
let app: CampaignApp;
const token: Record<string, string> = {};

const SEED = `
  INSERT INTO units (id, parent_id, name, type, path, depth) VALUES
    ('root', NULL, '總黨委', 'agency', '/root/', 0),
    ('r-a', 'root', '甲片區', 'agency', '/root/r-a/', 1),
    ('r-b', 'root', '乙片區', 'school', '/root/r-b/', 1),
    ('r-c', 'root', '丙片區', 'community', '/root/r-c/', 1),
    ('r-b-0', 'r-b', '乙一支部', 'school', '/root/r-b/r-b-0/', 2),
    ('r-b-1', 'r-b', '乙二支部', 'school', '/root/r-b/r-b-1/', 2);
  INSERT INTO units (id, parent_id, name, type, path, depth)
    SELECT 'r-a-' || n, 'r-a', '甲支部' || n, 'agency', '/root/r-a/r-a-' || n || '/', 2 FROM generate_series(0, 7) n;
  INSERT INTO unit_supervisors (unit_id, supervisor_id) VALUES ('r-b', 'sup');
  INSERT INTO campaigns (id, name, plan, created_by) VALUES ('tree', '{"zh":"樹","en":"tree"}',
    '{"id":"tree","phases":[{"id":"mobilization","tasks":[{"id":"t1","title":{"zh":"任務一","en":"task one"}}]}]}', 'office');
  -- Every unit started except r-c; r-a-3 red, r-b-1 yellow, the rest green.
  INSERT INTO unit_campaign_state (campaign_id, unit_id, phase_id, status, tasks, overdue_count, rung, light, version)
    SELECT 'tree', id, 'mobilization', 'running', '[]'::jsonb,
           CASE id WHEN 'r-a-3' THEN 1 ELSE 0 END,
           CASE id WHEN 'r-a-3' THEN 'listed_supervision' WHEN 'r-b-1' THEN 'warning' END,
           CASE id WHEN 'r-a-3' THEN 'red' WHEN 'r-b-1' THEN 'yellow' ELSE 'green' END, 1
    FROM units WHERE id <> 'r-c';
`;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'unit_tree' });
  await db.pool.query(SEED);
  const users = createUsersRepository(db.pool);
  await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  await users.createUser({ id: 'sup', name: '乙片區書記', role: 'supervisor' });
  await users.createUser({ id: 'b1', name: '乙二支部', role: 'unit', unitId: 'r-b-1' });
  for (const id of ['office', 'sup', 'b1']) token[id] = await users.issueToken(id);
  // The tree never calls Temporal: a client that is never used.
  app = createApp({ temporal: {} as Client, storage: createStorage(db.pool), taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger() });
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const tree = (who: string, query = '', campaign = 'tree') => request(app).get(`/campaigns/${campaign}/tree${query}`).set('Authorization', `Bearer ${token[who]}`);
const ids = (res: request.Response) => res.body.nodes.map((node: { id: string }) => node.id);

describe('the unit tree of a campaign', () => {
  test('when the office opens the tree, then it sees the root with its whole subtree by light', async () => {
    const res = await tree('office');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ campaignId: 'tree', parentId: null, nextAfterUnitId: null });
    expect(res.body.nodes).toEqual([
      expect.objectContaining({ id: 'root', name: '總黨委', type: 'agency', typeLabel: { zh: '機關', en: 'agency' }, hasChildren: true, started: true, light: 'green', subtree: { units: 13, green: 11, yellow: 1, red: 1 } }),
    ]);
  });

  test('when the office opens a parent, then its children come in id order, each with its own light and subtree', async () => {
    const res = await tree('office', '?parentId=root');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(['r-a', 'r-b', 'r-c']);
    const [a, b, c] = res.body.nodes;
    expect(a).toMatchObject({ hasChildren: true, light: 'green', subtree: { units: 9, green: 8, yellow: 0, red: 1 } });
    expect(b).toMatchObject({ type: 'school', subtree: { units: 3, green: 2, yellow: 1, red: 0 } });
    // Not started: no light of its own, nothing counted.
    expect(c).toMatchObject({ hasChildren: false, started: false, light: null, lightLabel: null, phaseId: null, subtree: { units: 0, green: 0, yellow: 0, red: 0 } });
  });

  test('when the children are paged three at a time, then the pages follow on by id with none repeated and the last has no next', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await tree('office', `?parentId=r-a&limit=3${after ? `&afterUnitId=${after}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.nodes.length).toBeLessThanOrEqual(3);
      seen.push(...ids(res));
      after = res.body.nextAfterUnitId;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 8 }, (_, n) => `r-a-${n}`));
    const red = await tree('office', '?parentId=r-a&afterUnitId=r-a-2&limit=1');
    expect(red.body.nodes[0]).toMatchObject({ id: 'r-a-3', light: 'red', rung: 'listed_supervision', rungLabel: { zh: '掛牌督辦', en: expect.any(String) }, overdueCount: 1 });
  });

  test('when a page of children is read, then the query reads the (parent_id, id) index of the units', async () => {
    const captured = capturingPool(db.pool);
    const capturingApp = createApp({ temporal: {} as Client, storage: createStorage(captured.pool), taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger() });
    const res = await request(capturingApp).get('/campaigns/tree/tree?parentId=r-a&afterUnitId=r-a-2&limit=2').set('Authorization', `Bearer ${token.office}`);
    expect(res.status).toBe(200);
    // The table is small here, so a sequential scan would be cheapest; the plan of a big tree is what is checked.
    const client = await db.pool.connect();
    try {
      await client.query('ANALYZE units');
      await client.query('SET enable_seqscan = off');
      const query = onlySent(captured.sent, /u\.parent_id = \$/);
      const { rows } = await client.query(`EXPLAIN ${query.text}`, query.values);
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('units_parent_id_keyset');
    } finally {
      client.release();
    }
  });

  test('when a supervisor opens the tree, then their top is the unit they supervise, and units outside it are 404', async () => {
    const top = await tree('sup');
    expect(top.status).toBe(200);
    expect(ids(top)).toEqual(['r-b']);
    const children = await tree('sup', '?parentId=r-b');
    expect(ids(children)).toEqual(['r-b-0', 'r-b-1']);
    for (const outside of ['root', 'r-a', 'no-such-unit']) {
      const res = await tree('sup', `?parentId=${outside}`);
      expect(res.status).toBe(404);
      expect(res.body.message).toContain('among the units you may see');
    }
  });

  test('when a unit user opens the tree, then it sees its own unit only: opening it is 403, another unit 404', async () => {
    const top = await tree('b1');
    expect(top.status).toBe(200);
    expect(top.body.nodes).toEqual([expect.objectContaining({ id: 'r-b-1', hasChildren: false, light: 'yellow', subtree: { units: 1, green: 0, yellow: 1, red: 0 } })]);
    const own = await tree('b1', '?parentId=r-b-1');
    expect(own.status).toBe(403);
    expect(own.body.message).toContain('your own unit');
    expect((await tree('b1', '?parentId=r-b')).status).toBe(404);
  });

  test('when the limit is not a whole number from 1 to 500 or the campaign is unknown, then the answer says so', async () => {
    for (const [limit, message] of [['0', 'at least 1'], ['501', 'at most 500'], ['ten', 'whole number'], ['2.5', 'whole number']]) {
      const res = await tree('office', `?parentId=root&limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([expect.objectContaining({ path: 'limit', message: expect.stringContaining(message) })]);
    }
    const unknown = await tree('office', '', 'no-such-campaign');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('no campaign');
    expect((await request(app).get('/campaigns/tree/tree')).status).toBe(401);
  });

  test('the route is in the OpenAPI document', async () => {
    const doc = await request(app).get('/openapi.json');
    expect(doc.status).toBe(200);
    const names = doc.body.paths['/campaigns/{id}/tree'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['id', 'parentId', 'afterUnitId', 'limit']));
    expect(doc.body.paths['/campaigns/{id}/overdue'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['unitType', 'phaseId']));
  });
});
