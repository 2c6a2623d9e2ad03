/**
 * Supervision events: spot checks (隨機抽查), open and unannounced visits
 * (明查暗訪), hearings and forums, recorded with their findings on the
 * campaign workflow; they may open rectification items (整改).
 */
import { randomUUID } from 'node:crypto';
import { AppError, ErrorType } from '../../domain/errors';
import { LEGACY_SUPERVISION_KINDS, ROLES, supervisionKindLabel, type LegacySupervisionKind } from '../../domain/labels';
import { recordSupervisionUpdate, campaignWorkflowId, type SupervisionKind } from '../../contracts';
import { forbidden, roleLabel, type AuthUser } from '../auth';
import { requireCampaign, type ApiContext } from '../context';
import { RequestValidationError } from '../errors';
import { campaignParams } from './common.schemas';
import { supervisionEventBody, supervisionReplySchema } from './supervision.schemas';


/** A subtree larger than this is drawn from by a whole-campaign spot check instead (the list travels in the update). */
const MAX_EVENT_UNITS = 20_000;

const normaliseKind = (kind: SupervisionKind): SupervisionKind => LEGACY_SUPERVISION_KINDS[kind as LegacySupervisionKind] ?? kind;

const listed = (ids: string[]) => ids.slice(0, 10).map((id) => `"${id}"`).join(', ') + (ids.length > 10 ? ` and ${ids.length - 10} more` : '');


export function registerSupervisionRoutes(ctx: ApiContext): void {
  const { routes, temporal, access } = ctx;
  const { units } = ctx.storage;

  /**
   * 404 unless every unit exists and the caller supervises it: unknown units and
   * units outside the caller's subtree are listed together, in one message, so
   * that the answer does not tell which of them exist.
   */
  async function requireSupervisesAll(user: AuthUser, unitIds: string[]): Promise<void> {
    const known = new Set((await units.listByIds(unitIds)).map((u) => u.id));
    const outside = user.role === 'supervisor' ? new Set(await ctx.storage.supervisors.notSupervisedBy(unitIds, user.id)) : new Set<string>();
    const missing = [...new Set(unitIds)].filter((id) => !known.has(id) || outside.has(id)).sort();
    if (missing.length === 0) return;
    if (user.role === 'admin') throw new AppError(ErrorType.NotFound, `there are no units ${listed(missing)}; check the ids`);
    throw new AppError(
      ErrorType.NotFound,
      `there are no units ${listed(missing)} among the units you supervise as ${roleLabel('supervisor')}; a supervision event names only units of your subtree`,
    );
  }

  routes.add({
    method: 'post',
    path: '/campaigns/:id/supervision-events',
    tag: 'supervision',
    summary: 'Record a spot check (隨機抽查), a visit (明查暗訪), a hearing or a forum, with findings; open rectifications from it',
    description:
      'A spot check draws `sampleSize` units from `unitIds`, the started units of `subtreeRootId`, or (the office only) every started unit, with a seed recorded in the ledger: giving the seed again repeats the draw. Other kinds name their units. A supervisor names only units they supervise: any other unit, like an unknown one, is 404 (for a rectification, the answer opening it directly would give). Each rectification is opened with source spot_check, visit or hearing; for a spot check only for units drawn. The same `eventId` again returns the recorded event and opens nothing twice.',
    access: ['admin', 'supervisor'],
    roleDenied: (user) => (user.role === 'unit' ? `supervision events are recorded by supervisors (${ROLES.supervisor.zh}) and the campaign office (${ROLES.admin.zh})` : undefined),
    params: campaignParams,
    body: supervisionEventBody,
    bodyLimit: '2mb',
    responses: { 201: { description: 'the event as recorded, and the rectifications opened', schema: supervisionReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      // The old value "hearing" (labelled 聽證) is taken as what it meant: 聽取匯報.
      const kind = normaliseKind(body.kind);

      // The units concerned (for a spot check, the population drawn from).
      let population: string[] | undefined;
      if (body.unitIds !== undefined) {
        population = [...new Set(body.unitIds)].sort();
        await requireSupervisesAll(user, population);
      } else if (body.subtreeRootId !== undefined) {
        const root = await access.requireUnitVisible(user, body.subtreeRootId);
        population = await ctx.storage.campaignUnits.startedUnitIdsInSubtree(params.id, root.path);
        if (population.length === 0) {
          throw new AppError(ErrorType.NotFound, `no unit of the subtree "${root.id}" has been started in campaign "${params.id}"`);
        }
        if (population.length > MAX_EVENT_UNITS) {
          throw new RequestValidationError('body', [
            { path: 'subtreeRootId', message: `the subtree has ${population.length} started units, more than ${MAX_EVENT_UNITS}; the campaign office draws a spot check from the whole campaign instead` },
          ]);
        }
      } else if (user.role !== 'admin') {
        throw forbidden(`as ${roleLabel('supervisor')} you draw a spot check from your own subtree: give "subtreeRootId" (or "unitIds"); the whole campaign is for the campaign office (${ROLES.admin.zh})`);
      }

      // Rectifications: for units the caller supervises, among the units concerned. A unit
      // unknown or outside the caller's units gets the answer opening one on it directly would
      // (POST …/units/:unitId/rectifications): 404, the same for both.
      const rectificationUnits = body.rectifications.map((r) => r.unitId);
      for (const unitId of new Set(rectificationUnits)) await access.requireSupervises(user, unitId, 'open a rectification (整改)');
      const problems = body.rectifications.flatMap((r, i) =>
        population && !population.includes(r.unitId)
          ? [{ path: `rectifications.${i}.unitId`, message: `unit "${r.unitId}" is not among the units of this event` }]
          : [],
      );
      if (problems.length) throw new RequestValidationError('body', problems);
      const notStarted = await ctx.storage.campaignUnits.notStarted(params.id, [...(population ?? []), ...rectificationUnits]);
      if (notStarted.length) {
        throw new AppError(ErrorType.NotFound, `units ${listed(notStarted)} have not been started in campaign "${params.id}"; the campaign office starts them with POST /campaigns/${params.id}/starts`);
      }

      const eventId = body.eventId ?? randomUUID();
      // A retried request returns the event as first recorded (its seed and sample included).
      const found = await ctx.storage.supervisionEvents.recorded(params.id, eventId);
      // Another person's event id is not a retry: answering with their record would show units outside the caller's scope.
      if (found && found.actor !== user.id) {
        throw new AppError(ErrorType.Conflict, `event "${eventId}" was already recorded by someone else; use another eventId`);
      }
      const recorded = found?.payload;
      if (recorded && normaliseKind(recorded.kind as SupervisionKind) !== kind) {
        throw new AppError(ErrorType.Conflict, `event "${eventId}" was already recorded as a ${String(recorded.kind)}; use another eventId`);
      }
      // One call: the campaign workflow records the event (a retry finds it, with its sample) and opens
      // its items for the units drawn, each once by an id derived from the event id; a concurrent
      // request under the same id by someone else is refused there (409), before anything is shown.
      const result = await temporal.workflow.getHandle(campaignWorkflowId(params.id)).executeUpdate(recordSupervisionUpdate, {
        args: [
          {
            eventId,
            kind,
            actor: user.id,
            ...(body.scheduledId !== undefined ? { scheduledId: body.scheduledId } : {}),
            ...(population ? { unitIds: population } : {}),
            findings: body.findings,
            ...(body.sampleSize !== undefined ? { sampleSize: body.sampleSize } : {}),
            ...(body.seed !== undefined ? { seed: body.seed } : {}),
            rectifications: body.rectifications.map((r) => ({ unitId: r.unitId, description: r.description, ...(r.dueDate !== undefined ? { dueDate: r.dueDate } : {}) })),
          },
        ],
      });
      const { rectifications = [], notOpened = [], ...record } = result;
      return {
        status: 201,
        body: {
          event: { ...record, kindLabel: supervisionKindLabel(record.kind), findings: recorded ? String(recorded.findings ?? body.findings) : body.findings },
          rectifications,
          notOpened,
        },
      };
    },
  });
}
