/**
 * `campaign define`: POST /campaigns from a template (--template, --start-year,
 * --id) or a plan document (--plan FILE). A refused plan is listed problem by
 * problem with its path inside the plan (e.g. phases.1.window.end).
 */
import type { z } from 'zod';
import type { campaignSummarySchema, createCampaignBody } from '../../api/routes/campaigns.schemas';
import type { CommandContext } from '../context';
import { CliError, EXIT, refused } from '../errors';
import { bi, label } from '../output';
import { describeRefusal } from '../http';
import type { Problem } from '../problems';
import { readTextFile } from '../text-file';

type CampaignSummary = z.infer<typeof campaignSummarySchema>;
type CreateCampaign = z.input<typeof createCampaignBody>;

export interface DefineOptions {
  template?: string;
  plan?: string;
  startYear?: string;
  id?: string;
  nameZh?: string;
  nameEn?: string;
}

function parseYear(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw refused(`--start-year ${bi('須為四位年份', 'must be a year such as')} 2027`);
  return Number(value);
}

function readPlan(ctx: CommandContext, file: string): Record<string, unknown> {
  const read = readTextFile(file);
  if (read.conversionNote) ctx.out.note(read.conversionNote);
  let plan: unknown;
  try {
    plan = JSON.parse(read.text);
  } catch (error) {
    throw refused(`${bi('不是有效的 JSON', 'not valid JSON')}: ${file}: ${(error as Error).message}`);
  }
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan)) throw refused(`${bi('計劃須為 JSON 對象', 'a plan must be a JSON object')}: ${file}`);
  // A template document (GET /templates/:id) carries the plan under "plan": accept it as it is saved.
  const inner = (plan as { plan?: unknown }).plan;
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : (plan as Record<string, unknown>);
}

export async function define(ctx: CommandContext, options: DefineOptions): Promise<number> {
  const { out } = ctx;
  if ((options.template === undefined) === (options.plan === undefined)) throw refused(bi('請給出 --template 或 --plan 之一', 'give exactly one of --template ID or --plan FILE'));
  const startYear = parseYear(options.startYear);
  const plan = options.plan !== undefined ? readPlan(ctx, options.plan) : undefined;
  const id = options.id ?? (typeof plan?.id === 'string' ? plan.id : undefined);
  if (!id) throw refused(bi('請用 --id 給出活動編號', 'give the campaign id with --id'));
  if ((options.nameZh === undefined) !== (options.nameEn === undefined)) throw refused(bi('名稱須中英文並給', 'give both --name-zh and --name-en, or neither'));

  const body: CreateCampaign = {
    id,
    ...(options.template !== undefined ? { template: options.template as CreateCampaign['template'] } : {}),
    ...(plan !== undefined ? { plan } : {}),
    ...(startYear !== undefined ? { startYear } : {}),
    ...(options.nameZh !== undefined ? { name: { zh: options.nameZh, en: options.nameEn! } } : {}),
  };
  const reply = await ctx.api().request<CampaignSummary>('POST', '/campaigns', { json: body, accept: [400] });
  if (reply.status === 400) {
    const problems = ((reply.body as { problems?: Problem[] }).problems ?? []).map((p) => ({ path: p.path, message: p.message }));
    out.result({ ok: false, defined: false, problems });
    out.line(`${bi('活動未定義', 'the campaign was not defined')}: ${problems.length} ${bi('個問題', 'problem(s)')}`);
    out.table([bi('路徑', 'path'), bi('問題', 'problem')], problems.map((p) => [p.path, p.message]));
    out.note(`campaign: ${describeRefusal(400, reply.body)}`);
    return EXIT.refused;
  }
  if (reply.status !== 201) throw new CliError(EXIT.unreachable, `unexpected status ${reply.status}`);
  const campaign = reply.body;
  out.result({ ok: true, campaign });
  out.line(`${bi('已定義活動', 'campaign defined')}: ${campaign.id} ${label(campaign.name)}`);
  out.table(
    [bi('階段', 'phase'), bi('名稱', 'name'), bi('開始', 'start'), bi('結束', 'end')],
    campaign.phases.map((phase) => [
      phase.id,
      label(phase.name),
      phase.window.start,
      typeof phase.window.end === 'string' ? phase.window.end : `${phase.window.end.milestone} ${phase.window.end.offsetDays >= 0 ? '+' : ''}${phase.window.end.offsetDays}d`,
    ]),
  );
  out.line(`${bi('下一步', 'next')}: campaign start ${campaign.id} --subtree <unit>`);
  return EXIT.ok;
}
