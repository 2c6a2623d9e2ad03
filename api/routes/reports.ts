/** The campaign summary report (系統總結), per subtree and phase, as JSON or a printable HTML page. */
import type { ReadScope } from '../../adapters/storage/read-scope';
import { ROLES } from '../../domain/labels';
import { buildSummaryReport, summaryReportHtml } from '../../domain/summary-report';
import { forbidden, roleLabel } from '../auth';
import { requireCampaign, type ApiContext } from '../context';
import { RequestValidationError } from '../errors';
import { DEFAULT_REPORT_FONT, sendSummaryReportPdf } from '../exports/summary-report-pdf';
import { summaryReportSheets } from '../exports/summary-report-xlsx';
import { sendXlsx } from '../exports/xlsx';
import { campaignParams, errorResponseSchema } from './common.schemas';
import { summaryReportQuery, summaryReportSchema } from './reports.schemas';

export function registerReportRoutes(ctx: ApiContext): void {
  ctx.routes.add({
    method: 'get',
    path: '/campaigns/:id/summary-report',
    tag: 'reports',
    summary: 'The campaign summary report (系統總結) for a subtree and phase: completion and on-time rates, escalations by rung, rectifications, reviews, supervision, commendations',
    description:
      'From the ledger and the read model. The campaign office reports on the whole campaign or any subtree; a supervisor on a subtree they supervise (subtreeRootId; outside their units it is 404, as for an unknown unit). `format=html` gives a self-contained page to print or attach (A4 print styles); `format=xlsx` an Excel workbook with one sheet per section; `format=pdf` an A4 PDF in the CJK font of REPORT_CJK_FONT (503 naming the package and variable when the server has none).',
    access: ['admin', 'supervisor'],
    params: campaignParams,
    query: summaryReportQuery,
    responses: {
      200: { description: 'the report (JSON; HTML, Excel or PDF with format=html|xlsx|pdf)', schema: summaryReportSchema },
      503: { description: 'format=pdf on a server without its CJK font: the message names the package (fonts-noto-cjk) and REPORT_CJK_FONT', schema: errorResponseSchema },
    },
    handler: async ({ params, query, user, res }) => {
      const campaign = await requireCampaign(ctx, params.id);
      let scope: ReadScope = { kind: 'campaign' };
      let rootName: string | null = null;
      if (query.subtreeRootId !== undefined) {
        const root = await ctx.access.requireUnitVisible(user, query.subtreeRootId);
        scope = { kind: 'subtrees', paths: [root.path] };
        rootName = root.name;
      } else if (user.role !== 'admin') {
        throw forbidden(`as ${roleLabel('supervisor')} you report on one subtree you supervise at a time: add ?subtreeRootId=<unit>; the whole campaign is for the campaign office (${ROLES.admin.zh})`);
      }
      if (query.phaseId !== undefined && !campaign.plan.phases.some((p) => p.id === query.phaseId)) {
        throw new RequestValidationError('query', [{ path: 'phaseId', message: `the plan has no phase "${query.phaseId}"; it has: ${campaign.plan.phases.map((p) => p.id).join(', ')}` }]);
      }
      const [units, taskCounts, kindCounts] = await Promise.all([
        ctx.storage.summaryReport.startedUnits(params.id, scope),
        ctx.storage.summaryReport.taskCounts(params.id, scope),
        ctx.storage.summaryReport.kindCounts(params.id, scope),
      ]);
      const report = buildSummaryReport({
        campaign: { id: campaign.id, name: campaign.name, plan: campaign.plan },
        scope: { subtreeRootId: query.subtreeRootId ?? null, name: rootName },
        phaseId: query.phaseId ?? null,
        generatedAt: new Date().toISOString(),
        units,
        taskCounts,
        kindCounts,
      });
      if (query.format === 'html') {
        res.status(200).set('Content-Type', 'text/html; charset=utf-8').send(summaryReportHtml(report));
        return;
      }
      if (query.format === 'xlsx') {
        await sendXlsx(res, `summary-report-${params.id}.xlsx`, summaryReportSheets(report));
        return;
      }
      if (query.format === 'pdf') {
        await sendSummaryReportPdf(res, `summary-report-${params.id}.pdf`, report, ctx.reportFont ?? DEFAULT_REPORT_FONT);
        return;
      }
      return { status: 200, body: report };
    },
  });
}
