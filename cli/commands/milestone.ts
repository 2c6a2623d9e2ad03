/**
 * `campaign milestone set ID MILESTONE DATE --reason TEXT`: PUT
 * /campaigns/:id/milestones/:milestoneId. With --dry-run it asks for the
 * impact preview (`?dryRun=true`) and prints the server's answer. A server
 * without the preview would ignore an unknown query flag and move the
 * milestone for real, so the CLI first looks for `dryRun` in the route's
 * OpenAPI parameters and, when it is not there (or the server answers 400 to
 * it), says that the server does not support it yet and changes nothing.
 */
import type { z } from 'zod';
import type { amendmentsReplySchema, setMilestoneBody } from '../../api/routes/campaigns.schemas';
import type { CommandContext } from '../context';
import { CliError, EXIT, refused } from '../errors';
import { seg, type ApiClient } from '../http';
import { bi } from '../output';

type AmendmentsReply = z.infer<typeof amendmentsReplySchema>;
type SetMilestone = z.input<typeof setMilestoneBody>;

export interface MilestoneOptions {
  reason?: string;
  dryRun?: boolean;
}

const ROUTE = '/campaigns/{id}/milestones/{milestoneId}';

interface OpenApiDocument {
  paths?: Record<string, Record<string, { parameters?: Array<{ name?: string; in?: string }> }>>;
}

async function serverHasDryRun(api: ApiClient): Promise<boolean> {
  const document = await api.get<OpenApiDocument>('/openapi.json');
  const parameters = document.paths?.[ROUTE]?.put?.parameters ?? [];
  return parameters.some((p) => p.name === 'dryRun' && p.in === 'query');
}

const notSupported = (campaignId: string) =>
  new CliError(
    EXIT.refused,
    `${bi('服務端尚不支持影響預覽', 'the server does not support the impact preview (--dry-run) yet')}; ${bi('未作任何更改', 'nothing was changed')}. ` +
      `${bi('不加 --dry-run 即直接設置', 'without --dry-run the milestone is set at once')} (campaign ${campaignId})`,
  );

export async function milestoneSet(ctx: CommandContext, campaignId: string, milestoneId: string, date: string, options: MilestoneOptions): Promise<number> {
  const { out } = ctx;
  if (!options.reason?.trim()) throw refused(bi('請用 --reason 說明原因，台帳會記錄', 'say why with --reason; the ledger records it'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw refused(`${bi('日期格式為', 'write the date as')} YYYY-MM-DD: "${date}"`);
  const api = ctx.api();
  const path = `/campaigns/${seg(campaignId)}/milestones/${seg(milestoneId)}`;
  const body: SetMilestone = { date, reason: options.reason };

  if (options.dryRun) {
    if (!(await serverHasDryRun(api))) throw notSupported(campaignId);
    const reply = await api.request<unknown>('PUT', path, { json: body, query: { dryRun: true }, accept: [400] });
    if (reply.status === 400) {
      const problems = (reply.body as { problems?: Array<{ path: string }> }).problems ?? [];
      if (problems.some((p) => p.path === 'dryRun')) throw notSupported(campaignId);
      throw new CliError(EXIT.refused, `${bi('請求被拒絕', 'refused')} (400): ${(reply.body as { message?: string }).message ?? ''}`, problems as never, reply.body);
    }
    out.result({ ok: true, dryRun: true, preview: reply.body });
    out.line(`${bi('預覽（未作更改）', 'preview (nothing changed)')}: ${milestoneId} → ${date}`);
    out.line(JSON.stringify(reply.body, null, 2));
    return EXIT.ok;
  }

  const reply = await api.request<AmendmentsReply>('PUT', path, { json: body });
  const { amendments } = reply.body;
  out.result({ ok: true, amendments });
  out.line(`${bi('里程碑已設置', 'milestone set')}: ${milestoneId} → ${date} (${bi('修訂', 'revision')} ${amendments.revision})`);
  out.table(
    [bi('里程碑', 'milestone'), bi('日期', 'date')],
    Object.entries(amendments.milestoneDates).map(([id, when]) => [id, when]),
  );
  return EXIT.ok;
}
