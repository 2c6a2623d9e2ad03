/**
 * POST /plans/simulate over a real database (for the holiday calendar in
 * force); Temporal is never called: the app is given a client that throws.
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { createStorage } from '../../adapters/storage';
import { createApp, type CampaignApp } from '../../api/app';
import type { ReplyMismatch } from '../../api/reply-check';
import { capturingLogger } from './support';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let app: CampaignApp;
const tokens: Record<'office' | 'sup' | 'unit', string> = { office: '', sup: '', unit: '' };
const mismatches: ReplyMismatch[] = [];
const untouchable = new Proxy({}, { get: () => { throw new Error('the simulation must not call Temporal'); } }) as Client;

const PLAN = {
  id: 'hand',
  name: { zh: '手算', en: 'by hand' },
  phases: [
    {
      id: 'p1',
      name: { zh: '第一階段', en: 'phase one' },
      window: { start: '2027-03-01', end: '2027-06-30' },
      tasks: [{ id: 'report', title: { zh: '報告', en: 'report' }, due: { kind: 'date', date: '2027-03-31' } }],
    },
  ],
};
const ASSUME = { units: { agency: 10 }, behaviour: { late: [{ days: 10, percent: 30 }], neverPercent: 20 } };

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'plan_sim' });
  const storage = createStorage(db.pool);
  await storage.users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  await storage.users.createUser({ id: 'sup', name: '片區書記', role: 'supervisor' });
  tokens.office = await storage.users.issueToken('office');
  tokens.sup = await storage.users.issueToken('sup');
  app = createApp({ temporal: untouchable, storage, taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger(), checkReply: (m) => mismatches.push(m), simulationMaxUnits: 5000 });
}, 60_000);

afterAll(async () => {
  await db?.drop();
  expect(mismatches).toEqual([]);
});

const simulate = (body: unknown, format?: string, token = tokens.office) =>
  request(app)
    .post(`/plans/simulate${format ? `?format=${format}` : ''}`)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

const counts = async () => {
  const { rows } = await db.pool.query("SELECT (SELECT count(*) FROM ledger)::int AS ledger, (SELECT count(*) FROM outbox)::int AS outbox");
  return rows[0];
};

describe('POST /plans/simulate', () => {
  test('when the office simulates a plan for 10 units, then the totals are the hand counts and nothing is written', async () => {
    const before = await counts();
    const res = await simulate({ plan: PLAN, assumptions: ASSUME });
    expect(res.status).toBe(200);
    expect(res.body.totals.rungs).toEqual({ reminder: 5, warning: 5, listed_supervision: 2, circulated_criticism: 2, accountability: 2 });
    expect(res.body.totals.notices).toEqual({ secretary: 32, supervisor: 4, office: 4 });
    expect(res.body.calendarVersion).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(await counts()).toEqual(before);
  });

  test('when a template is simulated with a start year, then its phases are re-dated to that year', async () => {
    const res = await simulate({ template: 'seed-003-bureau', startYear: 2026, assumptions: { units: { agency: 1000 } } });
    expect(res.status).toBe(200);
    expect(res.body.phases[0].start.startsWith('2026-')).toBe(true);
    expect(res.body.units).toBe(1000);
    expect(res.body.weeks.length).toBeGreaterThan(10);
  });

  test('when the CSV is asked for, then it comes as text/csv with bilingual headers, one row per week', async () => {
    const json = await simulate({ plan: PLAN, assumptions: ASSUME });
    const res = await simulate({ plan: PLAN, assumptions: ASSUME }, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toContain('週起始 (week of)');
    expect(lines).toHaveLength(json.body.weeks.length + 1);
  });

  test('when the chart is asked for, then an SVG with a bar per role and week comes back', async () => {
    const res = await simulate({ plan: PLAN, assumptions: ASSUME }, 'svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    // supertest hands an image type over as a Buffer.
    const svg = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    expect(svg).toContain('每週通知數 (notices per week)');
  });

  test('when the shares add up to more than 100 %, then 400 names the sum', async () => {
    const res = await simulate({ plan: PLAN, assumptions: { units: { agency: 10 }, behaviour: { onTimePercent: 80, neverPercent: 30 } } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('110 %');
  });

  test('when the tree is bigger than the configured limit, then 413 names the limit', async () => {
    const res = await simulate({ plan: PLAN, assumptions: { units: { agency: 5001 } } });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('TooLarge');
    expect(res.body.message).toContain('5000');
  });

  test('when the plan is invalid or both plan and template are given, then 400 says what to fix', async () => {
    const bad = await simulate({ plan: { ...PLAN, phases: [] }, assumptions: ASSUME });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('phase');
    const both = await simulate({ plan: PLAN, template: 'seed-003-bureau', assumptions: ASSUME });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain('exactly one');
  });

  test('when a supervisor asks, then 403: simulation is for the campaign office', async () => {
    const res = await simulate({ plan: PLAN, assumptions: ASSUME }, undefined, tokens.sup);
    expect(res.status).toBe(403);
  });
});
