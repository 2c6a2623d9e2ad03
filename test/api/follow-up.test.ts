/**
 * The follow-up routes end to end (issue 5): extensions (延期申請), point
 * reviews (點評), rectifications (整改), supervision events, the overdue
 * dashboard, a person's duties, the holiday calendar and the notification
 * routes, over a campaign whose first phase began 40 days ago, so that its
 * units start with tasks already overdue at several rungs.
 *
 *   committee (li)  red:    late-plan at 通報批評 (circulated criticism)
 *   ├── b1 (u1)     green:  both late tasks submitted
 *   └── b2 (u2)     yellow: late-plan submitted, yellow-task reminded
 *   other (wang)    red
 *   └── other-b1 (u3) red
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createChannelTester } from '../../adapters/notify';
import { createStorage } from '../../adapters/storage';
import { startRobotReceivers, type RobotSecrets } from '../support/robot-receivers';
import { CN_HOLIDAY_CALENDAR } from '../../domain/holidays/cn-calendar-data';
import { addDays, localDateOf } from '../../domain/calendar';
import type { PlanInput } from '../../domain/plan';
import { eventually } from '../support/campaign-script';
import { capturingPool } from '../support/query-capture';
import { WorkflowNotFoundError } from '@temporalio/client';
import { holidayCalendarBroadcastWorkflowId, type UnitCampaignView } from '../../contracts';
import { localToday, startApiTestEnv, type ApiTestEnv, type Person } from './support';

const CAMPAIGN = 'follow-up';
const B1 = 'committee-b1';
const B2 = 'committee-b2';
const O1 = 'other-b1';
const ALL_UNITS = ['committee', B1, B2, 'other', O1];

const TODAY = localToday();
const day = (offset: number) => addDays(TODAY, offset);
const PHASE_START = day(-40);
const PERIOD = `mobilization/${PHASE_START}`;

let t: ApiTestEnv;
const api = () => request(t.server.url);
const ROBOT_SECRETS: RobotSecrets = { wecomKey: 'k', dingtalkToken: 'token', dingtalkSecret: 'SEC-dingtalk-test-secret', feishuHook: 'hook', feishuSecret: 'feishu-test-secret' };
const as = (person: Person) => ({ Authorization: t.auth(person) });
const unitPath = (unitId: string) => `/campaigns/${CAMPAIGN}/units/${unitId}`;
const evidence = { evidence: { text: '已整改到位，材料見附件', links: ['https://example.test/fix.pdf'] } };
const paths = (res: request.Response) => (res.body.problems ?? []).map((p: { path: string }) => p.path);

type TaskInput = NonNullable<PlanInput['phases'][number]['tasks']>[number];

function followUpPlan(): PlanInput {
  const task = (id: string, zh: string, en: string, due: TaskInput['due'], extra: Partial<TaskInput> = {}): TaskInput => ({ id, title: { zh, en }, due, ...extra });
  return {
    id: 'follow-up-plan',
    name: { zh: '督促檢查測試活動', en: 'Follow-up test campaign' },
    milestones: [{ id: 'congress', name: { zh: '黨的代表大會', en: 'Party Congress' }, kind: 'to_be_set' }],
    phases: [
      {
        id: 'mobilization',
        name: { zh: '廣泛發動', en: 'Mobilization' },
        window: { start: PHASE_START, end: day(30) },
        tasks: [
          // Due 35 days ago: reminder, warning, listed supervision and circulated criticism reached.
          task('late-plan', '實施方案', 'Implementation plan', { kind: 'after_phase_start', days: 5 }),
          // Due two days ago: reminded only (yellow).
          task('yellow-task', '學習計劃', 'Study plan', { kind: 'after_phase_start', days: 38 }),
          task('report', '專題報告', 'Topical report', { kind: 'phase_end' }),
          task('office-report', '專項報告', 'Report approved by the office', { kind: 'phase_end' }, { approvedBy: 'office' }),
        ],
      },
      {
        id: 'summary',
        name: { zh: '總結表彰', en: 'Summary' },
        window: { start: day(31), end: { milestone: 'congress', offsetDays: -1 } },
        tasks: [task('campaign-summary', '活動總結', 'Campaign summary', { kind: 'phase_end' })],
      },
    ],
    pointReviews: [{ phase: 'mobilization', every: 'once' }],
    rectification: { listOpenItemsAtEndOf: 'mobilization', defaultDays: 30 },
    // Started mid-phase on purpose, so that late work is already up the ladder (遲啟動: escalate).
    lateStart: { policy: 'escalate' },
  };
}

async function unitState(unitId: string): Promise<UnitCampaignView> {
  const res = await api().get(unitPath(unitId)).set(as('office'));
  expect(res.status).toBe(200);
  return res.body;
}

async function submit(person: Person, unitId: string, taskId: string) {
  const res = await api().post(`${unitPath(unitId)}/tasks/${taskId}/submit`).set(as(person)).send({ evidence: { text: '已完成', links: [] } });
  expect(res.status).toBe(200);
}

async function ledgerKinds(unitId: string): Promise<string[]> {
  return (await t.h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).filter((e) => e.unitId === unitId).map((e) => e.kind);
}

beforeAll(async () => {
  t = await startApiTestEnv();
  const created = await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: followUpPlan() });
  expect(created.status).toBe(201);
  for (const subtreeRootId of ['committee', 'other']) {
    const started = await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('office')).send({ subtreeRootId, requestId: `start-${subtreeRootId}` });
    expect(started.status).toBe(202);
  }
  // Every unit running, its late tasks already up the ladder.
  for (const unitId of ALL_UNITS) {
    await eventually(async () => {
      const view = await unitState(unitId).catch(() => undefined);
      return view?.tasks.find((task) => task.taskId === 'late-plan')?.rung === 'circulated_criticism' && view.tasks.find((task) => task.taskId === 'yellow-task')?.rung === 'reminder';
    }, 30_000);
  }
  await submit('u1', B1, 'late-plan');
  await submit('u1', B1, 'yellow-task');
  await submit('u1', B1, 'office-report');
  await submit('u2', B2, 'late-plan');
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

// ------------------------------------------------------------------ extensions

describe('extension requests (延期申請)', () => {
  const requestPath = (unitId: string, taskId: string) => `${unitPath(unitId)}/tasks/${taskId}/extension-requests`;

  test('when the unit asks for more time before the deadline, then 201 and the task carries the request', async () => {
    const res = await api().post(requestPath(B1, 'report')).set(as('u1')).send({ proposedDate: day(45), reason: '調研尚未完成' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskId: 'report', dueDate: day(30), extensionRequest: { by: 'u1', proposedDate: day(45), reason: '調研尚未完成' } });
  });

  test('when the supervisor grants it, then the deadline moves to the proposed date and the ledger records request and decision', async () => {
    const res = await api().post(`${requestPath(B1, 'report')}/decision`).set(as('li')).send({ grant: true });
    expect(res.status).toBe(200);
    expect(res.body.dueDate).toBe(day(45));
    expect(res.body.extensionRequest).toBeUndefined();
    expect((await unitState(B1)).tasks.find((task) => task.taskId === 'report')?.dueDate).toBe(day(45));
    expect(await ledgerKinds(B1)).toEqual(expect.arrayContaining(['extension.requested', 'extension.granted']));
  });

  test('when the unit asks after the deadline has passed, then 409 says it must be asked for before', async () => {
    const res = await api().post(requestPath(O1, 'late-plan')).set(as('u3')).send({ proposedDate: day(10), reason: '人手不足' });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('InvalidTransition');
    expect(res.body.message).toContain('has passed');
  });

  test('when the proposed date is not a date and the reason is missing, then 400 names both', async () => {
    const res = await api().post(requestPath(B2, 'report')).set(as('u2')).send({ proposedDate: '2025-02-30' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(['proposedDate', 'reason']));
  });

  test('when a unit asks for another unit, then 404 as for an unknown unit; when a supervisor asks at all, then 403', async () => {
    const other = await api().post(requestPath(B2, 'report')).set(as('u1')).send({ proposedDate: day(40), reason: '代為申請' });
    expect(other.status).toBe(404);
    expect(other.body.message).toContain('among the units you may see');
    const supervisor = await api().post(requestPath(B2, 'report')).set(as('li')).send({ proposedDate: day(40), reason: '代為申請' });
    expect(supervisor.status).toBe(403);
  });

  test('when a request is pending and a refusal comes without a reason, then 400 names reason and the request still waits', async () => {
    expect((await api().post(requestPath(B2, 'report')).set(as('u2')).send({ proposedDate: day(50), reason: '等待上級文件' })).status).toBe(201);
    const res = await api().post(`${requestPath(B2, 'report')}/decision`).set(as('li')).send({ grant: false });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['reason']);
    expect((await unitState(B2)).tasks.find((task) => task.taskId === 'report')?.extensionRequest?.proposedDate).toBe(day(50));
  });

  test('when a supervisor outside the subtree (404) or the unit itself (403) decides, then the request still waits', async () => {
    expect((await api().post(`${requestPath(B2, 'report')}/decision`).set(as('wang')).send({ grant: true })).status).toBe(404);
    expect((await api().post(`${requestPath(B2, 'report')}/decision`).set(as('u2')).send({ grant: true })).status).toBe(403);
    expect((await unitState(B2)).tasks.find((task) => task.taskId === 'report')?.extensionRequest).toBeDefined();
  });

  test('when no request awaits a decision, then 409', async () => {
    const res = await api().post(`${requestPath(B1, 'office-report')}/decision`).set(as('office')).send({ grant: false, reason: '無' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('no extension request');
  });
});

// ------------------------------------------------------------------ point reviews

describe('POST /campaigns/:id/units/:unitId/reviews (點評)', () => {
  const review = { comment: '組織有力，推進較快', strengths: '學習扎實', weaknesses: '台帳不全', rating: 'good' };

  test('when the supervisor gives the review with a rectification, then 201 returns the review and the item opened from it', async () => {
    const res = await api()
      .post(`${unitPath(B1)}/reviews`)
      .set(as('li'))
      .send({ ...review, rectifications: [{ description: '補齊學習台帳', dueDate: day(20) }] });
    expect(res.status).toBe(201);
    expect(res.body.review).toMatchObject({ periodId: PERIOD, status: 'given', given: { by: 'li', rating: 'good', ratingLabel: { zh: '較好', en: 'good' } } });
    expect(res.body.rectifications).toHaveLength(1);
    expect(res.body.rectifications[0]).toMatchObject({ unitId: B1, source: 'point_review', status: 'open', dueDate: day(20), openedBy: 'li' });
    expect(await ledgerKinds(B1)).toContain('review.given');
  });

  test('when the same reviewer sends the same review again with its period (a retry), then the first review and its item come back and nothing is written twice', async () => {
    const items = async () => (await api().get(`${unitPath(B1)}/rectifications`).set(as('office'))).body.items.filter((i: { source: string }) => i.source === 'point_review');
    const before = await items();
    const again = await api()
      .post(`${unitPath(B1)}/reviews`)
      .set(as('li'))
      .send({ ...review, periodId: PERIOD, rectifications: [{ description: '補齊學習台帳', dueDate: day(20) }] });
    expect(again.status).toBe(201);
    expect(again.body.review).toMatchObject({ periodId: PERIOD, given: { by: 'li' } });
    expect(again.body.rectifications.map((i: { itemId: string }) => i.itemId)).toEqual(before.map((i: { itemId: string }) => i.itemId));
    expect(await items()).toHaveLength(before.length);
    expect((await ledgerKinds(B1)).filter((k) => k === 'review.given')).toHaveLength(1);
  });

  test('when a second review is given for the same period, then 409 and no item is opened', async () => {
    const before = (await api().get(`${unitPath(B1)}/rectifications`).set(as('office'))).body.items.length;
    const res = await api().post(`${unitPath(B1)}/reviews`).set(as('office')).send({ ...review, periodId: PERIOD, rectifications: [{ description: '不應開出' }] });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('already been given');
    expect((await api().get(`${unitPath(B1)}/rectifications`).set(as('office'))).body.items.length).toBe(before);
  });

  test('when the rating is unknown and the weaknesses are missing, then 400 names both', async () => {
    const res = await api().post(`${unitPath(B2)}/reviews`).set(as('li')).send({ comment: '好', strengths: '好', rating: 'great' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(['rating', 'weaknesses']));
  });

  test('when a supervisor outside the subtree reviews, then 404; a unit, then 403', async () => {
    expect((await api().post(`${unitPath(B2)}/reviews`).set(as('wang')).send(review)).status).toBe(404);
    const unit = await api().post(`${unitPath(B2)}/reviews`).set(as('u2')).send(review);
    expect(unit.status).toBe(403);
    expect(unit.body.message).toContain('點評');
  });
});

// ------------------------------------------------------------------ rectifications

describe('rectification items (整改)', () => {
  const open = (person: Person, unitId: string, body: Record<string, unknown>) => api().post(`${unitPath(unitId)}/rectifications`).set(as(person)).send(body);
  const act = (person: Person, unitId: string, itemId: string, action: 'report' | 'verify' | 'send-back', body: Record<string, unknown>) =>
    api().post(`${unitPath(unitId)}/rectifications/${itemId}/${action}`).set(as(person)).send(body);

  test('when the office opens an item without a deadline, then it is open with today plus the plan\'s 30 days, and the list shows it', async () => {
    // The server's today, bracketed: a request that crosses midnight in Shanghai may take either day.
    const before = localDateOf(Date.now());
    const res = await open('office', B1, { description: '規範三會一課記錄', source: 'other' });
    const after = localDateOf(Date.now());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ unitId: B1, status: 'open', statusLabel: { zh: '整改中' }, light: 'green', rung: null });
    expect([addDays(before, 30), addDays(after, 30)]).toContain(res.body.dueDate);
    expect(res.body.itemId).toMatch(/^r-[0-9a-f]{10}$/);
    const list = await api().get(`${unitPath(B1)}/rectifications`).set(as('u1'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { itemId: string }) => i.itemId)).toContain(res.body.itemId);
  });

  test('when the same itemId is opened twice, then the second is 409 and the first is untouched', async () => {
    expect((await open('li', B2, { itemId: 'fix-archive', description: '整理檔案' })).status).toBe(201);
    const again = await open('li', B2, { itemId: 'fix-archive', description: '另一件事' });
    expect(again.status).toBe(409);
    expect((await api().get(`${unitPath(B2)}/rectifications/fix-archive`).set(as('u2'))).body.description).toBe('整理檔案');
  });

  test('when an earlier open started the workflow but lost its row (the commit failed), then the retry adopts the workflow: 201, one item', async () => {
    expect((await open('li', B2, { itemId: 'lost-commit', description: '整理會議記錄' })).status).toBe(201);
    await t.h.db.pool.query("DELETE FROM rectification_items WHERE item_id = 'lost-commit'");
    const retry = await open('li', B2, { itemId: 'lost-commit', description: '整理會議記錄' });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ itemId: 'lost-commit', status: 'open' });
    const read = await api().get(`${unitPath(B2)}/rectifications/lost-commit`).set(as('u2'));
    expect(read.status).toBe(200);
    expect(read.body.description).toBe('整理會議記錄');
    // A different item under that id is not adopted.
    await t.h.db.pool.query("DELETE FROM rectification_items WHERE item_id = 'lost-commit'");
    const other = await open('li', B2, { itemId: 'lost-commit', description: '另一件事' });
    expect(other.status).toBe(409);
    const list = await api().get(`${unitPath(B2)}/rectifications`).set(as('office'));
    expect(list.body.items.map((i: { itemId: string }) => i.itemId)).not.toContain('lost-commit');
  });

  test('when the deadline is past and the description is missing, then 400 names both', async () => {
    const res = await open('li', B2, { dueDate: day(-1) });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(['dueDate', 'description']));
  });

  test('when a supervisor outside the subtree opens an item, then 404; a unit, then 403', async () => {
    expect((await open('wang', B2, { description: '越權' })).status).toBe(404);
    expect((await open('u2', B2, { description: '自己開' })).status).toBe(403);
  });

  test('when an item is verified before any report, then 409', async () => {
    const res = await act('li', B2, 'fix-archive', 'verify', {});
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('no reported fix');
  });

  test('when another unit reports the fix, then 404; when the unit does, then it awaits verification', async () => {
    expect((await act('u1', B2, 'fix-archive', 'report', evidence)).status).toBe(404);
    const res = await act('u2', B2, 'fix-archive', 'report', evidence);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'reported', reports: 1, lastReport: { by: 'u2' } });
  });

  test('when a send-back has no reason, then 400; with one, the item is sent back, reported again and verified, and a second verify is 409', async () => {
    const noReason = await act('li', B2, 'fix-archive', 'send-back', {});
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['reason']);
    const back = await act('li', B2, 'fix-archive', 'send-back', { reason: '缺少會議記錄' });
    expect(back.body).toMatchObject({ status: 'sent_back', sendBacks: 1, lastSendBack: { reason: '缺少會議記錄' } });
    expect((await act('u2', B2, 'fix-archive', 'report', evidence)).body.reports).toBe(2);
    const verified = await act('office', B2, 'fix-archive', 'verify', { comment: '同意銷號' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', statusLabel: { zh: '已銷號' }, verification: { by: 'office', comment: '同意銷號' } });
    const again = await act('li', B2, 'fix-archive', 'verify', {});
    expect(again.status).toBe(409);
    expect(await ledgerKinds(B2)).toEqual(expect.arrayContaining(['rectification.opened', 'rectification.reported', 'rectification.sent_back', 'rectification.verified']));
  });

  test('when an item is reported, then its row says so, written by the item\'s workflow: the API sends no write to rectification_items', async () => {
    const { pool, sent } = capturingPool(t.h.db.pool);
    const app = t.appWith({ storage: createStorage(pool) });
    expect((await open('li', B2, { itemId: 'row-kept', description: '整理台帳' })).status).toBe(201);
    expect((await request(app).post(`${unitPath(B2)}/rectifications/row-kept/report`).set(as('u2')).send(evidence)).status).toBe(200);
    expect(sent.filter((q) => /rectification_items/i.test(q.text) && /^\s*(INSERT|UPDATE|DELETE)/i.test(q.text))).toEqual([]);
    const row = await t.h.db.pool.query("SELECT status, revision FROM rectification_items WHERE item_id = 'row-kept'");
    expect(row.rows[0]).toEqual({ status: 'reported', revision: 1 });
  });

  test('when items are read — one, a unit\'s list, and the duties that list them — then no GET writes anything: no INSERT, UPDATE or DELETE is sent and no row changes', async () => {
    const { pool, sent } = capturingPool(t.h.db.pool);
    const app = t.appWith({ storage: createStorage(pool) });
    const snapshot = async () =>
      (await t.h.db.pool.query("SELECT (SELECT count(*) FROM ledger)::int AS ledger, (SELECT string_agg(item_id || ':' || status || ':' || revision || ':' || updated_at::text, ',' ORDER BY item_id) FROM rectification_items) AS items")).rows[0];
    const before = await snapshot();
    const reads = [
      request(app).get(`${unitPath(B2)}/rectifications/row-kept`).set(as('u2')),
      request(app).get(`${unitPath(B2)}/rectifications`).set(as('office')),
      request(app).get(`${unitPath(B1)}/rectifications`).set(as('u1')),
      request(app).get('/me/duties').set(as('li')),
      request(app).get('/me/duties').set(as('u2')),
    ];
    for (const read of reads) expect((await read).status).toBe(200);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((q) => /^\s*(INSERT|UPDATE|DELETE|BEGIN)/i.test(q.text)).map((q) => q.text.slice(0, 60))).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // Closed again, so that the duties below see only their own items.
    expect((await act('office', B2, 'row-kept', 'verify', {})).status).toBe(200);
  });

  test('when a unit verifies, then 403; a supervisor outside the subtree sends back, 404; sending back an item with no report is 409', async () => {
    expect((await open('li', B1, { itemId: 'no-report', description: '完善制度' })).status).toBe(201);
    const unit = await act('u1', B1, 'no-report', 'verify', {});
    expect(unit.status).toBe(403);
    expect(unit.body.message).toContain('verifies');
    expect((await act('wang', B1, 'no-report', 'send-back', { reason: '不行' })).status).toBe(404);
    const open409 = await act('li', B1, 'no-report', 'send-back', { reason: '不行' });
    expect(open409.status).toBe(409);
  });

  test('when a report has no text and a bad link, or a verification comment is too long, then 400 names the fields', async () => {
    const report = await act('u1', B1, 'no-report', 'report', { evidence: { links: ['ftp://example.test/x'] } });
    expect(report.status).toBe(400);
    expect(paths(report)).toEqual(expect.arrayContaining(['evidence.text', 'evidence.links.0']));
    const verify = await act('li', B1, 'no-report', 'verify', { comment: '長'.repeat(2001) });
    expect(verify.status).toBe(400);
    expect(paths(verify)).toEqual(['comment']);
  });

  test('when the path has a malformed campaign or item id, then 400 names it', async () => {
    const list = await api().get('/campaigns/Bad%20Id/units/committee-b1/rectifications').set(as('office'));
    expect(list.status).toBe(400);
    expect(paths(list)).toEqual(['id']);
    const item = await api().get(`${unitPath(B1)}/rectifications/Bad%20Item`).set(as('office'));
    expect(item.status).toBe(400);
    expect(paths(item)).toEqual(['itemId']);
  });

  test('when an unknown item is read, then 404; when another unit or a supervisor outside reads one, then 404 too', async () => {
    expect((await api().get(`${unitPath(B2)}/rectifications/no-such-item`).set(as('office'))).status).toBe(404);
    expect((await api().get(`${unitPath(B2)}/rectifications/fix-archive`).set(as('u1'))).status).toBe(404);
    expect((await api().get(`${unitPath(B2)}/rectifications`).set(as('wang'))).status).toBe(404);
  });
});

// ------------------------------------------------------------------ supervision events

describe('POST /campaigns/:id/supervision-events', () => {
  const record = (person: Person, body: Record<string, unknown>) => api().post(`/campaigns/${CAMPAIGN}/supervision-events`).set(as(person)).send(body);

  test('when the office draws a spot check, then the sample and its seed come back, and the same seed draws the same units again', async () => {
    const first = await record('office', { kind: 'spot_check', sampleSize: 2, findings: '隨機抽查兩個單位' });
    expect(first.status).toBe(201);
    expect(first.body.event).toMatchObject({ kind: 'spot_check', kindLabel: { zh: '隨機抽查' }, populationSize: 5 });
    expect(first.body.event.unitIds).toHaveLength(2);
    expect(typeof first.body.event.seed).toBe('string');
    const again = await record('office', { kind: 'spot_check', sampleSize: 2, seed: first.body.event.seed, findings: '復核抽樣' });
    expect(again.body.event.unitIds).toEqual(first.body.event.unitIds);
    expect(again.body.event.eventId).not.toBe(first.body.event.eventId);
  });

  test('when a supervisor spot-checks their subtree with a rectification, then the sample stays inside it and the item is opened as spot_check', async () => {
    const res = await record('li', { kind: 'spot_check', subtreeRootId: 'committee', sampleSize: 3, findings: '全部抽中', rectifications: [{ unitId: B2, description: '抽查發現台帳缺頁' }] });
    expect(res.status).toBe(201);
    expect(res.body.event.unitIds).toEqual(['committee', B1, B2]);
    expect(res.body.rectifications).toEqual([expect.objectContaining({ unitId: B2, source: 'spot_check', status: 'open' })]);
    expect(res.body.notOpened).toEqual([]);
  });

  test('when a visit is recorded twice with the same eventId, then it is recorded once and its rectification opened once, as visit', async () => {
    const body = { eventId: 'visit-2025-1', kind: 'unannounced_visit', unitIds: [B1], findings: '暗訪發現值班缺崗', rectifications: [{ unitId: B1, description: '落實值班制度' }] };
    const first = await record('li', body);
    expect(first.status).toBe(201);
    expect(first.body.event).toMatchObject({ eventId: 'visit-2025-1', kindLabel: { zh: '暗訪' }, unitIds: [B1], seed: null });
    expect(first.body.rectifications[0]).toMatchObject({ source: 'visit' });
    const second = await record('li', body);
    expect(second.status).toBe(201);
    expect(second.body.rectifications[0].itemId).toBe(first.body.rectifications[0].itemId);
    const ledger = await t.h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 });
    expect(ledger.filter((e) => e.kind === 'supervision.unannounced_visit')).toHaveLength(1);
  });

  test("when a supervisor of another subtree sends an eventId someone else recorded, then 409 and none of that event's units are shown", async () => {
    const res = await record('wang', { eventId: 'visit-2025-1', kind: 'unannounced_visit', unitIds: [O1], findings: '暗訪' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('someone else');
    expect(JSON.stringify(res.body)).not.toContain(B1);
  });

  test('when an eventId already recorded is sent with another kind, then 409', async () => {
    const res = await record('li', { eventId: 'visit-2025-1', kind: 'forum', unitIds: [B1], findings: '座談' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('visit-2025-1');
  });

  test('when a supervisor names a unit outside their subtree, then 404 as for an unknown unit, and nothing is recorded', async () => {
    const before = (await t.h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).length;
    const res = await record('li', { kind: 'hearing', unitIds: [B1, O1], findings: '聽證' });
    expect(res.status).toBe(404);
    expect(res.body.message).toContain(O1);
    const unknown = await record('li', { kind: 'hearing', unitIds: [B1, 'ghost-unit'], findings: '聽證' });
    expect(unknown.body.message.replace('ghost-unit', O1)).toBe(res.body.message);
    expect((await t.h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).length).toBe(before);
  });

  test('when a supervisor draws from the whole campaign, or a unit records an event, then 403', async () => {
    const whole = await record('wang', { kind: 'spot_check', sampleSize: 1, findings: '全範圍' });
    expect(whole.status).toBe(403);
    expect(whole.body.message).toContain('subtreeRootId');
    expect((await record('u1', { kind: 'forum', unitIds: [B1], findings: '座談' })).status).toBe(403);
  });

  test.each([
    ['a spot check without sampleSize', { kind: 'spot_check', findings: 'x' }, 'sampleSize'],
    ['a visit without units', { kind: 'open_visit', findings: 'x' }, 'unitIds'],
    ['an unknown kind', { kind: 'inspection', unitIds: [B1], findings: 'x' }, 'kind'],
    ['no findings', { kind: 'forum', unitIds: [B1] }, 'findings'],
  ])('when the body has %s, then 400 names the field', async (_what, body, path) => {
    const res = await record('office', body);
    expect(res.status).toBe(400);
    expect(paths(res)).toContain(path);
  });
});

// ------------------------------------------------------------------ overdue dashboard

describe('GET /campaigns/:id/overdue', () => {
  const overdue = (person: Person, query = '') => api().get(`/campaigns/${CAMPAIGN}/overdue${query}`).set(as(person));
  const countsOf = (res: request.Response) => Object.fromEntries(res.body.counts.byLight.map((c: { light: string; units: number }) => [c.light, c.units]));

  test('when the office reads the whole campaign, then units needing attention come in tree order with rung, light and labels, and counts cover every unit', async () => {
    const res = await overdue('office');
    expect(res.status).toBe(200);
    expect(res.body.units.map((u: { unitId: string }) => u.unitId)).toEqual(['committee', B2, 'other', O1]);
    expect(countsOf(res)).toEqual({ green: 1, yellow: 1, red: 3 });
    expect(res.body.counts).toMatchObject({ units: 5, overdueUnits: 4 });
    const committee = res.body.units[0];
    expect(committee).toMatchObject({
      name: '機關黨委',
      phaseId: 'mobilization',
      rung: 'circulated_criticism',
      rungLabel: { zh: '通報批評', en: 'circulated criticism' },
      light: 'red',
      lightLabel: { zh: '紅燈' },
      overdueCount: 2,
      // 第一責任人: the secretary, none other having been named.
      firstResponsible: '張書記',
    });
    expect(committee.tasks.map((task: { taskId: string }) => task.taskId).sort()).toEqual(['late-plan', 'yellow-task']);
    expect(committee.tasks.find((task: { taskId: string }) => task.taskId === 'late-plan')).toMatchObject({ title: { zh: '實施方案' }, dueDate: day(-35), light: 'red' });
    expect(res.body.counts.byRung.find((r: { rung: string | null }) => r.rung === 'circulated_criticism').units).toBe(3);
  });

  test('when filtered by light or rung, then only those units come back and the counts stay those of the scope', async () => {
    const yellow = await overdue('office', '?light=yellow');
    expect(yellow.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([B2]);
    expect(yellow.body.units[0]).toMatchObject({ rung: 'reminder', lightLabel: { zh: '黃燈' } });
    expect(countsOf(yellow)).toEqual({ green: 1, yellow: 1, red: 3 });
    const criticised = await overdue('office', '?rung=circulated_criticism');
    expect(criticised.body.units.map((u: { unitId: string }) => u.unitId)).toEqual(['committee', 'other', O1]);
  });

  test('when read a page at a time, then nextAfterUnitId continues where the page ended, without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: request.Response = await overdue('office', `?limit=1${after ? `&afterUnitId=${after}` : ''}`);
      expect(res.body.units).toHaveLength(1);
      seen.push(res.body.units[0].unitId);
      after = res.body.nextAfterUnitId;
    } while (after);
    expect(seen).toEqual(['committee', B2, 'other', O1]);
  });

  test('when a supervisor reads their subtree, then only its units and counts come back', async () => {
    const res = await overdue('li', '?subtreeRootId=committee');
    expect(res.status).toBe(200);
    expect(res.body.units.map((u: { unitId: string }) => u.unitId)).toEqual(['committee', B2]);
    expect(countsOf(res)).toEqual({ green: 1, yellow: 1, red: 1 });
  });

  test('when a supervisor gives no subtree, then 403; one outside theirs, 404 as for an unknown unit', async () => {
    const none = await overdue('li');
    expect(none.status).toBe(403);
    expect(none.body.message).toContain('subtreeRootId');
    expect((await overdue('li', '?subtreeRootId=other')).status).toBe(404);
  });

  test('when a unit reads it, then only its own unit; another unit\'s subtree is 404', async () => {
    const own = await overdue('u2');
    expect(own.status).toBe(200);
    expect(own.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([B2]);
    expect(own.body.counts.units).toBe(1);
    expect((await overdue('u2', '?subtreeRootId=committee')).status).toBe(404);
  });

  test.each([
    ['light=green', 'light'],
    ['rung=fine', 'rung'],
    ['limit=0', 'limit'],
    ['afterUnitId=nobody', 'afterUnitId'],
  ])('when the query has %s, then 400 names it', async (query, path) => {
    const res = await overdue('office', `?${query}`);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual([path]);
  });
});

// ------------------------------------------------------------------ duties

describe('GET /me/duties', () => {
  type Duty = { kind: string; unitId: string; taskId?: string; itemId?: string; periodId?: string; dueDate: string | null; overdue: boolean };
  const duties = async (person: Person, query = `?campaignId=${CAMPAIGN}`) => {
    const res = await api().get(`/me/duties${query}`).set(as(person));
    expect(res.status).toBe(200);
    return res.body as { duties: Duty[]; totals: Record<string, number>; truncated: boolean };
  };
  const sortedByDueDate = (list: Duty[]) => list.map((d) => d.dueDate ?? '9999').every((date, i, all) => i === 0 || all[i - 1] <= date);

  test('when a unit asks, then its open tasks with their due dates and the rectifications it must report, soonest first', async () => {
    const { duties: list } = await duties('u1');
    expect(list.filter((d) => d.kind === 'submit_task').map((d) => [d.taskId, d.dueDate])).toEqual([['report', day(45)]]);
    const items = list.filter((d) => d.kind === 'report_rectification');
    expect(items.length).toBeGreaterThanOrEqual(3); // review, office, visit
    expect(list.every((d) => d.unitId === B1)).toBe(true);
    expect(sortedByDueDate(list)).toBe(true);
  });

  test('when a unit has an extension request pending, then it is listed as awaiting a decision, with its overdue work', async () => {
    const { duties: list } = await duties('u2');
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'awaiting_extension_decision', taskId: 'report' })]));
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'submit_task', taskId: 'yellow-task', overdue: true, dueDate: day(-2) })]));
  });

  test('when the supervisor asks, then approvals, the extension to decide, the reviews owed and the fixes to verify in their subtree come back', async () => {
    // A fix reported, so that one awaits verification.
    const opened = await api().post(`${unitPath('committee')}/rectifications`).set(as('li')).send({ itemId: 'to-verify', description: '健全制度' });
    expect(opened.status).toBe(201);
    expect((await api().post(`${unitPath('committee')}/rectifications/to-verify/report`).set(as('office')).send(evidence)).status).toBe(200);

    const { duties: list } = await duties('li');
    const kinds = (kind: string) => list.filter((d) => d.kind === kind);
    expect(kinds('approve_task').map((d) => `${d.unitId}/${d.taskId}`).sort()).toEqual([`${B1}/late-plan`, `${B1}/yellow-task`, `${B2}/late-plan`]);
    expect(kinds('decide_extension').map((d) => `${d.unitId}/${d.taskId}`)).toEqual([`${B2}/report`]);
    expect(kinds('give_review').map((d) => d.unitId).sort()).toEqual(['committee', B2]);
    expect(kinds('give_review')[0]).toMatchObject({ periodId: PERIOD, dueDate: day(40), overdue: false });
    expect(kinds('verify_rectification').map((d) => d.itemId)).toEqual(['to-verify']);
    expect(list.some((d) => d.unitId === 'other' || d.unitId === O1)).toBe(false);
    expect(sortedByDueDate(list)).toBe(true);
  });

  test('when a supervisor of another subtree asks, then none of the committee\'s duties are theirs', async () => {
    const { duties: list } = await duties('wang');
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((d) => d.unitId === 'other' || d.unitId === O1)).toBe(true);
    expect(list.every((d) => d.kind === 'give_review')).toBe(true);
  });

  test('when the office asks, then the tasks it approves itself are listed', async () => {
    const { duties: list } = await duties('office');
    expect(list.map((d) => `${d.kind} ${d.unitId}/${d.taskId}`)).toEqual([`approve_task ${B1}/office-report`]);
  });

  test('when the supervisor downloads them as Excel, then each listed duty is a row with bilingual headers, a frozen header row and the due date as a date', async () => {
    const { duties: listed } = await duties('li');
    const res = await api()
      .get(`/me/duties?campaignId=${CAMPAIGN}&format=xlsx`)
      .set(as('li'))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const [sheet] = book.worksheets;
    expect(sheet.name).toBe('待辦事項 (pending duties)');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers).toEqual(expect.arrayContaining(['事項 (duty)', '單位 (unit)', '期限 (due date)', '逾期 (overdue)']));
    expect(sheet.rowCount - 1).toBe(listed.length);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => Object.fromEntries(headers.map((h, c) => [h, sheet.getRow(i + 2).getCell(c + 1).value])));
    const review = listed.find((d) => d.kind === 'give_review')!;
    const reviewRow = rows.find((r) => r['單位 (unit)'] === review.unitId && String(r['事項 (duty)']).includes('(')  && (r['操作 (API call)'] as string).includes('review'))!;
    expect((reviewRow['期限 (due date)'] as Date).toISOString()).toBe(`${review.dueDate}T00:00:00.000Z`);
    expect(rows.map((r) => r['單位 (unit)']).sort()).toEqual(listed.map((d) => d.unitId).sort());
  });

  test('when the format is unknown, then 400 names the formats', async () => {
    const res = await api().get('/me/duties?format=pdf').set(as('li'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('json or xlsx');
  });

  test('when nobody is signed in, then 401', async () => {
    expect((await api().get('/me/duties')).status).toBe(401);
  });

  test('when the campaign id is malformed, then 400; unknown, then 404', async () => {
    const bad = await api().get('/me/duties?campaignId=Bad%20Id').set(as('u1'));
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['campaignId']);
    expect((await api().get('/me/duties?campaignId=nope').set(as('u1'))).status).toBe(404);
  });
});

// ------------------------------------------------------------------ notification routes

describe('/notification-routes', () => {
  test('when the office routes supervisors to a WeCom robot, then the route is stored; removing it works', async () => {
    const address = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key';
    const res = await api().put('/notification-routes').set(as('office')).send({ role: 'supervisor', channel: 'wecom', address });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'supervisor', channel: 'wecom', address });
    expect((await api().delete('/notification-routes?role=supervisor').set(as('office'))).status).toBe(200);
  });

  test('when the office test-sends to a DingTalk robot, then the answer says whether it took it; a missing secret sends nothing and names the variable', async () => {
    const robots = await startRobotReceivers(ROBOT_SECRETS);
    try {
      const signed = request(t.appWith({ testChannel: createChannelTester({ DINGTALK_SECRET: ROBOT_SECRETS.dingtalkSecret }) }));
      const ok = await signed.post('/notification-routes/test-send').set(as('office')).send({ channel: 'dingtalk', address: robots.urls.dingtalk });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ channel: 'dingtalk', delivered: true, problem: null });
      expect(robots.accepted.map((m) => m.title)).toEqual(['測試通知 (test notice)']);
      const unsigned = request(t.appWith({ testChannel: createChannelTester({}) }));
      const missing = await unsigned.post('/notification-routes/test-send').set(as('office')).send({ channel: 'dingtalk', address: robots.urls.dingtalk });
      expect(missing.body).toMatchObject({ delivered: false, problem: expect.stringContaining('DINGTALK_SECRET is not set') });
      expect(robots.accepted).toHaveLength(1);
    } finally {
      await robots.close();
    }
  });

  test('when the test send names a channel that cannot be tested or no URL, then 400; a supervisor gets 403', async () => {
    const console = await api().post('/notification-routes/test-send').set(as('office')).send({ channel: 'console', address: 'https://example.test/' });
    expect(console.status).toBe(400);
    expect(paths(console)).toEqual(['channel']);
    const noUrl = await api().post('/notification-routes/test-send').set(as('office')).send({ channel: 'feishu', address: 'hook' });
    expect(noUrl.status).toBe(400);
    expect(paths(noUrl)).toEqual(['address']);
    expect((await api().post('/notification-routes/test-send').set(as('li')).send({ channel: 'feishu', address: 'https://example.test/' })).status).toBe(403);
  });

  test('when the office sets a role route and a unit route, then both are listed with labels; removing one leaves the other', async () => {
    const role = await api().put('/notification-routes').set(as('office')).send({ role: 'supervisor', channel: 'webhook', address: 'https://hooks.example.test/cxzy' });
    expect(role.status).toBe(200);
    const unit = await api().put('/notification-routes').set(as('office')).send({ role: 'secretary', unitId: B1, channel: 'smtp', address: 'b1@example.test' });
    expect(unit.status).toBe(200);
    const list = await api().get('/notification-routes').set(as('office'));
    expect(list.body.routes).toEqual([
      { role: 'secretary', roleLabel: { zh: '書記', en: 'secretary' }, unitId: B1, channel: 'smtp', address: 'b1@example.test' },
      { role: 'supervisor', roleLabel: { zh: '上級黨組織負責人', en: 'supervisor' }, unitId: null, channel: 'webhook', address: 'https://hooks.example.test/cxzy' },
    ]);
    expect((await api().delete(`/notification-routes?role=secretary&unitId=${B1}`).set(as('office'))).status).toBe(200);
    expect((await api().get('/notification-routes').set(as('office'))).body.routes.map((r: { role: string }) => r.role)).toEqual(['supervisor']);
    expect((await api().delete(`/notification-routes?role=secretary&unitId=${B1}`).set(as('office'))).status).toBe(404);
  });

  test.each([
    ['an smtp route with no email address', { role: 'office', channel: 'smtp', address: 'not-an-email' }, 'address'],
    ['a console route with an address', { role: 'office', channel: 'console', address: 'x@example.test' }, 'address'],
    ['an unknown role', { role: 'mayor', channel: 'console' }, 'role'],
    ['an unknown channel', { role: 'office', channel: 'sms' }, 'channel'],
    ['a robot route with no robot URL', { role: 'office', channel: 'dingtalk' }, 'address'],
    ['a robot route whose address is not a URL', { role: 'office', channel: 'wecom', address: 'my-robot' }, 'address'],
  ])('when the body has %s, then 400 names the field', async (_what, body, path) => {
    const res = await api().put('/notification-routes').set(as('office')).send(body);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual([path]);
  });

  test('when the unit does not exist, then 404; when a supervisor or a unit calls, then 403', async () => {
    expect((await api().put('/notification-routes').set(as('office')).send({ role: 'secretary', unitId: 'nowhere', channel: 'console' })).status).toBe(404);
    expect((await api().get('/notification-routes').set(as('li'))).status).toBe(403);
    expect((await api().put('/notification-routes').set(as('u1')).send({ role: 'office', channel: 'console' })).status).toBe(403);
    expect((await api().delete('/notification-routes?role=supervisor').set(as('li'))).status).toBe(403);
  });
});

// ------------------------------------------------------------------ holiday calendar (last: it moves every campaign)

describe('the holiday calendar', () => {
  const YEAR_2027 = {
    holidays: [
      { name: { zh: '元旦', en: "New Year's Day" }, days: ['2027-01-01', '2027-01-02', '2027-01-03'] },
      { name: { zh: '春节', en: 'Spring Festival' }, days: ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'] },
    ],
    workingWeekends: ['2027-02-14', '2027-02-20'],
  };
  const campaignCalendar = async () =>
    (await api().get(`/campaigns/${CAMPAIGN}/progress`).set(as('office'))).body.amendments.calendarVersion as string | null;

  // A second campaign with a deadline counted in working days: 5 working days after its autumn phase
  // begins on Monday 2031-09-29. Weekdays only (no 2031 calendar yet): Tue 30th, Wed 1st, Thu 2nd,
  // Fri 3rd, Mon 6th → 2031-10-06. With National Day off 1st–7th and Saturday 11th worked
  // (調休): Tue 30th, Wed 8th, Thu 9th, Fri 10th, Sat 11th → 2031-10-11.
  const WORKING_DAYS = 'holiday-preview';
  const YEAR_2031 = {
    holidays: [{ name: { zh: '国庆节', en: 'National Day' }, days: ['2031-10-01', '2031-10-02', '2031-10-03', '2031-10-04', '2031-10-05', '2031-10-06', '2031-10-07'] }],
    workingWeekends: ['2031-09-28', '2031-10-11'],
  };
  const ledgerSize = async () => (await t.h.db.pool.query('SELECT count(*)::int AS n FROM ledger')).rows[0].n as number;

  beforeAll(async () => {
    const plan: PlanInput = {
      id: 'holiday-preview-plan',
      name: { zh: '工作日期限測試活動', en: 'Working-day deadline test campaign' },
      milestones: [],
      phases: [
        { id: 'now', name: { zh: '學習', en: 'Study' }, window: { start: TODAY, end: '2031-09-28' }, tasks: [{ id: 'study', title: { zh: '學習', en: 'Study' }, due: { kind: 'phase_end' } }] },
        {
          id: 'autumn',
          name: { zh: '秋季檢查', en: 'Autumn check' },
          window: { start: '2031-09-29', end: '2031-12-31' },
          tasks: [{ id: 'autumn-report', title: { zh: '秋季報告', en: 'Autumn report' }, due: { kind: 'after_phase_start', days: 5, workingDays: true } }],
        },
      ],
    };
    expect((await api().post('/campaigns').set(as('office')).send({ id: WORKING_DAYS, plan })).status).toBe(201);
    expect((await api().post(`/campaigns/${WORKING_DAYS}/starts`).set(as('office')).send({ unitIds: [O1], requestId: 'holiday-preview-start' })).status).toBe(202);
    await eventually(async () => {
      const res = await api().get(`/campaigns/${WORKING_DAYS}/units/${O1}`).set(as('office'));
      return res.status === 200 && res.body.tasks.some((task: { taskId: string; dueDate: string }) => task.taskId === 'autumn-report' && task.dueDate === '2031-10-06');
    }, 30_000);
  }, 60_000);

  test('when a campaign is defined, then it starts with the calendar in force, which GET /holiday-calendar shows', async () => {
    const res = await api().get('/holiday-calendar').set(as('u1'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: CN_HOLIDAY_CALENDAR.version, shippedVersion: CN_HOLIDAY_CALENDAR.version, officeYears: [] });
    expect(Object.keys(res.body.years)).toEqual(expect.arrayContaining(['2010', '2011', '2012', '2026']));
    expect(await campaignCalendar()).toBe(CN_HOLIDAY_CALENDAR.version);
  });

  test('when the office previews adding a year (dryRun=true), then the working-day deadline that moves is listed with its unit, and nothing is stored or sent', async () => {
    const calendarBefore = (await api().get('/holiday-calendar').set(as('office'))).body;
    const ledgerBefore = await ledgerSize();
    const res = await api().put('/holiday-calendar/years/2031?dryRun=true').set(as('office')).send(YEAR_2031);
    expect(res.status).toBe(200);
    const next = `${CN_HOLIDAY_CALENDAR.version}.1`;
    expect(res.body).toMatchObject({ dryRun: true, year: 2031, version: next, previousVersion: CN_HOLIDAY_CALENDAR.version, changed: true });
    // The weekdays of National Day become days off (4th and 5th are a weekend already), the two weekend days become working days.
    expect(res.body.changedDays).toEqual(['2031-09-28', '2031-10-01', '2031-10-02', '2031-10-03', '2031-10-06', '2031-10-07', '2031-10-11']);
    // The follow-up campaign counts in calendar days only: untouched, so only counted.
    expect(res.body.campaigns).toEqual([
      {
        campaignId: WORKING_DAYS,
        calendarVersion: CN_HOLIDAY_CALENDAR.version,
        refused: null,
        deadlines: [{ taskId: 'autumn-report', from: '2031-10-06', to: '2031-10-11' }],
        totals: expect.objectContaining({ unitsChanged: 1, tasksChanged: 1, kept: 0, becomeOverdue: 0, remindersAtOnce: 0, noticesAtOnce: { secretary: 0, supervisor: 0, office: 0 } }),
        units: [{ unitId: O1, tasks: [expect.objectContaining({ taskId: 'autumn-report', from: '2031-10-06', to: '2031-10-11', overdueBefore: false, overdueAfter: false })] }],
        unitsListed: 1,
      },
    ]);
    expect(res.body.totals).toMatchObject({ campaigns: 2, wouldUpdate: 2, campaignsChanged: 1, refused: 0, unitsChanged: 1, tasksChanged: 1 });
    // Nothing changed: the calendar, the ledger, the campaign's own calendar and deadline, no broadcast started.
    expect((await api().get('/holiday-calendar').set(as('office'))).body).toEqual(calendarBefore);
    expect(await ledgerSize()).toBe(ledgerBefore);
    expect((await api().get(`/campaigns/${WORKING_DAYS}/progress`).set(as('office'))).body.amendments.calendarVersion).toBe(CN_HOLIDAY_CALENDAR.version);
    expect((await api().get(`/campaigns/${WORKING_DAYS}/units/${O1}`).set(as('office'))).body.tasks.find((task: { taskId: string }) => task.taskId === 'autumn-report').dueDate).toBe('2031-10-06');
    await expect(t.env.client.workflow.getHandle(holidayCalendarBroadcastWorkflowId(next)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  test('when a preview has a bad body, then 400 names the field as the real PUT does; a supervisor previewing is 403', async () => {
    const bad = await api().put('/holiday-calendar/years/2031?dryRun=true').set(as('office')).send({ ...YEAR_2031, workingWeekends: ['2031-10-08'] });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['workingWeekends.0']);
    const mismatch = await api().put('/holiday-calendar/years/2031?dryRun=true').set(as('office')).send({ ...YEAR_2031, year: 2030 });
    expect(paths(mismatch)).toEqual(['year']);
    expect((await api().put('/holiday-calendar/years/2031?dryRun=true').set(as('li')).send(YEAR_2031)).status).toBe(403);
    const doc = (await api().get('/openapi.json')).body;
    expect(doc.paths['/holiday-calendar/years/{year}'].put.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'dryRun', in: 'query' })]));
    expect(doc.components.schemas.HolidayYearPreview.properties.campaigns).toBeDefined();
    expect((await api().get('/holiday-calendar').set(as('office'))).body).toMatchObject({ version: CN_HOLIDAY_CALENDAR.version, officeYears: [] });
  });

  test('when the office adds a year, then a new version is stored and every running campaign moves to it', async () => {
    const res = await api().put('/holiday-calendar/years/2027').set(as('office')).send(YEAR_2027);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: `${CN_HOLIDAY_CALENDAR.version}.1`, previousVersion: CN_HOLIDAY_CALENDAR.version, changed: true, year: 2027 });
    expect(res.body.campaigns).toMatchObject({ total: 2, updated: 2, failed: [] });
    const calendar = await api().get('/holiday-calendar').set(as('office'));
    expect(calendar.body).toMatchObject({ version: `${CN_HOLIDAY_CALENDAR.version}.1`, officeYears: [2027] });
    expect(calendar.body.years['2027'].workingWeekends).toEqual(['2027-02-14', '2027-02-20']);
    expect(await campaignCalendar()).toBe(`${CN_HOLIDAY_CALENDAR.version}.1`);
    expect((await t.h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).filter((e) => e.kind === 'calendar.changed')).toHaveLength(1);
  });

  test('when the same year is sent again, then no new version and no campaign is moved twice', async () => {
    const res = await api().put('/holiday-calendar/years/2027').set(as('office')).send(YEAR_2027);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: `${CN_HOLIDAY_CALENDAR.version}.1`, changed: false, campaigns: { updated: 0, alreadyCurrent: 2 } });
  });

  test('when the year in force is previewed again, then every campaign is listed as refusing it, and why', async () => {
    const res = await api().put('/holiday-calendar/years/2027?dryRun=true').set(as('office')).send(YEAR_2027);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: false, changedDays: [], totals: { campaigns: 2, wouldUpdate: 0, refused: 2, tasksChanged: 0 } });
    expect(res.body.campaigns.map((c: { campaignId: string; refused: unknown }) => [c.campaignId, c.refused])).toEqual([
      [CAMPAIGN, { type: 'Conflict', message: expect.stringContaining('already uses calendar version') }],
      [WORKING_DAYS, { type: 'Conflict', message: expect.stringContaining('already uses calendar version') }],
    ]);
  });

  test.each([
    ['a working weekend that is a weekday', { ...YEAR_2027, workingWeekends: ['2027-02-15'] }, 'workingWeekends.0'],
    ['a holiday in another year', { ...YEAR_2027, holidays: [{ name: { zh: '元旦', en: "New Year's Day" }, days: ['2026-12-31'] }] }, 'holidays.0.days.0'],
    ['a year that disagrees with the path', { ...YEAR_2027, year: 2028 }, 'year'],
    ['no working weekends', { holidays: [] }, 'workingWeekends'],
  ])('when the body has %s, then 400 names the field and nothing changes', async (_what, body, path) => {
    const res = await api().put('/holiday-calendar/years/2027').set(as('office')).send(body);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual([path]);
    expect((await api().get('/holiday-calendar').set(as('office'))).body.version).toBe(`${CN_HOLIDAY_CALENDAR.version}.1`);
  });

  test('when nobody is signed in, then the calendar is 401', async () => {
    expect((await api().get('/holiday-calendar')).status).toBe(401);
  });

  test('when a supervisor changes the calendar, then 403; a year out of range is 400', async () => {
    expect((await api().put('/holiday-calendar/years/2028').set(as('li')).send(YEAR_2027)).status).toBe(403);
    const res = await api().put('/holiday-calendar/years/1999').set(as('office')).send(YEAR_2027);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['year']);
  });
});

// ------------------------------------------------------------------ classification

describe('POST /campaigns/:id/units/:unitId/classifications (三分類)', () => {
  const classify = (person: Person, unitId: string, body: Record<string, unknown>) => api().post(`${unitPath(unitId)}/classifications`).set(as(person)).send(body);
  const lagging = { round: '2011', grade: 'lagging', basis: '民主測評滿意率不足六成', rectification: { dueDate: day(25) } };
  const itemsFrom = async (unitId: string, source: string) =>
    (await api().get(`${unitPath(unitId)}/rectifications`).set(as('office'))).body.items.filter((i: { source: string }) => i.source === source);

  test('when the supervisor classifies a unit lagging, then 201 records the grade and opens its rectification item at once', async () => {
    const res = await classify('li', B2, lagging);
    expect(res.status).toBe(201);
    expect(res.body.classification).toMatchObject({ round: '2011', grade: 'lagging', gradeLabel: { zh: '後進', en: 'lagging' }, by: 'li' });
    expect(res.body.rectification).toMatchObject({ itemId: 'lagging-2011', unitId: B2, source: 'classification', status: 'open', dueDate: day(25), openedBy: 'li' });
    expect(res.body.rectification.description).toContain('民主測評');
    expect((await unitState(B2)).classifications).toEqual([expect.objectContaining({ round: '2011', grade: 'lagging' })]);
    expect(await ledgerKinds(B2)).toContain('unit.classified');
  });

  test('when the same classification is sent again, then the first record and item come back and nothing is written twice', async () => {
    const again = await classify('li', B2, lagging);
    expect(again.status).toBe(201);
    expect(again.body.rectification.itemId).toBe('lagging-2011');
    expect((await ledgerKinds(B2)).filter((k) => k === 'unit.classified')).toHaveLength(1);
    expect(await itemsFrom(B2, 'classification')).toHaveLength(1);
  });

  test('when another grade is sent for a round already classified, then 409 names the first grade and nothing changes', async () => {
    const res = await classify('office', B2, { round: '2011', grade: 'average', basis: '復核' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('後進');
    expect((await unitState(B2)).classifications.map((c) => c.grade)).toEqual(['lagging']);
  });

  test('when a unit is classified advanced, then no rectification is opened', async () => {
    const res = await classify('office', O1, { round: '2011', grade: 'advanced', basis: '五個好全部達標' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ classification: { grade: 'advanced', gradeLabel: { zh: '先進' } }, rectification: null });
    expect(await itemsFrom(O1, 'classification')).toHaveLength(0);
  });

  test('when the grade, round and basis are wrong, then 400 names each; a rectification with a grade other than lagging is 400', async () => {
    const res = await classify('li', B1, { round: 'Year 2011', grade: 'excellent' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(['round', 'grade', 'basis']));
    const mismatched = await classify('li', B1, { round: '2012', grade: 'average', basis: '一般', rectification: { description: '不應開出' } });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.message).toContain('lagging');
    expect((await unitState(B1)).classifications).toEqual([]);
  });

  test('when a supervisor outside the subtree classifies, then 404; the unit itself, 403; without a token, 401; nothing is recorded', async () => {
    expect((await classify('wang', B1, lagging)).status).toBe(404);
    const self = await classify('u1', B1, lagging);
    expect(self.status).toBe(403);
    expect(self.body.message).toContain('classify');
    expect((await api().post(`${unitPath(B1)}/classifications`).send(lagging)).status).toBe(401);
    expect((await unitState(B1)).classifications).toEqual([]);
    expect(await ledgerKinds(B1)).not.toContain('unit.classified');
  });
});
