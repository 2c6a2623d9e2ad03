/** Extensions (延期申請): a unit asks for more time before a deadline; its supervisor grants a new date or refuses. */
import { ROLES } from '../../domain/labels';
import { decideExtensionUpdate, requestExtensionUpdate, unitWorkflowId } from '../../contracts';
import { roleLabel } from '../auth';
import { requireCampaign, requireStarted, type ApiContext } from '../context';
import { extensionDecisionBody, extensionRequestBody } from './extensions.schemas';
import { taskParams, taskViewSchema } from './unit-campaigns.schemas';
import { planTask } from './unit-campaigns';

export function registerExtensionRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;
  const unitHandle = (campaignId: string, unitId: string) => temporal.workflow.getHandle(unitWorkflowId(campaignId, unitId));

  async function prelude(params: { id: string; unitId: string; taskId: string }) {
    const campaign = await requireCampaign(ctx, params.id);
    planTask(campaign, params.taskId);
  }

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/tasks/:taskId/extension-requests',
    tag: 'extensions',
    summary: 'The unit asks for an extension (延期申請) of an open task, before its deadline',
    description:
      'The unit itself (or the office on its behalf). The proposed date must be after the current deadline; a request after the deadline has passed is 409, as is a second request while one awaits a decision. The ledger records the request.',
    access: ['admin', 'unit'],
    roleDenied: (user) =>
      user.role === 'supervisor'
        ? `only the unit itself (${ROLES.unit.zh}) or the campaign office (${ROLES.admin.zh}) asks for an extension; as ${roleLabel('supervisor')} you decide on it at …/extension-requests/decision`
        : undefined,
    params: taskParams,
    body: extensionRequestBody,
    responses: { 201: { description: 'the task, with the request awaiting a decision', schema: taskViewSchema } },
    handler: async ({ params, body, user }) => {
      await prelude(params);
      await access.requireActsForUnit(user, params.unitId, 'ask for an extension');
      await requireStarted(ctx, params.id, params.unitId);
      const task = await unitHandle(params.id, params.unitId).executeUpdate(requestExtensionUpdate, {
        args: [{ taskId: params.taskId, actor: user.id, proposedDate: body.proposedDate, reason: body.reason }],
      });
      return { status: 201, body: task };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/units/:unitId/tasks/:taskId/extension-requests/decision',
    tag: 'extensions',
    summary: 'A supervisor (or the office) grants an extension with a new date, or refuses it with a reason',
    description:
      "A grant moves the task's deadline (to `date`, or the date the unit proposed), its reminders and its escalation ladder; a refusal keeps it. 409 when no request awaits a decision.",
    access: ['admin', 'supervisor'],
    roleDenied: (user) =>
      user.role === 'unit' ? `a unit (${ROLES.unit.zh}) may not decide on an extension, its own or another's; its supervisor (${ROLES.supervisor.zh}) or the campaign office (${ROLES.admin.zh}) does` : undefined,
    params: taskParams,
    body: extensionDecisionBody,
    responses: { 200: { description: 'the task after the decision', schema: taskViewSchema } },
    handler: async ({ params, body, user }) => {
      await prelude(params);
      await access.requireSupervises(user, params.unitId, 'decide on an extension');
      await requireStarted(ctx, params.id, params.unitId);
      const task = await unitHandle(params.id, params.unitId).executeUpdate(decideExtensionUpdate, {
        args: [
          {
            taskId: params.taskId,
            actor: user.id,
            grant: body.grant,
            ...(body.date !== undefined ? { date: body.date } : {}),
            ...(body.reason ? { reason: body.reason } : {}),
          },
        ],
      });
      return { status: 200, body: task };
    },
  });
}
