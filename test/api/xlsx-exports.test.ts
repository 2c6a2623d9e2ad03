/**
 * Excel exports of the ledger (台帳) and the overdue board (逾期看板), read
 * back with exceljs: bilingual headers, a frozen header row, column widths,
 * dates as dates, and every row however many pages the export streams.
 * A real database; Temporal is never called.
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

const CAMPAIGN = 'xlsx';
/** More than one export page (1,000), so the stream must carry on across pages. */
const LEDGER_ROWS = 2_345;

let db: TestDatabase;
let storage: Storage;
let app: CampaignApp;
let office: string;
let unitUser: string;
const mismatches: ReplyMismatch[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'xlsx_exports' });
  storage = createStorage(db.pool);
  await storage.units.importTree(
    parseUnitsJson([
      { id: 'xl-root', parentId: null, name: '機關黨委', type: 'agency', secretary: { name: '張書記' }, supervisors: [] },
      { id: 'xl-b1', parentId: 'xl-root', name: '第一支部', type: 'agency', secretary: { name: '王書記' }, supervisors: [] },
      { id: 'xl-b2', parentId: 'xl-root', name: '第二支部', type: 'agency', secretary: { name: '劉書記' }, supervisors: [] },
    ]),
  );
  await storage.campaigns.create({ id: CAMPAIGN, name: { zh: '導出', en: 'exports' }, plan: parsePlan(planStartingToday('xlsx-plan', '2027-03-01')), createdBy: 'office' });
  for (let i = 0; i < LEDGER_ROWS; i += 1) {
    await storage.ledger.append({ key: `xlsx/${i}`, campaignId: CAMPAIGN, unitId: i % 2 ? 'xl-b1' : 'xl-b2', kind: 'task.reminded', actor: 'system', payload: { i, note: '提醒' }, occurredAt: new Date(Date.UTC(2027, 2, 1, 1, 0, i)).toISOString() });
  }
  const task = (taskId: string, status: string, dueDate: string, overdue: boolean, rung: string | null, light: string) => ({ taskId, status, dueDate, overdue, rung, light });
  await storage.readModel.upsertUnitState({ campaignId: CAMPAIGN, unitId: 'xl-b1', phaseId: 'mobilization', status: 'running', tasks: [task('study-report', 'open', '2027-03-31', true, 'warning', 'yellow'), task('meeting-minutes', 'approved', '2027-03-31', false, null, 'green')], overdueCount: 1, rung: 'warning', light: 'yellow', version: 1 });
  await storage.readModel.upsertUnitState({ campaignId: CAMPAIGN, unitId: 'xl-b2', phaseId: 'mobilization', status: 'running', tasks: [task('study-report', 'approved', '2027-03-31', false, null, 'green')], overdueCount: 0, rung: null, light: 'green', version: 1 });
  await storage.users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  await storage.users.createUser({ id: 'u-b2', name: '第二支部', role: 'unit', unitId: 'xl-b2' });
  office = await storage.users.issueToken('office');
  unitUser = await storage.users.issueToken('u-b2');
  const untouchable = new Proxy({}, { get: () => { throw new Error('exports must not call Temporal'); } }) as Client;
  app = createApp({ temporal: untouchable, storage, taskQueue: 'unused', checkTemporal: async () => true, logger: capturingLogger(), checkReply: (m) => mismatches.push(m) });
}, 120_000);

afterAll(async () => {
  await db?.drop();
  expect(mismatches).toEqual([]);
});

/** Downloads a workbook and opens it with exceljs. */
async function workbook(url: string, token = office): Promise<{ res: request.Response; book: ExcelJS.Workbook }> {
  const res = await request(app)
    .get(url)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const book = new ExcelJS.Workbook();
  if (res.status === 200) await book.xlsx.load(res.body as never); // a Node Buffer; exceljs types name an older Buffer
  return { res, book };
}

const headers = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);

describe('GET /campaigns/:id/ledger?format=xlsx', () => {
  test('when the office exports a ledger longer than one page, then every entry is in the workbook, oldest first, with bilingual headers, a frozen header row and dates as dates', async () => {
    const { res, book } = await workbook(`/campaigns/${CAMPAIGN}/ledger?format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('ledger-xlsx.xlsx');
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('台帳 (ledger)');
    expect(headers(sheet)).toEqual(expect.arrayContaining(['序號 (seq)', '發生時間 (occurred at, Beijing time)', '事件 (kind)', '內容 (payload, JSON)']));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(20);
    expect(sheet.rowCount).toBe(LEDGER_ROWS + 1);
    const seqs = Array.from({ length: LEDGER_ROWS }, (_, i) => sheet.getRow(i + 2).getCell(1).value as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // 2027-03-01T01:00:00Z is 09:00 in Beijing, stored as a date cell.
    const occurred = sheet.getRow(2).getCell(2).value;
    expect(occurred).toBeInstanceOf(Date);
    expect((occurred as Date).toISOString()).toBe('2027-03-01T09:00:00.000Z');
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(JSON.parse(sheet.getRow(2).getCell(8).value as string)).toEqual({ i: 0, note: '提醒' });
  });

  test("when a unit exports, then only its own unit's entries are in the workbook", async () => {
    const { res, book } = await workbook(`/campaigns/${CAMPAIGN}/ledger?format=xlsx`, unitUser);
    expect(res.status).toBe(200);
    const sheet = book.worksheets[0];
    const units = new Set(Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(5).value));
    expect([...units]).toEqual(['xl-b2']);
  });

  test('when the format is unknown, then 400 lists the formats', async () => {
    const res = await request(app).get(`/campaigns/${CAMPAIGN}/ledger?format=pdf`).set('Authorization', `Bearer ${office}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('json, csv or xlsx');
  });
});

describe('GET /campaigns/:id/overdue?format=xlsx', () => {
  test('when the office exports the board, then each task needing attention is a row with its unit, labels in both languages and the deadline as a date, and the counts are a second sheet', async () => {
    const { res, book } = await workbook(`/campaigns/${CAMPAIGN}/overdue?format=xlsx`);
    expect(res.status).toBe(200);
    const [board, counts] = book.worksheets;
    expect(board.name).toBe('逾期看板 (overdue board)');
    expect(board.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(board.rowCount).toBe(2);
    const row = board.getRow(2);
    const byHeader = Object.fromEntries(headers(board).map((h, i) => [h as string, row.getCell(i + 1).value]));
    expect(byHeader).toMatchObject({ '單位 (unit)': 'xl-b1', '單位名稱 (unit name)': '第一支部', '任務 (task)': 'study-report', '逾期 (overdue)': '是 (yes)', '任務督辦級別 (task rung)': '黃牌預警 (yellow-card warning)' });
    expect((byHeader['截止日期 (deadline)'] as Date).toISOString()).toBe('2027-03-31T00:00:00.000Z');
    expect(counts.name).toBe('統計 (counts)');
    const total = Array.from({ length: counts.rowCount - 1 }, (_, i) => counts.getRow(i + 2).getCell(3).value as number).reduce((a, b) => a + b, 0);
    expect(total).toBe(2);
  });
});
