/**
 * The campaign summary report (系統總結) over a small ledger and read model
 * written directly: figures checked against the rows, scope and phase
 * filters, and the HTML page opened and checked for its figures and for
 * having no external assets. Temporal is never called.
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { createStorage, type Storage } from '../../adapters/storage';
import { createApp, type CampaignApp } from '../../api/app';
import type { ReplyMismatch } from '../../api/reply-check';
import { parsePlan } from '../../domain/plan';
import { parseUnitsJson } from '../../domain/units';
import { capturingLogger, planStartingToday } from './support';
import { createTestDatabase, type TestDatabase } from '../support/database';

const CAMPAIGN = 'summary';
let db: TestDatabase;
let storage: Storage;
let app: CampaignApp;
const tokens = { office: '', sup: '', other: '' };
const mismatches: ReplyMismatch[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'summary_report' });
  storage = createStorage(db.pool);
  await storage.users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  await storage.users.createUser({ id: 'sup', name: '支部聯繫人', role: 'supervisor' });
  await storage.users.createUser({ id: 'other', name: '別處書記', role: 'supervisor' });
  await storage.units.importTree(
    parseUnitsJson([
      { id: 'sr-root', parentId: null, name: '機關黨委', type: 'agency', secretary: { name: '張書記' }, supervisors: [] },
      { id: 'sr-b1', parentId: 'sr-root', name: '第一支部', type: 'agency', secretary: { name: '王書記' }, supervisors: ['sup'] },
      { id: 'sr-b2', parentId: 'sr-root', name: '第二支部', type: 'agency', secretary: { name: '劉書記' }, supervisors: [] },
      { id: 'sr-far', parentId: null, name: '社區黨委', type: 'community', secretary: { name: '陳書記' }, supervisors: ['other'] },
    ]),
  );
  // Phases: mobilization from 2027-03-01 (tasks due by phase end 2027-03-31), summary from 2027-04-01.
  await storage.campaigns.create({ id: CAMPAIGN, name: { zh: '總結測試', en: 'summary test' }, plan: parsePlan(planStartingToday('summary-plan', '2027-03-01')), createdBy: 'office' });
  const task = (taskId: string, status: string) => ({ taskId, status, dueDate: '2027-03-31', overdue: false, rung: null, light: 'green' });
  await storage.readModel.upsertUnitState({ campaignId: CAMPAIGN, unitId: 'sr-b1', phaseId: 'mobilization', status: 'running', tasks: [task('study-report', 'approved'), task('meeting-minutes', 'open')], overdueCount: 0, version: 1 });
  await storage.readModel.upsertUnitState({ campaignId: CAMPAIGN, unitId: 'sr-b2', phaseId: 'mobilization', status: 'running', tasks: [task('study-report', 'submitted'), task('meeting-minutes', 'open')], overdueCount: 0, version: 1 });
  let n = 0;
  const row = (unitId: string, kind: string, occurredAt: string, payload: Record<string, unknown>) =>
    storage.ledger.append({ key: `sr/${(n += 1)}`, campaignId: CAMPAIGN, unitId, kind, actor: 'system', payload, occurredAt });
  await row('sr-b1', 'task.submitted', '2027-03-31T10:00:00Z', { taskId: 'study-report', submission: 1 }); // 18:00 in Beijing: on time
  await row('sr-b2', 'task.submitted', '2027-04-02T02:00:00Z', { taskId: 'study-report', submission: 1 }); // two days late
  await row('sr-b2', 'escalation.rung', '2027-04-01T01:00:00Z', { taskId: 'study-report', rung: 'reminder' });
  await row('sr-b2', 'escalation.rung', '2027-04-01T01:00:00Z', { taskId: 'meeting-minutes', rung: 'reminder' });
  await row('sr-b2', 'escalation.rung', '2027-04-07T01:00:00Z', { taskId: 'meeting-minutes', rung: 'warning' });
  await row('sr-b1', 'review.given', '2027-04-05T01:00:00Z', { periodId: 'mobilization/2027-03-01', phaseId: 'mobilization' });
  await row('sr-b2', 'rectification.opened', '2027-04-05T01:00:00Z', { description: '材料不全' });
  await row('sr-far', 'escalation.rung', '2027-04-01T01:00:00Z', { taskId: 'study-report', rung: 'warning' });
  tokens.office = await storage.users.issueToken('office');
  tokens.sup = await storage.users.issueToken('sup');
  tokens.other = await storage.users.issueToken('other');
  const untouchable = new Proxy({}, { get: () => { throw new Error('the report must not call Temporal'); } }) as Client;
  app = createApp({ temporal: untouchable, storage, taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger(), checkReply: (m) => mismatches.push(m) });
}, 120_000);

afterAll(async () => {
  await db?.drop();
  expect(mismatches).toEqual([]);
});

const report = (query: Record<string, string>, token = tokens.office) => request(app).get(`/campaigns/${CAMPAIGN}/summary-report`).query(query).set('Authorization', `Bearer ${token}`);

describe('GET /campaigns/:id/summary-report', () => {
  test('when the office reports on the whole campaign, then the rates, rungs, reviews and rectifications are those of the rows', async () => {
    const res = await report({});
    expect(res.status).toBe(200);
    expect(res.body.units).toBe(2);
    const study = res.body.tasks.find((t: { taskId: string }) => t.taskId === 'study-report');
    expect(study).toMatchObject({ assigned: 2, submitted: 2, approved: 1, onTime: 1, completionRate: 50, onTimeRate: 50 });
    expect(res.body.totals).toMatchObject({ assigned: 4, approved: 1, onTime: 1, completionRate: 25, onTimeRate: 25 });
    // sr-far has no read-model row but its rung is in the campaign's ledger.
    expect(res.body.escalationsByRung).toEqual({ reminder: 2, warning: 2, listed_supervision: 0, circulated_criticism: 0, accountability: 0 });
    expect(res.body).toMatchObject({ reviewsGiven: 1, rectifications: { opened: 1, verified: 0 } });
  });

  test('when a supervisor reports on the subtree they supervise, then only its units count', async () => {
    const res = await report({ subtreeRootId: 'sr-b1' }, tokens.sup);
    expect(res.status).toBe(200);
    expect(res.body.scope).toEqual({ subtreeRootId: 'sr-b1', name: '第一支部' });
    expect(res.body.units).toBe(1);
    expect(res.body.totals).toMatchObject({ assigned: 2, approved: 1, onTime: 1 });
    expect(res.body.escalationsByRung.reminder).toBe(0);
    expect(res.body.reviewsGiven).toBe(1);
  });

  test('when the report is for the summary phase, then the first phase tasks and their rungs are left out', async () => {
    const res = await report({ phaseId: 'summary' });
    expect(res.status).toBe(200);
    expect(res.body.phase.id).toBe('summary');
    expect(res.body.tasks).toEqual([]);
    expect(res.body.escalationsByRung.warning).toBe(0);
    expect(res.body.reviewsGiven).toBe(0);
  });

  test('when the HTML page is asked for, then it carries the figures in both languages and no external asset', async () => {
    const res = await report({ format: 'html' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('系統總結');
    expect(res.text).toContain('(summary report)');
    expect(res.text).toContain('25.0 %');
    expect(res.text).toContain('黃牌預警');
    expect(res.text).not.toMatch(/<script|<link|<img|src=|href=|url\(/i);
  });

  test('when a supervisor omits the subtree, asks for another one, or names an unknown phase, then 403, 404 and 400', async () => {
    expect((await report({}, tokens.sup)).status).toBe(403);
    expect((await report({ subtreeRootId: 'sr-b2' }, tokens.other)).status).toBe(404);
    const phase = await report({ phaseId: 'nope' });
    expect(phase.status).toBe(400);
    expect(phase.body.message).toContain('no phase "nope"');
  });
});
