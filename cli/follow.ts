/**
 * Watching a campaign's starts: polls GET /campaigns/:id/progress and draws
 * started / already running / skipped with a rate and the time left, until
 * the watched start requests are done. Ctrl-C stops the watching only: the
 * campaign workflow goes on starting units, and the message says how to watch again.
 */
import type { z } from 'zod';
import type { progressSchema } from '../api/routes/campaigns.schemas';
import type { CommandContext } from './context';
import { CliError, EXIT } from './errors';
import { seg } from './http';
import { bi, label } from './output';
import { createBar, ratePerSecond } from './progress';

export type Progress = z.infer<typeof progressSchema>;

const MAX_POLL_FAILURES = 8;
type StartRequest = Progress['requests'][number];

const STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  waiting: { zh: '等待開始', en: 'waiting' },
  running: { zh: '進行中', en: 'running' },
  completed: { zh: '已完成', en: 'completed' },
};

export const statusLabel = (status: string) => label(STATUS_LABELS[status], status);

export interface FollowOptions {
  /** The requests to watch; by default every one not yet done. */
  requestIds?: string[];
  intervalMs: number;
}

interface Sums {
  total: number | null;
  started: number;
  alreadyRunning: number;
  skipped: number;
  done: boolean;
}

function sums(requests: StartRequest[]): Sums {
  let total: number | null = 0;
  const s = { started: 0, alreadyRunning: 0, skipped: 0 };
  for (const r of requests) {
    total = total === null || r.total === null ? null : total + r.total;
    s.started += r.started;
    s.alreadyRunning += r.alreadyRunning;
    s.skipped += r.skipped;
  }
  return { total, ...s, done: requests.every((r) => r.done) };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export const progressPath = (campaignId: string) => `/campaigns/${seg(campaignId)}/progress`;

/** Prints a progress snapshot: the start totals and the units per phase. */
export function printProgress(ctx: CommandContext, progress: Progress, watched?: StartRequest[]): void {
  const { out } = ctx;
  const t = watched ? sums(watched) : { ...progress.totals, total: progress.totals.requested };
  out.line(
    `${bi('啟動', 'starts')}: ${bi('已啟動', 'started')} ${t.started} · ${bi('已在運行', 'already running')} ${t.alreadyRunning} · ${bi('跳過', 'skipped')} ${t.skipped}` +
      (t.total !== null ? ` / ${bi('共', 'of')} ${t.total}` : '') +
      ` — ${t.done ? bi('已完成', 'done') : bi('進行中', 'in progress')}`,
  );
  out.line(`${bi('已啟動單位', 'units started')}: ${progress.startedUnits}`);
  if (progress.phaseCounts.length) {
    out.table(
      [bi('階段', 'phase'), bi('狀態', 'status'), bi('單位', 'units'), bi('逾期單位', 'overdue units')],
      progress.phaseCounts.map((c) => [c.phaseId ?? '—', statusLabel(c.status), c.units, c.overdueUnits]),
    );
  }
}

/**
 * Follows the start requests until they are done, or until Ctrl-C. Returns
 * the exit code: 0 when done, 130 when the watching was interrupted.
 */
export async function followStarts(ctx: CommandContext, campaignId: string, options: FollowOptions): Promise<number> {
  const { out } = ctx;
  const api = ctx.api();
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);

  // A busy server may fail a poll (a query timing out while the campaign starts thousands of units):
  // the watching goes on through a few such failures in a row before it gives up.
  let failures = 0;
  const pollProgress = async (): Promise<Progress> => {
    for (;;) {
      try {
        const next = await api.get<Progress>(progressPath(campaignId));
        failures = 0;
        return next;
      } catch (error) {
        if (!(error instanceof CliError) || error.exitCode !== EXIT.unreachable || ++failures > MAX_POLL_FAILURES || stop.signal.aborted) {
          if (error instanceof CliError) throw new CliError(error.exitCode, `${error.message}; ${bi('啟動仍在服務端繼續', 'the start goes on on the server')}: campaign progress ${campaignId}`, error.problems, error.body);
          throw error;
        }
        await sleep(Math.min(options.intervalMs * 2 ** failures, 5_000), stop.signal);
      }
    }
  };

  const startedAt = Date.now();
  let first: number | undefined;
  let progress = await pollProgress();
  const ids = options.requestIds ?? progress.requests.filter((r) => !r.done).map((r) => r.requestId);
  const watched = () => progress.requests.filter((r) => ids.includes(r.requestId));

  const format =
    `{stage} |{bar}| {value}/{totalText} | ${bi('已啟動', 'started')} {started} · ${bi('已在運行', 'already running')} {running} · ${bi('跳過', 'skipped')} {skipped}` +
    ` | {rate}/s | ${bi('剩餘', 'ETA')} {eta_formatted}`;
  const bar = ids.length && !sums(watched()).done ? createBar({ format, total: 1, json: out.json, payload: { stage: bi('啟動中', 'starting'), totalText: '?', started: 0, running: 0, skipped: 0, rate: '0.0' } }) : undefined;

  try {
    for (;;) {
      const s = sums(watched());
      const handled = s.started + s.alreadyRunning + s.skipped;
      first ??= handled;
      if (bar) {
        if (s.total !== null) bar.setTotal(s.total);
        bar.update(handled, {
          stage: s.done ? bi('完成', 'done') : bi('啟動中', 'starting'),
          totalText: s.total === null ? '?' : s.total.toLocaleString('en-US'),
          started: s.started,
          running: s.alreadyRunning,
          skipped: s.skipped,
          rate: ratePerSecond(handled - first, startedAt),
        });
      }
      if (s.done || stop.signal.aborted) break;
      await sleep(options.intervalMs, stop.signal);
      if (stop.signal.aborted) break;
      progress = await pollProgress();
    }
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', onInterrupt);
  }

  const current = watched();
  if (stop.signal.aborted && !sums(current).done) {
    out.result({ ok: true, watching: 'interrupted', progress, watched: current });
    out.note(
      `${bi('已停止觀看；啟動仍在服務端繼續', 'stopped watching; the start goes on on the server')}. ` +
        `${bi('繼續觀看', 'to watch again')}: campaign progress ${campaignId}`,
    );
    return EXIT.interrupted;
  }
  out.result({ ok: true, progress, watched: current });
  printProgress(ctx, progress, ids.length ? current : undefined);
  return EXIT.ok;
}
