/**
 * `campaign start ID --subtree UNIT` (or `--units FILE`): POST
 * /campaigns/:id/starts, then follows the start with a bar until it is done
 * (see follow.ts). The request carries an id of its own, so running the same
 * command again with --request-id is the same start, never a second one.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import type { startUnitsBody, startUnitsReplySchema } from '../../api/routes/campaigns.schemas';
import type { CommandContext } from '../context';
import { CliError, EXIT, refused } from '../errors';
import { followStarts } from '../follow';
import { seg } from '../http';
import { bi } from '../output';
import { readTextFile } from '../text-file';

type StartReply = z.infer<typeof startUnitsReplySchema>;
type StartBody = z.input<typeof startUnitsBody>;

export interface StartOptions {
  subtree?: string;
  units?: string;
  requestId?: string;
  follow: boolean;
  interval: string;
}

/** Unit ids from a file: a JSON list (of ids or of rows with an id), a CSV with an id column, or one id per line. */
export function readUnitIds(text: string, file: string): string[] {
  let ids: unknown[];
  if (/^\s*[[{]/.test(text)) {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw refused(`${bi('不是有效的 JSON', 'not valid JSON')}: ${file}: ${(error as Error).message}`);
    }
    const list = Array.isArray(document) ? document : ((document as { unitIds?: unknown; units?: unknown }).unitIds ?? (document as { units?: unknown }).units);
    if (!Array.isArray(list)) throw refused(`${bi('須為單位編號列表', 'must be a list of unit ids')}: ${file}`);
    ids = list.map((item) => (typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : item));
  } else {
    let rows: string[][];
    try {
      rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
    } catch (error) {
      throw refused(`${bi('不是有效的 CSV', 'not valid CSV')}: ${file}: ${(error as Error).message}`);
    }
    const column = rows.length ? rows[0].findIndex((cell) => cell.toLowerCase() === 'id') : -1;
    ids = (column >= 0 ? rows.slice(1) : rows).map((row) => row[Math.max(column, 0)]);
  }
  const clean = ids.filter((id): id is string => typeof id === 'string' && id.trim() !== '').map((id) => id.trim());
  if (clean.length === 0) throw refused(`${bi('文件中沒有單位編號', 'the file names no unit ids')}: ${file}`);
  return [...new Set(clean)];
}

export function parseInterval(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 50) throw refused(`--interval ${bi('須為至少 50 毫秒', 'must be at least 50 (milliseconds)')}`);
  return ms;
}

const START_ATTEMPTS = 4;

/** The start request; sent again, with the same requestId (so the same start), when the server was busy or out of reach. */
async function postStart(ctx: CommandContext, campaignId: string, body: StartBody) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.api().request<StartReply>('POST', `/campaigns/${seg(campaignId)}/starts`, { json: body });
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== EXIT.unreachable || attempt >= START_ATTEMPTS) throw error;
      ctx.out.note(`${error.message}; ${bi('以同一請求編號重試', 'trying again with the same requestId')} ${body.requestId}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
    }
  }
}

export async function start(ctx: CommandContext, campaignId: string, options: StartOptions): Promise<number> {
  const { out } = ctx;
  if ((options.subtree === undefined) === (options.units === undefined)) throw refused(bi('請給出 --subtree 或 --units 之一', 'give exactly one of --subtree UNIT or --units FILE'));
  const intervalMs = parseInterval(options.interval);
  let target: Pick<StartBody, 'subtreeRootId' | 'unitIds'>;
  if (options.units !== undefined) {
    const read = readTextFile(options.units);
    if (read.conversionNote) out.note(read.conversionNote);
    target = { unitIds: readUnitIds(read.text, options.units) };
  } else {
    target = { subtreeRootId: options.subtree! };
  }
  const requestId = options.requestId ?? randomUUID();
  const body: StartBody = { ...target, requestId };
  const reply = await postStart(ctx, campaignId, body);
  const { request } = reply.body;
  const what = target.subtreeRootId !== undefined ? `${bi('子樹', 'subtree')} ${target.subtreeRootId}` : `${target.unitIds!.length} ${bi('個單位', 'units')}`;
  out.note(`${bi('已提交啟動', 'start accepted')}: ${campaignId}, ${what} (requestId ${request.requestId})`);
  if (!options.follow) {
    out.result({ ok: true, request });
    out.line(`${bi('查看進度', 'follow it with')}: campaign progress ${campaignId}`);
    return EXIT.ok;
  }
  return followStarts(ctx, campaignId, { requestIds: [request.requestId], intervalMs });
}
