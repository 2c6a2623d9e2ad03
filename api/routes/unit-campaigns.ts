/** One unit's campaign: its state, and the submit / approve / reject of its tasks. */
import { themesForUnit } from '../../domain/plan-supervision';
import { planOf } from '../rectifications';
import { AppError, ErrorType } from '../../domain/errors';
import { ROLES } from '../../domain/labels';
import { roleLabel, UNIT_MAY_NOT_REVIEW } from '../auth';
import { approveTaskUpdate, rejectTaskUpdate, submitTaskUpdate, unitStateQuery, unitWorkflowId } from '../../contracts';
import { requireStarted, type ApiContext } from '../context';
import { unitCampaignParams } from './common.schemas';
import { approveTaskBody, rejectTaskBody, submitTaskBody, taskParams, taskViewSchema, unitCampaignViewSchema } from './unit-campaigns.schemas';
import type { CampaignRecord } from '../../adapters/storage/campaigns';
import { rememberedCampaigns } from '../campaign-rows';

export function planTask(campaign: CampaignRecord, taskId: string) {
  for (const phase of campaign.plan.phases) {
    const task = phase.tasks.find((t) => t.id === taskId);
    if (task) return task;
  }
  throw new AppError(ErrorType.NotFound, `the plan of campaign "${campaign.id}" has no task "${taskId}"; GET /campaigns/${campaign.id} lists its tasks`);
}

export function registerUnitCampaignRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;
  const unitHandle = (campaignId: string, unitId: string) => temporal.workflow.getHandle(unitWorkflowId(campaignId, unitId));
  // Every submit and decision reads its campaign's plan: remembered, one query fewer on the approve path.
  const campaignOf = rememberedCampaigns(ctx);

  routes.add({
    method: 'get',
    path: '/campaigns/:id/units/:unitId',
    tag: 'tasks',
    summary: "A unit's campaign: its phase, its tasks with their deadlines and status",
    access: 'authenticated',
    description: 'The campaign office, a supervisor of the unit, or the unit itself; for anyone else the unit is 404, as if it did not exist.',
    params: unitCampaignParams,
    responses: { 200: { description: "the unit's campaign", schema: unitCampaignViewSchema } },
    handler: async ({ params, user }) => {
      const campaign = await campaignOf(params.id);
      const unit = await access.requireUnitVisible(user, params.unitId);
      await requireStarted(ctx, params.id, params.unitId);
      const view = await unitHandle(params.id, params.unitId).query(unitStateQuery);
      const named = await ctx.storage.firstResponsible.get(params.id, params.unitId);
      const firstResponsible = named
        ? { person: named.person, source: 'named' as const, namedBy: named.namedBy, namedAt: named.namedAt, reason: named.reason }
        : { person: unit.secretary, source: 'secretary' as const, namedBy: null, namedAt: null, reason: null };
      return { status: 200, body: { ...view, themes: themesForUnit(planOf(campaign), unit), firstResponsible } };
    },
  });

  /** Checks shared by the three task actions; returns the task as the plan defines it. */
  async function prelude(params: { id: string; unitId: string; taskId: string }) {
    const campaign = await campaignOf(params.id);
    // The unit is checked, with the caller's scope, by each action's access rule.
    return planTask(campaign, params.taskId);
  }

  /**
   * The caller's scope and the unit's start, looked up at once (two round trips in parallel,
   * not one after the other); a refusal of scope is answered before "not started", so that
   * someone outside the unit's tree learns nothing of it.
   */
  async function inScopeAndStarted(scope: Promise<unknown>, params: { id: string; unitId: string }) {
    const [allowed, started] = await Promise.allSettled([scope, requireStarted(ctx, params.id, params.unitId)]);
    if (allowed.status === 'rejected') throw allowed.reason;
    if (started.status === 'rejected') throw started.reason;
  }

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/tasks/:taskId/submit',
    tag: 'tasks',
    summary: 'The unit hands in a task with its evidence',
    description: 'The unit itself (or the campaign office on its behalf). A rejected task may be submitted again; a submitted or approved one may not (409).',
    access: ['admin', 'unit'],
    roleDenied: (user) =>
      user.role === 'supervisor'
        ? `only the unit itself (${ROLES.unit.zh}) or the campaign office (${ROLES.admin.zh}) submits a unit's work; as ${roleLabel('supervisor')} you approve or reject it`
        : undefined,
    params: taskParams,
    body: submitTaskBody,
    responses: { 200: { description: 'the task, now submitted', schema: taskViewSchema } },
    handler: async ({ params, body, user }) => {
      await prelude(params);
      await inScopeAndStarted(access.requireActsForUnit(user, params.unitId), params);
      const task = await unitHandle(params.id, params.unitId).executeUpdate(submitTaskUpdate, {
        args: [{ taskId: params.taskId, actor: user.id, evidence: body.evidence }],
      });
      return { status: 200, body: task };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/tasks/:taskId/approve',
    tag: 'tasks',
    summary: 'A supervisor (or the office) approves a submitted task',
    description: 'A supervisor of the unit, or the campaign office; a task the plan has approved by the office, only the office. A unit never approves its own work.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? UNIT_MAY_NOT_REVIEW : undefined),
    params: taskParams,
    body: approveTaskBody,
    responses: { 200: { description: 'the task, now approved', schema: taskViewSchema } },
    handler: async ({ params, body, user }) => {
      const task = await prelude(params);
      await inScopeAndStarted(access.requireReviews(user, params.unitId, task), params);
      const view = await unitHandle(params.id, params.unitId).executeUpdate(approveTaskUpdate, {
        args: [{ taskId: params.taskId, actor: user.id, ...(body.comment ? { comment: body.comment } : {}) }],
      });
      return { status: 200, body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/tasks/:taskId/reject',
    tag: 'tasks',
    summary: 'A supervisor (or the office) sends a submitted task back with a reason',
    description: 'Who may: as for approve. The unit sees the reason and submits again.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? UNIT_MAY_NOT_REVIEW : undefined),
    params: taskParams,
    body: rejectTaskBody,
    responses: { 200: { description: 'the task, now rejected', schema: taskViewSchema } },
    handler: async ({ params, body, user }) => {
      const task = await prelude(params);
      await inScopeAndStarted(access.requireReviews(user, params.unitId, task), params);
      const view = await unitHandle(params.id, params.unitId).executeUpdate(rejectTaskUpdate, {
        args: [{ taskId: params.taskId, actor: user.id, reason: body.reason }],
      });
      return { status: 200, body: view };
    },
  });
}
