/**
 * `campaign ledger export ID --out FILE`: pages through the whole ledger
 * (GET /campaigns/:id/ledger, oldest first) into a CSV file with a bar,
 * checking on the way that every row links to the one before (prevHash) and
 * that the chain head the server reported at the start is in the file.
 *
 * Resumable: after each page the file is flushed and a sidecar state file
 * (`FILE.export-state.json`) records the last sequence number, the bytes
 * written and the last hash. An interrupted export (Ctrl-C, a lost connection,
 * a killed process) started again with the same command truncates the file to
 * the last recorded page and goes on from there; the sidecar is removed once
 * the export is complete.
 */
import fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { chainVerificationSchema, ledgerEntrySchema, ledgerPageSchema } from '../../api/routes/ledger.schemas';
import type { CommandContext } from '../context';
import { EXIT, refused } from '../errors';
import { seg } from '../http';
import { bi } from '../output';
import { createBar, ratePerSecond } from '../progress';

type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
type LedgerPage = z.infer<typeof ledgerPageSchema>;
type ChainVerification = z.infer<typeof chainVerificationSchema>;

/** The columns of the server's own CSV (GET …/ledger?format=csv), in its order. */
export const LEDGER_CSV_COLUMNS = ['seq', 'occurredAt', 'recordedAt', 'campaignId', 'unitId', 'kind', 'actor', 'payload', 'key', 'prevHash', 'hash'] as const satisfies ReadonlyArray<keyof LedgerEntry>;

const GENESIS_HASH = '0'.repeat(64);
const STATE_VERSION = 1;

export interface ExportState {
  version: number;
  campaignId: string;
  /** The last sequence number in the file. */
  afterSeq: number;
  rows: number;
  /** Bytes of the file up to the end of the last recorded page. */
  bytes: number;
  /** The hash of the last row in the file (the next row's prevHash). */
  lastHash: string;
  startedAt: string;
  updatedAt: string;
}

export interface LedgerExportOptions {
  out: string;
  pageSize: string;
  format: string;
  force?: boolean;
}

export const stateFileOf = (out: string) => `${out}.export-state.json`;

function readState(file: string): ExportState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(text) as ExportState;
    if (state.version !== STATE_VERSION || typeof state.afterSeq !== 'number' || typeof state.bytes !== 'number') throw new Error('shape');
    return state;
  } catch {
    throw refused(`${bi('續傳狀態文件已損壞', 'the resume state file is damaged')}: ${file}; ${bi('刪除它和導出文件後重新導出', 'remove it and the export file, then export again')} (or --force)`);
  }
}

function writeState(file: string, state: ExportState): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, file);
}

const csvOf = (entries: LedgerEntry[], header: boolean) =>
  stringify(
    entries.map((e) => [e.seq, e.occurredAt, e.recordedAt, e.campaignId, e.unitId ?? '', e.kind, e.actor, JSON.stringify(e.payload), e.key, e.prevHash, e.hash]),
    // The BOM lets spreadsheet programs read the Chinese text as UTF-8, as in the server's own CSV.
    { header, columns: [...LEDGER_CSV_COLUMNS], bom: header },
  );

function parsePageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw refused(`--page-size ${bi('須為 1 到 1000', 'must be 1 to 1000')}`);
  return size;
}

/** Opens the file for a fresh export or a resumed one; returns the state to go on from. */
function prepare(campaignId: string, out: string, force: boolean, note: (text: string) => void): ExportState {
  const stateFile = stateFileOf(out);
  const previous = force ? undefined : readState(stateFile);
  if (previous) {
    if (previous.campaignId !== campaignId) {
      throw refused(`${out} ${bi('是另一活動的未完成導出', 'is an unfinished export of another campaign')} (${previous.campaignId}); ${bi('換一個文件名，或', 'choose another file, or')} --force`);
    }
    let size: number;
    try {
      size = fs.statSync(out).size;
    } catch {
      throw refused(`${bi('找不到未完成的導出文件', 'the unfinished export file is gone')}: ${out}; ${bi('用 --force 重新導出', 'export again with --force')}`);
    }
    if (size < previous.bytes) throw refused(`${out} ${bi('比記錄的短，已被修改', 'is shorter than recorded: it was changed')}; ${bi('用 --force 重新導出', 'export again with --force')}`);
    // A page written after the last state record (a kill in between) is written again.
    fs.truncateSync(out, previous.bytes);
    note(`${bi('繼續未完成的導出', 'resuming the unfinished export')}: ${previous.rows} ${bi('行已導出，從序號', 'rows done, going on after seq')} ${previous.afterSeq}`);
    return previous;
  }
  if (!force && fs.existsSync(out)) throw refused(`${bi('文件已存在', 'the file exists')}: ${out}; ${bi('用 --force 覆蓋', 'pass --force to overwrite it')}`);
  const header = csvOf([], true);
  try {
    fs.writeFileSync(out, header);
  } catch (error) {
    throw refused(`${bi('無法寫入文件', 'cannot write the file')} ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const now = new Date().toISOString();
  const state: ExportState = { version: STATE_VERSION, campaignId, afterSeq: 0, rows: 0, bytes: Buffer.byteLength(header), lastHash: GENESIS_HASH, startedAt: now, updatedAt: now };
  writeState(stateFile, state);
  return state;
}

export async function ledgerExport(ctx: CommandContext, campaignId: string, options: LedgerExportOptions): Promise<number> {
  const { out } = ctx;
  // Loaded only for Excel: exceljs is a large module graph the CSV path does not need (as cli/main.ts loads commands).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (options.format === 'xlsx') return (require('./ledger-export-xlsx') as typeof import('./ledger-export-xlsx')).ledgerExportXlsx(ctx, campaignId, options);
  if (options.format !== 'csv') throw refused(`--format ${options.format}: ${bi('可選 csv 或 xlsx', 'choose csv or xlsx')}`);
  const pageSize = parsePageSize(options.pageSize);
  const api = ctx.api();
  const base = `/campaigns/${seg(campaignId)}/ledger`;
  // The head the server holds now: the bar's total and, at the end, an anchor the file must contain.
  const head = (await api.get<ChainVerification>(`${base}/verify`)).head;

  const state = prepare(campaignId, options.out, Boolean(options.force), out.note);
  const stateFile = stateFileOf(options.out);
  let interrupted = false;
  const onInterrupt = () => (interrupted = true);
  process.once('SIGINT', onInterrupt);

  const startedAt = Date.now();
  const firstRows = state.rows;
  const bar = createBar({
    format: `${bi('導出台帳', 'exporting ledger')} |{bar}| {percentage}% | {value}/{total} ${bi('行', 'rows')} | {rate}/s | ${bi('剩餘', 'ETA')} {eta_formatted}`,
    total: Math.max(head.seq, state.rows),
    payload: { rate: '0.0' },
    json: out.json,
  });
  bar.update(state.rows);

  let brokenLink: { seq: number; reason: string } | undefined;
  let headSeen = head.seq <= state.afterSeq; // already exported before an interruption
  let headMatches = headSeen;
  const fd = fs.openSync(options.out, 'a');
  try {
    for (;;) {
      if (interrupted) break;
      const page = await api.get<LedgerPage>(base, { query: { afterSeq: state.afterSeq, limit: pageSize } });
      if (page.entries.length === 0) break;
      for (const entry of page.entries) {
        if (!brokenLink && entry.seq !== state.afterSeq + 1) brokenLink = { seq: state.afterSeq + 1, reason: bi('缺少此行', 'this row is missing') };
        if (!brokenLink && entry.prevHash !== state.lastHash) brokenLink = { seq: entry.seq, reason: bi('未鏈接到前一行', 'does not link to the row before') };
        if (entry.seq === head.seq) {
          headSeen = true;
          headMatches = entry.hash === head.hash;
        }
        state.afterSeq = entry.seq;
        state.lastHash = entry.hash;
      }
      const chunk = csvOf(page.entries, false);
      fs.writeSync(fd, chunk);
      fs.fsyncSync(fd);
      state.rows += page.entries.length;
      state.bytes += Buffer.byteLength(chunk);
      state.updatedAt = new Date().toISOString();
      writeState(stateFile, state);
      if (state.rows > head.seq) bar.setTotal(state.rows);
      bar.update(state.rows, { rate: ratePerSecond(state.rows - firstRows, startedAt) });
      if (page.nextAfterSeq === null) break;
    }
  } finally {
    fs.closeSync(fd);
    bar.stop();
    process.removeListener('SIGINT', onInterrupt);
  }

  if (interrupted) {
    out.result({ ok: false, interrupted: true, file: options.out, rows: state.rows, afterSeq: state.afterSeq });
    out.note(
      `${bi('導出已中斷', 'export interrupted')} ${bi('於序號', 'after seq')} ${state.afterSeq} (${state.rows} ${bi('行', 'rows')}); ` +
        `${bi('繼續導出', 'to resume')}: campaign ledger export ${campaignId} --out ${options.out}`,
    );
    return EXIT.interrupted;
  }
  fs.rmSync(stateFile, { force: true });

  const chainOk = !brokenLink && headSeen && headMatches;
  out.result({ ok: chainOk, file: options.out, rows: state.rows, lastSeq: state.afterSeq, lastHash: state.lastHash, head, chain: { linksOk: !brokenLink, headInFile: headSeen && headMatches, brokenAt: brokenLink ?? null } });
  out.line(`${bi('已導出', 'exported')} ${state.rows} ${bi('行台帳', 'ledger rows')} → ${options.out}`);
  out.line(`${bi('鏈頭', 'chain head')}: seq ${head.seq} ${head.hash}`);
  if (brokenLink) {
    out.note(`campaign: ${bi('哈希鏈斷裂', 'the hash chain is broken')} ${bi('於序號', 'at seq')} ${brokenLink.seq}: ${brokenLink.reason}; ${bi('文件已寫出，請運行', 'the file is written; run')} campaign ledger verify ${campaignId}`);
    return EXIT.refused;
  }
  if (!headMatches) {
    out.note(`campaign: ${bi('導出中不含服務端報告的鏈頭', 'the export does not hold the chain head the server reported')} (seq ${head.seq}); ${bi('請運行', 'run')} campaign ledger verify ${campaignId}`);
    return EXIT.refused;
  }
  out.line(bi('每一行都鏈接到前一行，鏈頭一致', 'every row links to the one before, and the chain head matches'));
  return EXIT.ok;
}
