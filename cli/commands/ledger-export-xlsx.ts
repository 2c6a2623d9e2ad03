/**
 * `campaign ledger export ID --out FILE.xlsx --format xlsx`: the server's Excel
 * workbook of the whole ledger (GET …/ledger?format=xlsx, streamed by the
 * server), written to FILE and read back to count its rows against the chain
 * head. One download, so not resumable like the paged CSV: an interrupted one
 * leaves no file behind.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { chainVerificationSchema } from '../../api/routes/ledger.schemas';
import type { CommandContext } from '../context';
import { CliError, EXIT, refused } from '../errors';
import { seg } from '../http';
import { bi } from '../output';
import type { LedgerExportOptions } from './ledger-export';

type ChainVerification = z.infer<typeof chainVerificationSchema>;

/** The whole ledger comes in one answer: allow it time. */
const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;

export async function ledgerExportXlsx(ctx: CommandContext, campaignId: string, options: LedgerExportOptions): Promise<number> {
  const { out } = ctx;
  if (fs.existsSync(options.out) && !options.force) throw refused(`${bi('文件已存在', 'the file exists')}: ${options.out} (${bi('用 --force 覆蓋', 'use --force to overwrite')})`);
  const api = ctx.api();
  const base = `/campaigns/${seg(campaignId)}/ledger`;
  // What the chain holds now: the workbook, fetched after, must hold at least that, head included.
  const chain = await api.get<ChainVerification>(`${base}/verify`);
  out.note(`${bi('正在下載 Excel 台帳', 'downloading the ledger as Excel')}…`);
  const reply = await api.request<Buffer>('GET', base, { query: { format: 'xlsx' }, raw: true, timeoutMs: DOWNLOAD_TIMEOUT_MS });
  const partial = `${options.out}.partial`;
  try {
    fs.writeFileSync(partial, reply.body);
    fs.renameSync(partial, options.out);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw refused(`${bi('無法寫入文件', 'cannot write the file')} ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(options.out);
  const sheet = workbook.worksheets[0];
  const rows = sheet ? Math.max(0, sheet.actualRowCount - 1) : 0;
  let headSeen = chain.checked === 0;
  sheet?.eachRow((row) => {
    if (!headSeen && (row.values as unknown[]).includes(chain.head.hash)) headSeen = true;
  });
  if (rows < chain.checked || !headSeen) {
    throw new CliError(
      EXIT.refused,
      `${bi('Excel 文件不完整', 'the workbook is incomplete')}: ${rows} ${bi('行', 'rows')} ${bi('而台帳有', 'where the ledger has')} ${chain.checked}${headSeen ? '' : `, ${bi('缺少鏈頭', 'the chain head is missing')} (seq ${chain.head.seq})`}`,
    );
  }
  out.result({ ok: true, format: 'xlsx', file: options.out, rows, bytes: reply.body.length, head: chain.head });
  out.line(`${bi('已導出', 'exported')} ${rows} ${bi('行', 'rows')} → ${options.out} (${reply.body.length} bytes)`);
  return EXIT.ok;
}
