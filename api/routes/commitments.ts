/**
 * Public commitments (公開承諾, 承諾踐諾): one commitmentWorkflow per
 * commitment, started here by its id (a second publish with the same id is
 * 409); its row (coverage, listings) is written by the workflow.
 */
import { stringify } from 'csv-stringify/sync';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  commitmentStateQuery,
  commitmentWorkflowId,
  rateCommitmentUpdate,
  reportCommitmentUpdate,
  reviewCommitmentUpdate,
  WORKFLOW_TYPES,
  commitmentInputFor,
  type CommitmentView,
} from '../../contracts';
import { commitmentRules, completionDateProblem, coverageOf } from '../../domain/commitments';
import { AppError, ErrorType } from '../../domain/errors';
import { InvalidInputError } from '../../domain/validation';
import { requireCampaign, type ApiContext } from '../context';
import { planOf } from '../rectifications';
import { requireMemberVisible } from './members';
import { unitCampaignParams, campaignParams } from './common.schemas';
import {
  commitmentListSchema,
  memberCommitmentsParams,
  commitmentParams,
  commitmentPublishedSchema,
  commitmentSchema,
  coverageQuery,
  coverageSchema,
  publishCommitmentBody,
  rateCommitmentBody,
  reportCommitmentBody,
  reviewCommitmentBody,
} from './commitments.schemas';

export function registerCommitmentRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;
  const handleOf = (p: { id: string; unitId: string; commitmentId: string }) => temporal.workflow.getHandle(commitmentWorkflowId(p.id, p.unitId, p.commitmentId));

  async function requireCommitment(p: { id: string; unitId: string; commitmentId: string }): Promise<void> {
    if (await ctx.storage.commitments.get(p.id, p.unitId, p.commitmentId)) return;
    try {
      await handleOf(p).describe();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      throw new AppError(ErrorType.NotFound, `unit "${p.unitId}" has no commitment "${p.commitmentId}" in campaign "${p.id}"; GET /campaigns/${p.id}/units/${p.unitId}/commitments lists them`);
    }
  }

  /** An update on the commitment; one whose workflow has ended (fulfilled) answers 409. */
  async function act(p: { id: string; unitId: string; commitmentId: string }, update: () => Promise<CommitmentView>): Promise<CommitmentView> {
    try {
      return await update();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      throw new AppError(ErrorType.InvalidTransition, `commitment ${p.commitmentId} is fulfilled (已踐諾) and closed; nothing more can be recorded on it`);
    }
  }

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/commitments',
    tag: 'commitments',
    summary: 'A unit (or the office for it) publishes a commitment of the unit or of one of its members (公開承諾)',
    description:
      "One workflow per commitment: reminded before its completion date, the plan's commitment ladder when overdue, listed supervision (掛牌督辦) when still unfulfilled at the end of the plan's phase. " +
      'The completion date must lie within the campaign; the member must be a member of this unit (for a floating member, the inflow unit). A second publish with the same `commitmentId` is 409.',
    access: ['admin', 'unit'],
    params: unitCampaignParams,
    body: publishCommitmentBody,
    responses: {
      201: { description: 'the commitment, published', schema: commitmentPublishedSchema },
    },
    handler: async ({ params, body, user }) => {
      const campaign = await requireCampaign(ctx, params.id);
      await access.requireActsForUnit(user, params.unitId, 'publish commitments');
      const plan = planOf(campaign);
      const problems: Array<{ path: string; message: string }> = [];
      const dateProblem = completionDateProblem(plan, body.dueDate);
      if (dateProblem) problems.push({ path: 'dueDate', message: dateProblem });
      if (body.memberId !== undefined && (await ctx.storage.members.findInUnit(params.unitId, [body.memberId])).length === 0) {
        problems.push({
          path: 'memberId',
          message: `"${body.memberId}" is not a member of unit "${params.unitId}"; a member's commitment is published by the unit that runs the member's campaign (GET /units/${params.unitId}/members lists its members)`,
        });
      }
      if (problems.length) throw new InvalidInputError('commitment', problems);
      const input = commitmentInputFor(
        plan,
        {
          campaignId: params.id,
          unitId: params.unitId,
          commitmentId: body.commitmentId,
          memberId: body.memberId ?? null,
          content: body.content,
          dueDate: body.dueDate,
          audience: body.audience,
          channels: body.channels,
          publishedBy: user.id,
        },
        Date.now(),
      );
      try {
        await temporal.workflow.start(WORKFLOW_TYPES.commitment, { workflowId: commitmentWorkflowId(params.id, params.unitId, body.commitmentId), taskQueue: ctx.taskQueue, args: [input] });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        throw new AppError(ErrorType.Conflict, `unit "${params.unitId}" already has a commitment "${body.commitmentId}" in campaign "${params.id}"; choose another commitmentId, or read it with GET …/commitments/${body.commitmentId}`);
      }
      return {
        status: 201,
        body: { campaignId: params.id, unitId: params.unitId, commitmentId: body.commitmentId, memberId: input.memberId, dueDate: body.dueDate, status: 'published' as const },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/units/:unitId/commitments',
    tag: 'commitments',
    summary: "A unit's commitments and its members', with status, fulfilment and listing",
    description: 'The campaign office, a supervisor of the unit, or the unit itself; for anyone else 404, as for a unit that does not exist.',
    access: 'authenticated',
    params: unitCampaignParams,
    responses: { 200: { description: 'the commitments', schema: commitmentListSchema } },
    handler: async ({ params, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireUnitVisible(user, params.unitId);
      return { status: 200, body: { commitments: await ctx.storage.commitments.listForUnit(params.id, params.unitId) } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/units/:unitId/commitments/:commitmentId',
    tag: 'commitments',
    summary: 'One commitment with its report, review, masses’ rating, rung and light',
    access: 'authenticated',
    params: commitmentParams,
    responses: { 200: { description: 'the commitment', schema: commitmentSchema } },
    handler: async ({ params, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireUnitVisible(user, params.unitId);
      await requireCommitment(params);
      return { status: 200, body: await handleOf(params).query(commitmentStateQuery) };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/commitments/:commitmentId/report',
    tag: 'commitments',
    summary: 'The unit reports the fulfilment of a commitment with evidence (踐諾)',
    access: ['admin', 'unit'],
    params: commitmentParams,
    body: reportCommitmentBody,
    responses: { 200: { description: 'the commitment', schema: commitmentSchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireActsForUnit(user, params.unitId, 'report a commitment');
      await requireCommitment(params);
      return { status: 200, body: await act(params, () => handleOf(params).executeUpdate(reportCommitmentUpdate, { args: [{ actor: user.id, evidence: body.evidence }] })) };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/commitments/:commitmentId/review',
    tag: 'commitments',
    summary: "A leader's review of a reported commitment, with a rating (領導點評)",
    description: 'A supervisor of the unit or the office. The rating is one of excellent, good, fair, poor.',
    access: ['admin', 'supervisor'],
    params: commitmentParams,
    body: reviewCommitmentBody,
    responses: { 200: { description: 'the commitment', schema: commitmentSchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, "review a commitment (領導點評)");
      await requireCommitment(params);
      const args = [{ actor: user.id, rating: body.rating, ...(body.comment ? { comment: body.comment } : {}) }] as const;
      return { status: 200, body: await act(params, () => handleOf(params).executeUpdate(reviewCommitmentUpdate, { args: [...args] })) };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/commitments/:commitmentId/rating',
    tag: 'commitments',
    summary: "The masses' rating of a reported commitment, as counts (群眾評議)",
    description: 'A supervisor of the unit or the office enters how many answered satisfied, basically satisfied and unsatisfied — counts only, never who answered. A later rating replaces the earlier one.',
    access: ['admin', 'supervisor'],
    params: commitmentParams,
    body: rateCommitmentBody,
    responses: { 200: { description: 'the commitment', schema: commitmentSchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, "enter the masses' rating (群眾評議)");
      await requireCommitment(params);
      return { status: 200, body: await act(params, () => handleOf(params).executeUpdate(rateCommitmentUpdate, { args: [{ actor: user.id, counts: body.counts }] })) };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/members/:memberId/commitments',
    tag: 'commitments',
    summary: "A member's commitments, for whoever may see the member — a floating member's outflow unit (流出地) included",
    description: 'Whoever may see the unit that runs the member, or (floating member) the unit the member flowed out of; for anyone else 404, as for a member that does not exist.',
    access: 'authenticated',
    params: memberCommitmentsParams,
    responses: { 200: { description: "the member's commitments", schema: commitmentListSchema } },
    handler: async ({ params, user }) => {
      await requireCampaign(ctx, params.id);
      const member = await requireMemberVisible(ctx, user, params.memberId);
      return { status: 200, body: { commitments: await ctx.storage.commitments.listForMember(params.id, member.unitId, member.id) } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/commitments/coverage',
    tag: 'commitments',
    summary: 'Coverage of public commitments (公開承諾面) over a subtree: the share of units and of members with a published commitment, against the plan’s target; JSON or CSV',
    description:
      'The office any subtree; a supervisor a subtree they supervise; a unit user its own unit only. A subtree outside the caller’s units is 404, as for an unknown unit. `format=csv` downloads the figures as CSV.',
    access: 'authenticated',
    params: campaignParams,
    query: coverageQuery,
    responses: { 200: { description: 'the coverage', schema: coverageSchema } },
    handler: async ({ params, query, user, res }) => {
      const campaign = await requireCampaign(ctx, params.id);
      const root = await access.requireUnitVisible(user, query.subtreeRootId);
      const counts = await ctx.storage.commitments.coverageCounts(params.id, root.path, user.role === 'unit');
      const coverage = { campaignId: params.id, subtreeRootId: root.id, ...coverageOf(counts, commitmentRules(planOf(campaign)).coverageTargetPercent) };
      if (query.format === 'csv') {
        res.status(200);
        res.set('Content-Type', 'text/csv; charset=utf-8');
        res.attachment(`commitment-coverage-${params.id}-${root.id}.csv`);
        res.send(
          stringify(
            [
              ['what', 'total', 'with_commitments', 'percent', 'target_percent', 'met'],
              ['units', coverage.units.total, coverage.units.withCommitments, coverage.units.percent, coverage.targetPercent, coverage.unitsMet ? 'yes' : 'no'],
              ['members', coverage.members.total, coverage.members.withCommitments, coverage.members.percent, coverage.targetPercent, coverage.membersMet ? 'yes' : 'no'],
            ],
            { bom: true },
          ),
        );
        return;
      }
      return { status: 200, body: coverage };
    },
  });
}
