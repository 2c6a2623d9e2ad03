/**
 * `campaign units import FILE`: uploads a unit file (CSV or JSON) to
 * POST /units/import with a bar, then waits for the server's validation. All or
 * nothing, as the API guarantees: problems come back as a table (row, field,
 * message) and, with --errors-to, as a file; nothing is imported then.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { importReplySchema } from '../../api/routes/units.schemas';
import type { CommandContext } from '../context';
import { EXIT, refused } from '../errors';
import { bi } from '../output';
import { ROW_PROBLEM_HEADERS, rowProblem, writeProblemsFile, type Problem } from '../problems';
import { createBar } from '../progress';
import { readTextFile } from '../text-file';

type ImportReply = z.infer<typeof importReplySchema>;

export interface UnitsImportOptions {
  errorsTo?: string;
  format?: 'csv' | 'json';
}

function formatOf(file: string, text: string, given: UnitsImportOptions['format']): 'csv' | 'json' {
  if (given) return given;
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.csv' || extension === '.txt') return 'csv';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

export async function unitsImport(ctx: CommandContext, file: string, options: UnitsImportOptions): Promise<number> {
  const { out } = ctx;
  if (options.format && options.format !== 'csv' && options.format !== 'json') throw refused(`--format ${bi('只能是', 'must be')} csv or json`);
  const api = ctx.api();
  const read = readTextFile(file);
  if (read.conversionNote) out.note(read.conversionNote);
  const format = formatOf(file, read.text, options.format);
  if (format === 'json') {
    try {
      JSON.parse(read.text);
    } catch (error) {
      throw refused(`${bi('不是有效的 JSON', 'not valid JSON')}: ${file}: ${(error as Error).message}`);
    }
  }
  const body = Buffer.from(read.text, 'utf8');

  const bar = createBar({
    format: '{stage} |{bar}| {percentage}% | {size} | {duration_formatted}',
    total: body.length,
    payload: { stage: bi('上傳', 'uploading'), size: kib(body.length) },
    json: out.json,
  });
  // The server validates and imports in one request; the bar says which part it is in and for how long.
  let ticker: NodeJS.Timeout | undefined;
  let reply;
  try {
    reply = await api.request<ImportReply | { problems?: Problem[]; message?: string }>('POST', '/units/import', {
      body,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      accept: [400],
      timeoutMs: 30 * 60_000,
      onUpload: (sent) => bar.update(sent),
      onUploaded: () => {
        bar.update(body.length, { stage: bi('校驗並導入', 'validating and importing') });
        ticker = setInterval(() => bar.update(body.length), 500);
      },
    });
  } finally {
    clearInterval(ticker);
    bar.stop();
  }

  if (reply.status === 400) {
    const problems = ((reply.body as { problems?: Problem[] }).problems ?? []).map((p) => rowProblem(p, format));
    if (options.errorsTo) writeProblemsFile(options.errorsTo, problems);
    out.result({ ok: false, imported: false, problems });
    out.line(`${bi('未導入任何單位', 'nothing was imported')}: ${problems.length} ${bi('個問題', 'problem(s)')} (${file})`);
    out.table(ROW_PROBLEM_HEADERS, problems.map((p) => [p.row, p.field, p.message]));
    if (options.errorsTo) out.line(`${bi('問題已寫入', 'problems written to')} ${options.errorsTo}`);
    out.note(`campaign: ${bi('導入被拒絕', 'import refused')}: ${problems.length} ${bi('個問題', 'problem(s)')}; ${bi('改正後重新導入', 'correct them and import again')}`);
    return EXIT.refused;
  }
  const imported = reply.body as ImportReply;
  out.result({ ok: true, imported: true, file, encoding: read.encoding, format, ...imported });
  out.line(`${bi('已導入', 'imported')}: ${imported.units} ${bi('個單位', 'units')}, ${imported.supervisors} ${bi('個上級聯繫', 'supervisor links')} (${file})`);
  return EXIT.ok;
}

const kib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
