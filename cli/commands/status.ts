/**
 * `campaign status ID`: how the campaign stands — units per phase and status
 * (GET /progress) and the lights (亮燈) per subtree (GET /overdue counts), as
 * tables. The subtrees are those given with --subtree, else the roots the
 * campaign was started for (a supervisor: the subtrees they supervise).
 */
import type { z } from 'zod';
import type { campaignDetailSchema } from '../../api/routes/campaigns.schemas';
import type { overdueReplySchema } from '../../api/routes/overdue.schemas';
import type { unitRecordSchema } from '../../api/routes/units.schemas';
import { LIGHTS } from '../../domain/labels';
import type { CommandContext } from '../context';
import { EXIT } from '../errors';
import { progressPath, statusLabel, type Progress } from '../follow';
import { seg } from '../http';
import { bi, label } from '../output';

type Campaign = z.infer<typeof campaignDetailSchema>;
type Overdue = z.infer<typeof overdueReplySchema>;
type Unit = z.infer<typeof unitRecordSchema>;

export interface StatusOptions {
  subtree?: string[];
}

interface SubtreeLights {
  subtreeRootId: string | null;
  name: string | null;
  units: number;
  overdueUnits: number;
  green: number;
  yellow: number;
  red: number;
}

function subtreesOf(progress: Progress, given: string[] | undefined): Array<string | null> {
  if (given?.length) return given;
  if (progress.scope.kind === 'subtrees') return progress.scope.rootUnitIds ?? [];
  const roots = progress.requests.flatMap((r) => ('subtreeRootId' in r.target ? [r.target.subtreeRootId] : []));
  return [null, ...new Set(roots)];
}

export async function status(ctx: CommandContext, campaignId: string, options: StatusOptions): Promise<number> {
  const { out } = ctx;
  const api = ctx.api();
  const base = `/campaigns/${seg(campaignId)}`;
  const [campaign, progress] = await Promise.all([api.get<Campaign>(base), api.get<Progress>(progressPath(campaignId))]);

  const lights: SubtreeLights[] = [];
  for (const root of subtreesOf(progress, options.subtree)) {
    const [board, unit] = await Promise.all([
      api.get<Overdue>(`${base}/overdue`, { query: { subtreeRootId: root ?? undefined, limit: 1 } }),
      root === null ? Promise.resolve(null) : api.get<Unit>(`/units/${seg(root)}`),
    ]);
    const count = (light: string) => board.counts.byLight.find((l) => l.light === light)?.units ?? 0;
    lights.push({ subtreeRootId: root, name: unit?.name ?? null, units: board.counts.units, overdueUnits: board.counts.overdueUnits, green: count('green'), yellow: count('yellow'), red: count('red') });
  }

  const phaseNames = new Map(campaign.phases.map((p) => [p.id, p.name]));
  const total = progress.phaseCounts.reduce((n, c) => n + c.units, 0);
  const phases = progress.phaseCounts.map((c) => ({ ...c, name: c.phaseId ? (phaseNames.get(c.phaseId) ?? null) : null, share: total ? c.units / total : 0 }));
  out.result({ ok: true, campaignId, name: campaign.name, startedUnits: progress.startedUnits, starts: progress.totals, phases, lights });

  out.line(`${bi('活動', 'campaign')} ${campaign.id} ${label(campaign.name)} — ${bi('已啟動單位', 'units started')} ${progress.startedUnits}`);
  out.line();
  out.line(bi('階段分佈', 'units by phase'));
  out.table(
    [bi('階段', 'phase'), bi('名稱', 'name'), bi('狀態', 'status'), bi('單位', 'units'), bi('佔比', 'share'), bi('逾期單位', 'overdue units')],
    phases.map((p) => [p.phaseId ?? '—', label(p.name), statusLabel(p.status), p.units, `${(p.share * 100).toFixed(1)}%`, p.overdueUnits]),
  );
  out.line();
  out.line(bi('各子樹亮燈', 'lights per subtree'));
  out.table(
    [bi('子樹', 'subtree'), bi('名稱', 'name'), bi('單位', 'units'), bi(LIGHTS.green.zh, 'green'), bi(LIGHTS.yellow.zh, 'yellow'), bi(LIGHTS.red.zh, 'red'), bi('逾期單位', 'overdue units')],
    lights.map((l) => [l.subtreeRootId ?? bi('整個活動', 'whole campaign'), l.name, l.units, l.green, l.yellow, l.red, l.overdueUnits]),
  );
  return EXIT.ok;
}
