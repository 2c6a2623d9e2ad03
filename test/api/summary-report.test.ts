/**
 * The campaign summary report (系統總結) over a small ledger and read model
 * written directly: figures checked against the rows, scope and phase
 * filters, and the HTML page opened and checked for its figures and for
 * having no external assets. Temporal is never called.
 */
import type { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createStorage, type Storage } from '../../adapters/storage';
import { createApp, type CampaignApp } from '../../api/app';
import type { ReplyMismatch } from '../../api/reply-check';
import { parsePlan } from '../../domain/plan';
import { parseUnitsJson } from '../../domain/units';
import { capturingLogger, planStartingToday } from './support';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { pdfText } from '../support/pdf-text';

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
  app = createApp({ temporal: untouchable(), storage, taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger(), checkReply: (m) => mismatches.push(m) });
}, 120_000);

/** A Temporal client that fails the test if the report calls it. */
const untouchable = () => new Proxy({}, { get: () => { throw new Error('the report must not call Temporal'); } }) as Client;

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

  test('when the Excel workbook is asked for, then each section is a sheet with bilingual frozen headers and the figures of the JSON report', async () => {
    const json = (await report({})).body;
    const before = Date.now();
    const res = await report({ format: 'xlsx' }).buffer(true).parse(collectBody);
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never); // a Node Buffer; exceljs types name an older Buffer
    expect(book.worksheets.map((s) => s.name)).toEqual(['報告 (report)', '主要數據 (key figures)', '任務完成情況 (tasks)', '督辦升級 (escalations)']);
    for (const sheet of book.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (const header of (sheet.getRow(1).values as unknown[]).slice(1)) expect(String(header)).toMatch(/\(.+\)|English/);
      expect(sheet.getColumn(1).width).toBeGreaterThan(10);
    }
    const about = book.getWorksheet('報告 (report)')!;
    const generated = about.getRow(2).getCell(4).value;
    expect(generated).toBeInstanceOf(Date);
    // Beijing wall-clock time, as the other exports write it: the instant of this request shifted by eight hours.
    const generatedAt = (generated as Date).getTime() - 8 * 3600_000;
    expect(generatedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(generatedAt).toBeLessThanOrEqual(after + 1000);

    const figures = new Map<string, unknown>();
    book.getWorksheet('主要數據 (key figures)')!.eachRow((row, n) => n > 1 && figures.set(String(row.getCell(2).value), row.getCell(3).value));
    expect(figures.get('units')).toBe(json.units);
    expect(figures.get('completion rate, approved (%)')).toBe(json.totals.completionRate);
    expect(figures.get('on-time rate (%)')).toBe(json.totals.onTimeRate);
    expect(figures.get('rectifications opened')).toBe(json.rectifications.opened);
    expect(figures.get('point reviews given')).toBe(json.reviewsGiven);
    expect(figures.get('late starts')).toBe(json.lateStarts);

    const tasks = book.getWorksheet('任務完成情況 (tasks)')!;
    const taskRows: unknown[][] = [];
    tasks.eachRow((row, n) => n > 1 && taskRows.push((row.values as unknown[]).slice(1)));
    const expected = [...json.tasks, { ...json.totals, title: { zh: '合計', en: 'total' }, phaseId: '' }].map(
      (t: { title: { zh: string; en: string } } & Record<string, unknown>) => [t.title.zh, t.title.en, t.taskId, t.phaseId, t.assigned, t.submitted, t.approved, t.onTime, t.completionRate, t.onTimeRate],
    );
    // exceljs leaves empty cells out of row.values: null rates read back as undefined.
    expect(taskRows.map((r) => Array.from({ length: 10 }, (_, i) => r[i] ?? null))).toEqual(expected.map((r: unknown[]) => r.map((v) => (v === '' ? null : v))));

    const rungs = new Map<string, unknown>();
    book.getWorksheet('督辦升級 (escalations)')!.eachRow((row, n) => n > 1 && rungs.set(String(row.getCell(1).value), row.getCell(3).value));
    expect(rungs.get('黃牌預警')).toBe(json.escalationsByRung.warning);
    expect([...rungs.values()]).toEqual(Object.values(json.escalationsByRung));
  });

  test('when the PDF is asked for, then it is an A4 document whose text carries the Chinese headings and the figures of the JSON report', async () => {
    const json = (await report({})).body;
    const res = await report({ format: 'pdf' }).buffer(true).parse(collectBody);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // A4 in points, as pdfkit writes each page's MediaBox.
    expect((res.body as Buffer).toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const { pages, text } = await pdfText(res.body as Buffer);
    expect(pages).toBeGreaterThanOrEqual(1);
    for (const heading of ['系統總結', '主要數據', '任務完成情況', '督辦升級', '全部單位']) expect(text).toContain(heading);
    expect(text).toContain(json.campaign.name.zh);
    expect(text).toContain(`${json.totals.completionRate.toFixed(1)} %`);
    expect(text).toContain(`${json.totals.onTimeRate.toFixed(1)} %`);
    // Each task's title and the rung labels, in Chinese, with their counts.
    for (const task of json.tasks) expect(text).toContain(task.title.zh);
    expect(text).toMatch(new RegExp(`黃牌預警[^\\n]*\\s+${json.escalationsByRung.warning}\\b`));
    expect(text).toMatch(new RegExp(`新開整改[^\\n]*\\s+${json.rectifications.opened}\\b`));
  });

  test('when the server has no CJK font, then the PDF is 503 naming the package and the variable, never a 500', async () => {
    const fontless = createApp({ temporal: untouchable(), storage, taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger(), checkReply: (m) => mismatches.push(m), reportFont: { path: '/nonexistent/NotoSansCJK-Regular.ttc' } });
    const res = await request(fontless).get(`/campaigns/${CAMPAIGN}/summary-report`).query({ format: 'pdf' }).set('Authorization', `Bearer ${tokens.office}`);
    expect(res.status).toBe(503);
    expect(res.body.message).toContain('fonts-noto-cjk');
    expect(res.body.message).toContain('REPORT_CJK_FONT');
    const wrongFace = createApp({ temporal: untouchable(), storage, taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger(), checkReply: (m) => mismatches.push(m), reportFont: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NoSuchFace' } });
    const face = await request(wrongFace).get(`/campaigns/${CAMPAIGN}/summary-report`).query({ format: 'pdf' }).set('Authorization', `Bearer ${tokens.office}`);
    expect(face.status).toBe(503);
    expect(face.body.message).toContain('REPORT_CJK_FONT_FACE');
  });

  test('the printable HTML has A4 print styles with page breaks', async () => {
    const res = await report({ format: 'html' });
    expect(res.text).toMatch(/@page\s*\{[^}]*size:\s*A4/);
    expect(res.text).toMatch(/@media print[^]*break-after:\s*avoid/);
    expect(res.text).toMatch(/break-inside:\s*avoid/);
  });
});

/** Collects a binary reply into a Buffer (supertest parses only text by default). */
function collectBody(response: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}
