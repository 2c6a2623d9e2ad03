/**
 * Leaders' contact points (聯繫點), the supervision the plan schedules and what
 * is owed of it, and criticism of a unit's poor effort (不重視、不得力、少創新):
 * each one call to the campaign workflow, which records it in the ledger and
 * chases what is not done.
 */
import { randomUUID } from 'node:crypto';
import { AppError, ErrorType } from '../../domain/errors';
import { POOR_EFFORT_GROUNDS, ROLES, RUNGS, supervisionKindLabel } from '../../domain/labels';
import { campaignWorkflowId, criticiseUnitUpdate, designateContactPointsUpdate, nameFirstResponsibleUpdate, supervisionScheduleQuery } from '../../contracts';
import { forbidden, roleLabel } from '../auth';
import { requireCampaign, requireStarted, type ApiContext } from '../context';
import { RequestValidationError } from '../errors';
import { campaignParams, unitCampaignParams } from './common.schemas';
import {
  contactPointsReplySchema,
  criticismBody,
  criticismReplySchema,
  designateContactPointsBody,
  firstResponsibleReplySchema,
  nameFirstResponsibleBody,
  supervisionScheduleReplySchema,
} from './supervision-schedule.schemas';

const SUPERVISORS_ONLY = (what: string) => `${what} is for supervisors (${ROLES.supervisor.zh}) and the campaign office (${ROLES.admin.zh})`;

export function registerSupervisionScheduleRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;
  const campaignHandle = (id: string) => temporal.workflow.getHandle(campaignWorkflowId(id));

  routes.add({
    method: 'post',
    path: '/campaigns/:id/contact-points',
    tag: 'supervision',
    summary: 'A leader designates started units as their contact points (聯繫點); the plan sets how often each is visited',
    description:
      "A supervisor designates units they supervise, for themselves (a unit outside their subtree is 404, as an unknown one); the office names the leader, and a unit outside that leader's subtree is 409. A visit is a supervision event of kind contact_point_visit; a period without one is chased up the review ladder, and GET /me/duties lists the visits due. Designating a unit again keeps the first designation.",
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? SUPERVISORS_ONLY('designating contact points') : undefined),
    params: campaignParams,
    body: designateContactPointsBody,
    responses: { 200: { description: "the leader's contact points", schema: contactPointsReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      let leaderId = user.id;
      if (user.role === 'supervisor') {
        if (body.leaderId !== undefined && body.leaderId !== user.id) {
          throw forbidden(`as ${roleLabel('supervisor')} you designate your own contact points; the campaign office (${ROLES.admin.zh}) designates them for another leader`);
        }
        for (const unitId of new Set(body.unitIds)) await access.requireSupervises(user, unitId, 'be designated a contact point');
      } else {
        if (body.leaderId === undefined) throw new RequestValidationError('body', [{ path: 'leaderId', message: 'the campaign office names the leader whose contact points these are' }]);
        leaderId = body.leaderId;
        const known = new Set((await ctx.storage.units.listByIds(body.unitIds)).map((u) => u.id));
        const unknown = [...new Set(body.unitIds)].filter((id) => !known.has(id));
        if (unknown.length) throw new AppError(ErrorType.NotFound, `there are no units ${unknown.map((u) => `"${u}"`).join(', ')}; check the ids`);
        const outside = await ctx.storage.supervisors.notSupervisedBy(body.unitIds, leaderId);
        if (outside.length) {
          throw new AppError(ErrorType.Conflict, `units ${outside.map((u) => `"${u}"`).join(', ')} are outside the scope of leader "${leaderId}" (the units they supervise); list the leader as a supervisor of them first, or choose units of their subtree`);
        }
      }
      const notStarted = await ctx.storage.campaignUnits.notStarted(params.id, body.unitIds);
      if (notStarted.length) throw new AppError(ErrorType.NotFound, `units ${notStarted.map((u) => `"${u}"`).join(', ')} have not been started in campaign "${params.id}"; the campaign office starts them with POST /campaigns/${params.id}/starts`);
      const result = await campaignHandle(params.id).executeUpdate(designateContactPointsUpdate, { args: [{ leaderId, unitIds: [...new Set(body.unitIds)].sort(), actor: user.id }] });
      return { status: 200, body: result };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/supervision-schedule',
    tag: 'supervision',
    summary: 'What the plan schedules (督促檢查) and the contact-point visits (聯繫點) owed: begun periods, recorded or not, with the rung reached',
    description: 'A supervisor sees the contact points and obligations of the units they supervise (and their own visits); the office sees all.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? SUPERVISORS_ONLY('the supervision schedule') : undefined),
    params: campaignParams,
    responses: { 200: { description: 'contact points and obligations', schema: supervisionScheduleReplySchema } },
    handler: async ({ params, user }) => {
      await requireCampaign(ctx, params.id);
      const view = await campaignHandle(params.id).query(supervisionScheduleQuery);
      let { contactPoints, obligations } = view;
      if (user.role === 'supervisor') {
        const named = [...new Set([...contactPoints.map((cp) => cp.unitId), ...obligations.flatMap((o) => o.unitIds)])];
        const outside = new Set(await ctx.storage.supervisors.notSupervisedBy(named, user.id));
        contactPoints = contactPoints.filter((cp) => !outside.has(cp.unitId));
        obligations = obligations.filter((o) => o.unitIds.every((u) => !outside.has(u)));
      }
      return {
        status: 200,
        body: {
          contactPoints,
          obligations: obligations.map((o) => ({ ...o, kindLabel: supervisionKindLabel(o.kind), rungLabel: o.rung ? RUNGS[o.rung] : null })),
        },
      };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/criticisms',
    tag: 'supervision',
    summary: 'Criticise a unit for poor effort (不重視、不得力、少創新): a ledger event and a rectification (限期整改) on the plan’s ladder (→ 通報批評 → 問責)',
    description:
      'Seed 003 ㈢. The grounds, reason and evidence go in the ledger (criticism.poor_effort); the rectification item criticism-<criticismId> (source poor_effort) climbs the plan’s rectification ladder past its deadline until the fix is verified. The same criticismId again returns the item, opening nothing twice.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? SUPERVISORS_ONLY('criticising a unit') : undefined),
    params: unitCampaignParams,
    body: criticismBody,
    responses: { 201: { description: 'the criticism and its rectification item', schema: criticismReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, 'criticise a unit');
      await requireStarted(ctx, params.id, params.unitId);
      const criticismId = body.criticismId ?? randomUUID();
      const result = await campaignHandle(params.id).executeUpdate(criticiseUnitUpdate, {
        args: [
          {
            criticismId,
            unitId: params.unitId,
            grounds: [...new Set(body.grounds)],
            reason: body.reason,
            evidence: body.evidence ?? { text: '', links: [] },
            ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
            actor: user.id,
          },
        ],
      });
      return { status: 201, body: { ...result, groundsLabels: [...new Set(body.grounds)].map((g) => POOR_EFFORT_GROUNDS[g]) } };
    },
  });

  routes.add({
    method: 'put',
    path: '/campaigns/:id/units/:unitId/first-responsible',
    tag: 'supervision',
    summary: "Name the unit's first responsible person (第一責任人) for the campaign; the secretary until changed",
    description:
      "Seed 000 (明確第一責任人), seed 003 ㈡ (党委书记履行第一责任人职责). The office or a supervisor of the unit. Each change is a ledger row (first_responsible.named) with its reason; from then on the unit's notices to its secretary go to this person, and the unit view shows them. The same changeId again records nothing twice.",
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? SUPERVISORS_ONLY("naming a unit's first responsible person") : undefined),
    params: unitCampaignParams,
    body: nameFirstResponsibleBody,
    responses: { 200: { description: 'the first responsible person now', schema: firstResponsibleReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, "name the unit's first responsible person");
      await requireStarted(ctx, params.id, params.unitId);
      const person = { name: body.name, ...(body.email !== undefined ? { email: body.email } : {}), ...(body.phone !== undefined ? { phone: body.phone } : {}) };
      const firstResponsible = await campaignHandle(params.id).executeUpdate(nameFirstResponsibleUpdate, {
        args: [{ changeId: body.changeId ?? randomUUID(), unitId: params.unitId, person, reason: body.reason, actor: user.id }],
      });
      return { status: 200, body: { unitId: params.unitId, firstResponsible } };
    },
  });
}
