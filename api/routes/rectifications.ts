/** Rectification items (整改): open, list, read, report the fix, verify it or send it back. */
import { ROLES } from '../../domain/labels';
import {
  campaignWorkflowId,
  openRectificationUpdate,
  rectificationWorkflowId,
  reportRectificationUpdate,
  sendBackRectificationUpdate,
  verifyRectificationUpdate,
} from '../../contracts';
import { roleLabel } from '../auth';
import { requireCampaign, requireStarted, type ApiContext } from '../context';
import { actOnItem, newItemId, rectificationState, rectificationStateOrArchived, requireItem } from '../rectifications';
import { unitCampaignParams } from './common.schemas';
import { openRectificationBody, rectificationListSchema, rectificationParams, rectificationViewSchema, reportRectificationBody, sendBackRectificationBody, verifyRectificationBody } from './rectifications.schemas';

const UNIT_MAY_NOT_VERIFY = `a unit (${ROLES.unit.zh}) reports its fix; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) verifies it or sends it back`;

export function registerRectificationRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;
  const itemHandle = (p: { id: string; unitId: string; itemId: string }) => temporal.workflow.getHandle(rectificationWorkflowId(p.id, p.unitId, p.itemId));
  const itemOf = (p: { id: string; unitId: string; itemId: string }) => ({ campaignId: p.id, unitId: p.unitId, itemId: p.itemId });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/rectifications',
    tag: 'rectifications',
    summary: 'A supervisor (or the office) opens a rectification item (整改) for a unit',
    description:
      "One workflow per item: past its deadline it climbs the plan's rectification ladder (限期整改 → 通報批評 → 問責); still open when the plan's phase ends, it goes under listed supervision (掛牌督辦). The deadline defaults to today plus the plan's rectification.defaultDays. Give `itemId` to retry safely: a second open with the same id is 409.",
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? `a unit (${ROLES.unit.zh}) does not open rectifications; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) does` : undefined),
    params: unitCampaignParams,
    body: openRectificationBody,
    responses: { 201: { description: 'the item, open', schema: rectificationViewSchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, 'open a rectification (整改)');
      await requireStarted(ctx, params.id, params.unitId);
      // The campaign workflow opens it: its schedule from the plan and the amendments it holds.
      const view = await temporal.workflow.getHandle(campaignWorkflowId(params.id)).executeUpdate(openRectificationUpdate, {
        args: [
          {
            unitId: params.unitId,
            itemId: body.itemId ?? newItemId(),
            description: body.description,
            ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
            source: body.source,
            actor: user.id,
          },
        ],
      });
      return { status: 201, body: view };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/units/:unitId/rectifications',
    tag: 'rectifications',
    summary: "A unit's rectification items, oldest first, each with its current state",
    description: 'The campaign office, a supervisor of the unit, or the unit itself (for anyone else the unit is 404, as if it did not exist). Each item is read from its workflow; an item whose workflow is past retention shows the last recorded status, marked archived.',
    access: 'authenticated',
    params: unitCampaignParams,
    responses: { 200: { description: 'the items', schema: rectificationListSchema } },
    handler: async ({ params, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireUnitVisible(user, params.unitId);
      const items = await ctx.storage.rectifications.listForUnit(params.id, params.unitId);
      return { status: 200, body: { items: await Promise.all(items.map((item) => rectificationStateOrArchived(ctx, item))) } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/units/:unitId/rectifications/:itemId',
    tag: 'rectifications',
    summary: 'One rectification item with its state, rung and light',
    access: 'authenticated',
    params: rectificationParams,
    responses: { 200: { description: 'the item', schema: rectificationViewSchema } },
    handler: async ({ params, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireUnitVisible(user, params.unitId);
      await requireItem(ctx, params.id, params.unitId, params.itemId);
      return { status: 200, body: await rectificationState(ctx, { campaignId: params.id, unitId: params.unitId, itemId: params.itemId }) };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/rectifications/:itemId/report',
    tag: 'rectifications',
    summary: 'The unit reports its fix with evidence',
    description: 'The unit itself (or the office on its behalf), while the item is open or sent back; otherwise 409. The ladder stops while the report awaits verification.',
    access: ['admin', 'unit'],
    roleDenied: (user) =>
      user.role === 'supervisor'
        ? `only the unit itself (${ROLES.unit.zh}) or the campaign office (${ROLES.admin.zh}) reports a fix; as ${roleLabel('supervisor')} you verify it or send it back`
        : undefined,
    params: rectificationParams,
    body: reportRectificationBody,
    responses: { 200: { description: 'the item, now reported', schema: rectificationViewSchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireActsForUnit(user, params.unitId, 'report a rectification');
      await requireItem(ctx, params.id, params.unitId, params.itemId);
      const view = await actOnItem(ctx, itemOf(params), 'reported', () =>
        itemHandle(params).executeUpdate(reportRectificationUpdate, { args: [{ actor: user.id, evidence: body.evidence }] }),
      );
      return { status: 200, body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/rectifications/:itemId/verify',
    tag: 'rectifications',
    summary: 'A supervisor (or the office) verifies the reported fix: the item is closed (銷號)',
    description: 'Only a reported fix can be verified: 409 otherwise.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? UNIT_MAY_NOT_VERIFY : undefined),
    params: rectificationParams,
    body: verifyRectificationBody,
    responses: { 200: { description: 'the item, verified', schema: rectificationViewSchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, 'verify a rectification');
      await requireItem(ctx, params.id, params.unitId, params.itemId);
      const view = await actOnItem(ctx, itemOf(params), 'verified', () =>
        itemHandle(params).executeUpdate(verifyRectificationUpdate, { args: [{ actor: user.id, ...(body.comment ? { comment: body.comment } : {}) }] }),
      );
      return { status: 200, body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/rectifications/:itemId/send-back',
    tag: 'rectifications',
    summary: 'A supervisor (or the office) sends the reported fix back with what is still lacking',
    description: 'Only a reported fix can be sent back: 409 otherwise. The item is open again and its ladder climbs on.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? UNIT_MAY_NOT_VERIFY : undefined),
    params: rectificationParams,
    body: sendBackRectificationBody,
    responses: { 200: { description: 'the item, sent back', schema: rectificationViewSchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      await access.requireSupervises(user, params.unitId, 'send a rectification back');
      await requireItem(ctx, params.id, params.unitId, params.itemId);
      const view = await actOnItem(ctx, itemOf(params), 'sent back', () =>
        itemHandle(params).executeUpdate(sendBackRectificationUpdate, { args: [{ actor: user.id, reason: body.reason }] }),
      );
      return { status: 200, body: view };
    },
  });
}
