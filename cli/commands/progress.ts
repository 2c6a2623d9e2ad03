/** `campaign progress ID`: the starts and units per phase; follows starts still running (Ctrl-C stops watching). */
import type { CommandContext } from '../context';
import { EXIT } from '../errors';
import { followStarts, printProgress, progressPath, type Progress } from '../follow';
import { parseInterval } from './start';

export interface ProgressOptions {
  follow: boolean;
  interval: string;
}

export async function progress(ctx: CommandContext, campaignId: string, options: ProgressOptions): Promise<number> {
  const intervalMs = parseInterval(options.interval);
  if (options.follow) return followStarts(ctx, campaignId, { intervalMs });
  const snapshot = await ctx.api().get<Progress>(progressPath(campaignId));
  ctx.out.result({ ok: true, progress: snapshot });
  printProgress(ctx, snapshot);
  return EXIT.ok;
}
