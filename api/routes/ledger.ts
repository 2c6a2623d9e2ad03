/** The ledger (台帳): paged reads, CSV export and chain verification. */
import { stringify } from 'csv-stringify/sync';
import type { LedgerEntry } from '../../adapters/storage/ledger';
import { ROLES } from '../../domain/labels';
import { forbidden, roleLabel, type AuthUser } from '../auth';
import { requireCampaign, type ApiContext } from '../context';
import { campaignParams } from './common.schemas';
import { chainVerificationSchema, ledgerPageSchema, ledgerQuery } from './ledger.schemas';
import { beijingDateTime, DATE_TIME_FORMAT, defineSheet, sendXlsx, type XlsxColumn } from '../exports/xlsx';

const CSV_COLUMNS = ['seq', 'occurredAt', 'recordedAt', 'campaignId', 'unitId', 'kind', 'actor', 'payload', 'key', 'prevHash', 'hash'] as const;

function toCsv(entries: LedgerEntry[]): string {
  return stringify(
    entries.map((e) => [e.seq, e.occurredAt, e.recordedAt, e.campaignId, e.unitId ?? '', e.kind, e.actor, JSON.stringify(e.payload), e.key, e.prevHash, e.hash]),
    // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
    { header: true, columns: [...CSV_COLUMNS], bom: true },
  );
}

const XLSX_COLUMNS: Array<XlsxColumn<LedgerEntry>> = [
  { header: '序號 (seq)', width: 8, value: (e) => e.seq },
  { header: '發生時間 (occurred at, Beijing time)', width: 20, value: (e) => beijingDateTime(e.occurredAt), numFmt: DATE_TIME_FORMAT },
  { header: '記錄時間 (recorded at, Beijing time)', width: 20, value: (e) => beijingDateTime(e.recordedAt), numFmt: DATE_TIME_FORMAT },
  { header: '活動 (campaign)', width: 14, value: (e) => e.campaignId },
  { header: '單位 (unit)', width: 18, value: (e) => e.unitId },
  { header: '事件 (kind)', width: 22, value: (e) => e.kind },
  { header: '操作人 (actor)', width: 12, value: (e) => e.actor },
  { header: '內容 (payload, JSON)', width: 60, value: (e) => JSON.stringify(e.payload) },
  { header: '鍵 (key)', width: 40, value: (e) => e.key },
  { header: '前一雜湊 (previous hash)', width: 20, value: (e) => e.prevHash },
  { header: '雜湊 (hash)', width: 20, value: (e) => e.hash },
];

/** Rows read page by page, so that an export of any size streams. */
async function* pages<T>(read: (after: T | undefined) => Promise<T[]>, pageSize: number): AsyncGenerator<T> {
  let last: T | undefined;
  for (;;) {
    const page = await read(last);
    yield* page;
    if (page.length < pageSize) return;
    last = page[page.length - 1];
  }
}

export function registerLedgerRoutes(ctx: ApiContext): void {
  const { routes } = ctx;

  /** Which unit the caller may read: admin any (or all), supervisor one they supervise, a unit its own. */
  async function scopeUnit(user: AuthUser, unitId: string | undefined): Promise<string | undefined> {
    if (user.role === 'admin') return unitId;
    if (user.role === 'unit') {
      // Another unit is answered as an unknown one: 404.
      if (unitId !== undefined) await ctx.access.requireUnitVisible(user, unitId);
      return user.unitId ?? undefined;
    }
    if (unitId === undefined) {
      throw forbidden(
        `as ${roleLabel('supervisor')} you read the ledger of one unit you supervise at a time: add ?unitId=<unit>; the whole campaign's ledger is for the campaign office (${ROLES.admin.zh})`,
      );
    }
    await ctx.access.requireUnitVisible(user, unitId);
    return unitId;
  }

  routes.add({
    method: 'get',
    path: '/campaigns/:id/ledger',
    tag: 'ledger',
    summary: 'Ledger entries (台帳), oldest first, filtered and paged; JSON, CSV or Excel',
    description:
      'The campaign office reads everything; a supervisor must give a unitId they supervise; a unit reads its own unit only. A unitId outside the caller\'s units is 404, as for an unknown unit. `format=csv` downloads a CSV file (payload as a JSON column); its next page cursor is in the X-Next-After-Seq header. `format=xlsx` streams every matching entry after afterSeq (no limit) as an Excel workbook with bilingual headers, a frozen header row and dates as dates (Beijing time).',
    access: 'authenticated',
    params: campaignParams,
    query: ledgerQuery,
    responses: {
      200: { description: 'a page of entries', schema: ledgerPageSchema },
    },
    handler: async ({ params, query, user, res }) => {
      await requireCampaign(ctx, params.id);
      const unitId = await scopeUnit(user, query.unitId);
      const filter = {
        campaignId: params.id,
        ...(unitId !== undefined ? { unitId } : {}),
        ...(query.kind?.length ? { kinds: query.kind } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
      };
      if (query.format === 'xlsx') {
        // Every matching entry after afterSeq, streamed a page at a time (limit does not apply).
        const PAGE = 1000;
        const rows = pages<LedgerEntry>((last) => ctx.storage.ledger.list({ ...filter, afterSeq: last?.seq ?? query.afterSeq, limit: PAGE }), PAGE);
        await sendXlsx(res, `ledger-${params.id}${unitId ? `-${unitId}` : ''}.xlsx`, [defineSheet({ name: '台帳 (ledger)', columns: XLSX_COLUMNS, rows })]);
        return;
      }
      const rows = await ctx.storage.ledger.list({
        ...filter,
        ...(query.afterSeq !== undefined ? { afterSeq: query.afterSeq } : {}),
        limit: query.limit + 1,
      });
      const entries = rows.slice(0, query.limit);
      const nextAfterSeq = rows.length > query.limit ? entries[entries.length - 1].seq : null;
      if (query.format === 'csv') {
        const name = `ledger-${params.id}${unitId ? `-${unitId}` : ''}.csv`;
        res.status(200);
        res.set('Content-Type', 'text/csv; charset=utf-8');
        res.attachment(name);
        if (nextAfterSeq !== null) res.set('X-Next-After-Seq', String(nextAfterSeq));
        res.send(toCsv(entries));
        return;
      }
      return { status: 200, body: { entries, nextAfterSeq } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/ledger/verify',
    tag: 'ledger',
    summary: "Checks the campaign's hash chain: every row links to the one before and matches its hash",
    access: ['admin'],
    params: campaignParams,
    responses: { 200: { description: 'the verification; `ok: false` names the first broken row', schema: chainVerificationSchema } },
    handler: async ({ params }) => {
      await requireCampaign(ctx, params.id);
      return { status: 200, body: await ctx.storage.ledger.verifyChain(params.id) };
    },
  });
}
