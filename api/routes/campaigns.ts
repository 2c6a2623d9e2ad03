/** Campaigns: define one, start it for units, follow its progress, move its milestones and deadlines. */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CampaignRecord } from '../../adapters/storage/campaigns';
import type { ReadScope } from '../../adapters/storage/read-scope';
import { AppError, ErrorType } from '../../domain/errors';
import { parsePlan, type Plan } from '../../domain/plan';
import { rebasePlanToYear } from '../../domain/rebase';
import { getTemplate } from '../../domain/templates';
import {
  WORKFLOW_TYPES,
  amendCampaignDeadlineUpdate,
  amendUnitDeadlineUpdate,
  campaignProgressQuery,
  campaignWorkflowId,
  defineCampaignUpdate,
  setMilestoneUpdate,
  startUnitsUpdate,
  unitWorkflowId,
  type CampaignInput,
  type StartTarget,
} from '../../contracts';
import { requireCampaign, requireStarted, requireUnit, type ApiContext } from '../context';
import { previewDeadlineChange, previewMilestoneChange, previewStart } from './campaign-previews';
import { amendDeadlineBody, amendmentPreviewSchema, dryRunQuery, startPreviewSchema, amendmentsReply, amendmentsReplySchema, campaignDetailSchema, campaignListSchema, campaignSummarySchema, createCampaignBody, deadlineReplySchema, progressSchema, setMilestoneBody, setMilestoneParams, startUnitsBody, startUnitsReplySchema } from './campaigns.schemas';
import { campaignParams } from './common.schemas';
import { z } from '../zod';

/** The unit id a materialised path ends with: '/a/b/' → 'b'. */
const lastSegment = (path: string) => path.split('/').filter(Boolean).pop() ?? '';


function summary(record: Pick<CampaignRecord, 'id' | 'name' | 'plan' | 'createdBy' | 'createdAt'>) {
  return {
    id: record.id,
    name: record.name,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    phases: record.plan.phases.map((phase) => ({ id: phase.id, name: phase.name, window: phase.window })),
    milestones: record.plan.milestones,
  };
}

export function registerCampaignRoutes(ctx: ApiContext): void {
  const { routes, temporal } = ctx;
  const campaignHandle = (id: string) => temporal.workflow.getHandle(campaignWorkflowId(id));

  routes.add({
    method: 'post',
    path: '/campaigns',
    tag: 'campaigns',
    summary: 'Define a campaign from a template or a plan, and start its workflow',
    description:
      'Give exactly one of `template` (GET /templates) or `plan`. The plan is validated as a whole: a 400 lists every problem with its path inside the plan, and nothing is stored.',
    access: ['admin'],
    body: createCampaignBody,
    responses: { 201: { description: 'the campaign is defined and its workflow runs', schema: campaignSummarySchema } },
    handler: async ({ body, user }) => {
      let plan: Plan = parsePlan(body.template !== undefined ? getTemplate(body.template) : body.plan);
      if (body.startYear !== undefined) plan = rebasePlanToYear(plan, body.startYear);
      const name = body.name ?? plan.name;
      // Working-day deadlines count with the holiday calendar in force now; PUT /holiday-calendar/years/:year moves the campaign on.
      const { calendar: holidays } = await ctx.storage.holidays.inForce();

      // One call: the campaign workflow starts and stores its own row (update-with-start), answering
      // once the row is there, so the next request finds the campaign. An id already used, by a
      // running campaign or one that has ended, is 409.
      const input: CampaignInput = { campaignId: body.id, plan, createdBy: user.id, holidays };
      let defined: { createdAt: string };
      try {
        defined = await temporal.workflow.executeUpdateWithStart(defineCampaignUpdate, {
          args: [{ name, actor: user.id }],
          startWorkflowOperation: new WithStartWorkflowOperation(WORKFLOW_TYPES.campaign, {
            workflowId: campaignWorkflowId(body.id),
            taskQueue: ctx.taskQueue,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        throw new AppError(ErrorType.Conflict, `a campaign "${body.id}" already exists (it has ended); choose another id, or see it at GET /campaigns/${body.id}`);
      }
      return { status: 201, body: summary({ id: body.id, name, plan, createdBy: user.id, createdAt: defined.createdAt }) };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns',
    tag: 'campaigns',
    summary: 'The campaigns defined so far',
    description:
      'The campaign office and supervisors (who follow their subtrees across campaigns). A unit (基層黨組織) does not need the list: its campaigns come with its duties (GET /me/duties). The list carries no unit data.',
    access: ['admin', 'supervisor'],
    responses: { 200: { description: 'the campaigns, oldest first', schema: campaignListSchema } },
    handler: async () => ({ status: 200, body: { campaigns: await ctx.storage.campaigns.list() } }),
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id',
    tag: 'campaigns',
    summary: 'A campaign with its plan',
    description:
      'Every signed-in user: units and supervisors work to the plan\'s tasks, windows and milestones. The campaign carries no unit data (which units were started is in the progress, for the office and, for their subtrees, supervisors).',
    access: 'authenticated',
    params: campaignParams,
    responses: { 200: { description: 'the campaign', schema: campaignDetailSchema } },
    handler: async ({ params }) => {
      const campaign = await requireCampaign(ctx, params.id);
      return { status: 200, body: { ...summary(campaign), plan: campaign.plan } };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/starts',
    tag: 'campaigns',
    summary: 'Start the campaign for a list of units or a whole subtree',
    description:
      'Units are started in durable batches by the campaign workflow; follow them at the progress URL. A unit already started is not started twice; ids not in the unit tree are counted as skipped. Sending the same requestId again returns the same request.',
    access: ['admin'],
    params: campaignParams,
    query: dryRunQuery,
    body: startUnitsBody,
    bodyLimit: '10mb',
    responses: {
      202: { description: 'accepted; the units are being started', schema: startUnitsReplySchema },
      200: { description: 'dryRun=true: what starting them now would do (late-start policy, notices at once); nothing is started', schema: startPreviewSchema },
    },
    handler: async ({ params, query, body, user }) => {
      const campaign = await requireCampaign(ctx, params.id);
      let target: StartTarget;
      if (body.subtreeRootId !== undefined) {
        await requireUnit(ctx, body.subtreeRootId);
        target = { subtreeRootId: body.subtreeRootId };
      } else {
        target = { unitIds: body.unitIds! };
      }
      if (query.dryRun) return { status: 200, body: { dryRun: true, ...(await previewStart(ctx, params.id, campaign.plan, target)) } };
      const request = await campaignHandle(params.id).executeUpdate(startUnitsUpdate, {
        args: [{ requestId: body.requestId ?? randomUUID(), target, actor: user.id }],
      });
      return { status: 202, body: { request, progressUrl: `/campaigns/${params.id}/progress` } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/progress',
    tag: 'campaigns',
    summary: 'How far the starts have got, and how many units are in each phase',
    description:
      'The campaign office sees the whole campaign: every start request with its target, the totals and the counts. ' +
      'A supervisor sees their own subtrees only (`scope.rootUnitIds`): the counts of their units, and no start request (a request may name units outside them), ' +
      'so `requests` is empty, `totals.started` counts their started units, and `requested`, `alreadyRunning` and `skipped`, which are about requests, are null and 0.',
    access: ['admin', 'supervisor'],
    params: campaignParams,
    responses: { 200: { description: 'the progress', schema: progressSchema } },
    handler: async ({ params, user }) => {
      await requireCampaign(ctx, params.id);
      if (user.role === 'admin') {
        const [progress, phaseCounts, startedUnits] = await Promise.all([
          campaignHandle(params.id).query(campaignProgressQuery),
          ctx.storage.readModel.phaseCounts(params.id),
          ctx.storage.campaignUnits.startedCount(params.id),
        ]);
        return { status: 200, body: { ...progress, amendments: amendmentsReply(progress.amendments), phaseCounts, startedUnits, scope: { kind: 'campaign', rootUnitIds: null } } };
      }
      const paths = await ctx.storage.supervisors.supervisedPaths(user.id);
      const scope: ReadScope = { kind: 'subtrees', paths };
      const [progress, phaseCounts, startedUnits] = await Promise.all([
        campaignHandle(params.id).query(campaignProgressQuery),
        ctx.storage.readModel.phaseCounts(params.id, scope),
        ctx.storage.campaignUnits.startedCount(params.id, scope),
      ]);
      return {
        status: 200,
        body: {
          campaignId: progress.campaignId,
          requests: [],
          totals: { requested: null, started: startedUnits, alreadyRunning: 0, skipped: 0, done: progress.totals.done },
          amendments: amendmentsReply(progress.amendments),
          broadcastPending: progress.broadcastPending,
          phaseCounts,
          startedUnits,
          scope: { kind: 'subtrees', rootUnitIds: paths.map(lastSegment) },
        },
      };
    },
  });

  routes.add({
    method: 'put',
    path: '/campaigns/:id/milestones/:milestoneId',
    tag: 'campaigns',
    summary: 'Set or move a milestone (e.g. the Party Congress, 黨的十八大)',
    description: 'Every running unit follows the new date: deadlines and phase ends that hang on the milestone move with it. The date must be today or later.',
    access: ['admin'],
    params: setMilestoneParams,
    query: dryRunQuery,
    body: setMilestoneBody,
    responses: {
      200: {
        description: 'the campaign amendments after the change; with dryRun=true, what would change (or why it would be refused), and nothing changes',
        schema: z.union([amendmentsReplySchema, amendmentPreviewSchema]),
      },
    },
    handler: async ({ params, query, body, user }) => {
      const campaign = await requireCampaign(ctx, params.id);
      if (query.dryRun) {
        return { status: 200, body: { dryRun: true, ...(await previewMilestoneChange(ctx, params.id, campaign.plan, { milestoneId: params.milestoneId, date: body.date, reason: body.reason })) } };
      }
      const amendments = await campaignHandle(params.id).executeUpdate(setMilestoneUpdate, {
        args: [{ milestoneId: params.milestoneId, date: body.date, actor: user.id, reason: body.reason }],
      });
      return { status: 200, body: { amendments: amendmentsReply(amendments) } };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/deadlines',
    tag: 'campaigns',
    summary: "Amend a task's deadline, for the whole campaign or for one unit",
    access: ['admin'],
    params: campaignParams,
    query: dryRunQuery,
    body: amendDeadlineBody,
    responses: {
      200: {
        description: 'the amended deadline; with dryRun=true, what would change (or why it would be refused), and nothing changes',
        schema: z.union([deadlineReplySchema, amendmentPreviewSchema]),
      },
    },
    handler: async ({ params, query, body, user }) => {
      const campaign = await requireCampaign(ctx, params.id);
      const change = { taskId: body.taskId, date: body.date, actor: user.id, reason: body.reason };
      if (body.unitId !== undefined) {
        await requireUnit(ctx, body.unitId);
        await requireStarted(ctx, params.id, body.unitId);
      }
      if (query.dryRun) {
        return { status: 200, body: { dryRun: true, ...(await previewDeadlineChange(ctx, params.id, campaign.plan, { ...change, ...(body.unitId !== undefined ? { unitId: body.unitId } : {}) })) } };
      }
      if (body.unitId !== undefined) {
        const task = await temporal.workflow
          .getHandle(unitWorkflowId(params.id, body.unitId))
          .executeUpdate(amendUnitDeadlineUpdate, { args: [change] });
        return { status: 200, body: { scope: 'unit', unitId: body.unitId, task } };
      }
      const amendments = await campaignHandle(params.id).executeUpdate(amendCampaignDeadlineUpdate, { args: [change] });
      return { status: 200, body: { scope: 'campaign', amendments: amendmentsReply(amendments) } };
    },
  });
}
