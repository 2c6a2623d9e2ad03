/**
 * Scoring (定性評價與量化考評相結合; issue 13) through the API: the office
 * defines scheme versions and opens and closes rounds; supervisors, units and
 * the office enter scores as each item's scorer; results and the yearly
 * upgrade report (三分類三升級) are read back, the report also as CSV. Rounds
 * are workflows (workflows/scoring.ts): entries are checked against the
 * round's frozen scheme there; here each request is authorised against the
 * unit tree and turned into one start, update or read.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { stringify } from 'csv-stringify/sync';
import { endOfLocalDay } from '../../domain/calendar';
import { AppError, ErrorType } from '../../domain/errors';
import { ROLES } from '../../domain/labels';
import { MONTHLY_STAR_ROUND_PREFIX } from '../../domain/monthly-star';
import { versionFor, versionsOf, type ScoringScheme } from '../../domain/plan-scoring';
import { upgradeReport, upgradeReportRows, type YearGrade } from '../../domain/upgrade-report';
import {
  closeScoringRoundUpdate,
  enterScoresUpdate,
  scoringKeys,
  scoringRoundInputFor,
  scoringRoundQuery,
  scoringRoundWorkflowId,
  WORKFLOW_TYPES,
  type ScoringRoundView,
} from '../../contracts';
import type { ScoringRoundRow } from '../../adapters/storage/scoring';
import type { AuthUser } from '../auth';
import { requireCampaign, type ApiContext } from '../context';
import { planOf } from '../rectifications';
import { campaignParams } from './common.schemas';
import {
  entriesBody,
  entriesReplySchema,
  openRoundBody,
  reportQuery,
  resultsReplySchema,
  roundListQuery,
  roundListSchema,
  roundParams,
  roundViewSchema,
  schemeBody,
  schemeParams,
  schemeReplySchema,
  schemeVersionsSchema,
  subtreeQuery,
  upgradeReportSchema,
} from './scoring.schemas';

const UNITS_PAGE = 1000;

export function registerScoringRoutes(ctx: ApiContext): void {
  const { routes, temporal, access, storage } = ctx;
  const handle = (campaignId: string, roundId: string) => temporal.workflow.getHandle(scoringRoundWorkflowId(campaignId, roundId));

  async function schemeVersionsOf(campaignId: string, schemeId: string): Promise<ScoringScheme[]> {
    const plan = planOf(await requireCampaign(ctx, campaignId));
    const defined = (await storage.scoring.schemeVersions(campaignId, schemeId)).map((v) => v.scheme);
    return versionsOf(plan.scoring, defined, schemeId);
  }

  /** The round as its workflow sees it; a round that never ran is 404. */
  async function roundView(campaignId: string, roundId: string): Promise<ScoringRoundView> {
    try {
      return await handle(campaignId, roundId).query(scoringRoundQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new AppError(ErrorType.NotFound, `campaign "${campaignId}" has no scoring round "${roundId}"; the office opens one with POST /campaigns/${campaignId}/scoring/rounds`);
      throw error;
    }
  }
  const roundClosed = (roundId: string) => new AppError(ErrorType.InvalidTransition, `scoring round "${roundId}" is closed; its results are final (open a new round to score again)`);

  /** Who enters an item: the unit itself its self-assessment (自評); a supervisor of the unit the superior's, the members' and the masses' counts. */
  function scorerRefusal(user: AuthUser, scoredBy: string, itemId: string): string | undefined {
    if (user.role === 'admin') return undefined;
    if (scoredBy === 'self') return user.role === 'unit' ? undefined : `item "${itemId}" is the unit's self-assessment (自評); the unit itself (${ROLES.unit.zh}) enters it`;
    return user.role === 'supervisor' ? undefined : `item "${itemId}" is scored by ${scoredBy === 'supervisor' ? 'the superior (上級評價)' : `the ${scoredBy} (評議), entered as counts by the supervisor`}; a unit (${ROLES.unit.zh}) does not score itself on it`;
  }

  routes.add({
    method: 'post',
    path: '/campaigns/:id/scoring/schemes',
    tag: 'scoring',
    summary: 'The office defines a scoring scheme, or a new version of one (版本): weights adding up to 100, maximum points, the scale and the scorer of each item',
    description:
      'A scheme that says the same as its latest version is answered 200 with that version; any change becomes the next version (201), recorded as `scoring.scheme_versioned`. A version is never rewritten: rounds keep the version they opened with.',
    access: ['admin'],
    params: campaignParams,
    body: schemeBody,
    responses: { 200: { description: 'unchanged: the latest version', schema: schemeReplySchema }, 201: { description: 'the new version', schema: schemeReplySchema } },
    handler: async ({ params, body, user }) => {
      const existing = await schemeVersionsOf(params.id, body.id);
      const { version: _ignored, ...proposed } = body;
      const { scheme, isNew } = versionFor(existing, proposed);
      if (!isNew) return { status: 200, body: { scheme, created: false } };
      const inserted = await storage.transaction(async (tx) => {
        if (!(await tx.scoring.insertSchemeVersion(params.id, scheme, user.id))) return false;
        await tx.ledger.append({
          key: scoringKeys.schemeVersion(params.id, scheme.id, scheme.version),
          campaignId: params.id,
          unitId: null,
          kind: 'scoring.scheme_versioned',
          actor: user.id,
          occurredAt: new Date().toISOString(),
          payload: { schemeId: scheme.id, schemeVersion: scheme.version, previousVersion: existing.length ? existing[existing.length - 1].version : null, scheme },
        });
        return true;
      });
      if (!inserted) throw new AppError(ErrorType.Conflict, `version ${scheme.version} of scheme "${scheme.id}" was defined by another request at the same time; read it (GET …/scoring/schemes/${scheme.id}) and try again`);
      return { status: 201, body: { scheme, created: true } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/scoring/schemes/:schemeId',
    tag: 'scoring',
    summary: "A scheme's versions, lowest first (the plan's own is version 1)",
    access: 'authenticated',
    params: schemeParams,
    responses: { 200: { description: 'the versions', schema: schemeVersionsSchema } },
    handler: async ({ params }) => {
      const versions = await schemeVersionsOf(params.id, params.schemeId);
      if (!versions.length) throw new AppError(ErrorType.NotFound, `campaign "${params.id}" has no scoring scheme "${params.schemeId}"; its plan's scoring.schemes, or POST …/scoring/schemes, define one`);
      return { status: 200, body: { schemeId: params.schemeId, versions } };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/scoring/rounds',
    tag: 'scoring',
    summary: 'The office opens a scoring round (考評輪次) over a subtree with one version of a scheme',
    description:
      'The round freezes the version (default the latest). It closes at the end of `closesOn` or when the office closes it; then each scored subject gets `score.computed` and each unit `grade.proposed`. A round id already used is 409.',
    access: ['admin'],
    params: campaignParams,
    body: openRoundBody,
    responses: { 201: { description: 'the round, opened', schema: roundViewSchema } },
    handler: async ({ params, body, user }) => {
      const plan = planOf(await requireCampaign(ctx, params.id));
      if (body.roundId.startsWith(MONTHLY_STAR_ROUND_PREFIX)) {
        throw new AppError(ErrorType.InvalidInput, `round ids starting with "${MONTHLY_STAR_ROUND_PREFIX}" belong to the 每月一星 cadence, which opens them by itself; choose another roundId`);
      }
      const root = await access.requireUnitVisible(user, body.subtreeRootId);
      const versions = await schemeVersionsOf(params.id, body.schemeId);
      if (!versions.length) throw new AppError(ErrorType.NotFound, `campaign "${params.id}" has no scoring scheme "${body.schemeId}"; define it first (POST …/scoring/schemes)`);
      const scheme = body.schemeVersion === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === body.schemeVersion);
      if (!scheme) throw new AppError(ErrorType.NotFound, `scheme "${body.schemeId}" has no version ${body.schemeVersion}; it has ${versions.map((v) => v.version).join(', ')}`);
      if (endOfLocalDay(body.closesOn) <= Date.now()) throw new AppError(ErrorType.InvalidInput, `closesOn ${body.closesOn} has passed; give a day from today`);
      const input = scoringRoundInputFor(plan, scheme, { campaignId: params.id, roundId: body.roundId, year: body.year, classificationRound: body.classificationRound, subtreeRootId: root.id, closesOn: body.closesOn, openedBy: user.id });
      await temporal.workflow.start(WORKFLOW_TYPES.scoringRound, { workflowId: scoringRoundWorkflowId(params.id, body.roundId), taskQueue: ctx.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      const view: ScoringRoundView = { campaignId: params.id, roundId: body.roundId, schemeId: scheme.id, schemeVersion: scheme.version, subject: scheme.subject, year: input.year, classificationRound: input.classificationRound, subtreeRootId: root.id, status: 'open', closesAt: input.closesAt, batches: 0, entries: 0, scored: null };
      return { status: 201, body: view };
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/scoring/rounds/:roundId/close',
    tag: 'scoring',
    summary: 'The office closes a round now: scores are computed and grades proposed',
    description: 'Answers when every score is computed. A round already closed is 409.',
    access: ['admin'],
    params: roundParams,
    responses: { 200: { description: 'the round, closed', schema: roundViewSchema } },
    handler: async ({ params, user }) => {
      const view = await roundView(params.id, params.roundId);
      if (view.status === 'closed') throw roundClosed(params.roundId);
      try {
        return { status: 200, body: await handle(params.id, params.roundId).executeUpdate(closeScoringRoundUpdate, { args: [{ actor: user.id }] }) };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw roundClosed(params.roundId);
        throw error;
      }
    },
  });

  routes.add({
    method: 'post',
    path: '/campaigns/:id/scoring/rounds/:roundId/entries',
    tag: 'scoring',
    summary: "Enter scores for a round: the superior's points, the unit's self-assessment, the members' 民主測評 and the masses' 滿意度 as counts",
    description:
      "Each entry scores one item of the round's scheme for a unit (or a member of it) in the round's subtree. Refused: a unit outside the caller's units (404, as unknown), an item the caller does not score (403), a value outside the item's scale or negative counts (400), a member of another unit (400), a closed round (409). Nothing of a refused request is recorded. Each entry is in the ledger as `score.entered`; a later entry of the same item corrects an earlier one.",
    access: ['admin', 'supervisor', 'unit'],
    params: roundParams,
    body: entriesBody,
    responses: { 200: { description: 'the entries, recorded', schema: entriesReplySchema } },
    handler: async ({ params, body, user }) => {
      await requireCampaign(ctx, params.id);
      const view = await roundView(params.id, params.roundId);
      if (view.status !== 'open') throw roundClosed(params.roundId);
      const scheme = (await schemeVersionsOf(params.id, view.schemeId)).find((v) => v.version === view.schemeVersion);
      if (!scheme) throw new AppError(ErrorType.NotFound, `scheme "${view.schemeId}" version ${view.schemeVersion} is not found`);
      const root = await storage.units.get(view.subtreeRootId);
      const seen = new Map<string, string>();
      for (const [i, e] of body.entries.entries()) {
        if (!seen.has(e.unitId)) seen.set(e.unitId, (await access.requireUnitVisible(user, e.unitId)).path);
        if (!root || !seen.get(e.unitId)!.startsWith(root.path)) throw new AppError(ErrorType.InvalidInput, `entries[${i}]: unit "${e.unitId}" is not in the round's subtree (${view.subtreeRootId})`);
        const item = scheme.items.find((it) => it.id === e.itemId);
        const refusal = item && scorerRefusal(user, item.scoredBy, item.id);
        if (refusal) throw new AppError(ErrorType.Forbidden, `entries[${i}]: ${refusal}`);
      }
      for (const [unitId] of seen) {
        const asked = [...new Set(body.entries.filter((e) => e.unitId === unitId && e.memberId).map((e) => e.memberId!))];
        const found = new Set((await storage.members.findInUnit(unitId, asked)).map((m) => m.id));
        const stranger = asked.find((m) => !found.has(m));
        if (stranger) throw new AppError(ErrorType.InvalidInput, `member "${stranger}" is not a member of unit "${unitId}"; score a member under the unit that runs its campaign`);
      }
      const entries = body.entries.map((e) => ({ subjectType: e.memberId ? ('member' as const) : ('unit' as const), unitId: e.unitId, memberId: e.memberId ?? null, itemId: e.itemId, value: e.value as never }));
      try {
        return { status: 200, body: await handle(params.id, params.roundId).executeUpdate(enterScoresUpdate, { args: [{ actor: user.id, entries }] }) };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw roundClosed(params.roundId);
        throw error;
      }
    },
  });

  /** The started units of both the round's subtree and the caller's that have no entry in the round (未評): every item missing. */
  async function unscoredResults(campaignId: string, round: ScoringRoundRow, root: { path: string }) {
    const roundRoot = await storage.units.get(round.subtreeRootId);
    if (!roundRoot) return [];
    const within = roundRoot.path.startsWith(root.path) ? roundRoot.path : root.path.startsWith(roundRoot.path) ? root.path : undefined;
    if (!within) return [];
    const scheme = (await schemeVersionsOf(campaignId, round.schemeId)).find((v) => v.version === round.schemeVersion);
    const items = scheme?.items.map((i) => i.id) ?? [];
    const max = scheme?.items.reduce((sum, i) => sum + i.weight, 0) ?? 0;
    const scored = new Set(await storage.scoring.unitsWithEntries(campaignId, round.roundId));
    return (await storage.campaignUnits.startedUnitIdsInSubtree(campaignId, within))
      .filter((unitId) => !scored.has(unitId))
      .map((unitId) => ({ roundId: round.roundId, unitId, memberId: null, total: 0, max, percent: 0, grade: null, detail: {}, unscored: true, missingItems: items }));
  }

  routes.add({
    method: 'get',
    path: '/campaigns/:id/scoring/rounds',
    tag: 'scoring',
    summary: "The campaign's scoring rounds, each with its cadence: those the 每月一星 cadence opened (monthly_star, with the month) and those the office opened (manual)",
    description:
      "With the plan's 每月一星 cadence (scheme, closing day, reminder days), or null. The office sees every round; a supervisor or a unit names one of its units (`subtreeRootId`) and sees the rounds covering it or inside its subtree (a round's root outside their units is named as their unit).",
    access: 'authenticated',
    params: campaignParams,
    query: roundListQuery,
    responses: { 200: { description: 'the rounds, by year and id', schema: roundListSchema } },
    handler: async ({ params, query, user }) => {
      const plan = planOf(await requireCampaign(ctx, params.id));
      if (user.role !== 'admin' && query.subtreeRootId === undefined) throw new AppError(ErrorType.InvalidInput, 'give subtreeRootId: one of your units (the rounds covering it or inside its subtree are listed)');
      const root = query.subtreeRootId === undefined ? undefined : await access.requireUnitVisible(user, query.subtreeRootId);
      const paths = new Map<string, string | undefined>();
      const rounds = [];
      for (const r of await storage.scoring.listRounds(params.id)) {
        if (!paths.has(r.subtreeRootId)) paths.set(r.subtreeRootId, (await storage.units.get(r.subtreeRootId))?.path);
        const path = paths.get(r.subtreeRootId);
        if (root && (!path || !(path.startsWith(root.path) || root.path.startsWith(path)))) continue;
        const monthly = r.roundId.startsWith(MONTHLY_STAR_ROUND_PREFIX);
        const { campaignId, roundId, schemeId, schemeVersion, subject, year, classificationRound, status, closesAt, scored } = r;
        const subtreeRootId = root && !(await access.canSeeUnit(user, r.subtreeRootId)) ? root.id : r.subtreeRootId;
        rounds.push({ campaignId, roundId, schemeId, schemeVersion, subject, year, classificationRound, subtreeRootId, status, closesAt, scored, cadence: monthly ? ('monthly_star' as const) : ('manual' as const), month: monthly ? roundId.slice(MONTHLY_STAR_ROUND_PREFIX.length) : null });
      }
      const m = plan.scoring?.monthlyStar;
      return { status: 200, body: { campaignId: params.id, monthlyStar: m ? { schemeId: m.schemeId, closesOnDay: m.closesOnDay, remindDaysBefore: m.remindDaysBefore ?? 3 } : null, rounds } };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/scoring/rounds/:roundId/results',
    tag: 'scoring',
    summary: "A round's computed scores over a subtree: total, maximum, percent, the proposed grade and each item's points with the entry it comes from",
    description: "The office any subtree; a supervisor a subtree they supervise; a unit its own unit only. Empty until the round closes.",
    access: 'authenticated',
    params: roundParams,
    query: subtreeQuery,
    responses: { 200: { description: 'the results', schema: resultsReplySchema } },
    handler: async ({ params, query, user }) => {
      await requireCampaign(ctx, params.id);
      const root = await access.requireUnitVisible(user, query.subtreeRootId);
      const round = await storage.scoring.getRound(params.id, params.roundId);
      if (!round) throw new AppError(ErrorType.NotFound, `campaign "${params.id}" has no scoring round "${params.roundId}"`);
      const results = (await storage.scoring.listResults(params.id, params.roundId, root.path)).map((r) => ({ ...r, unscored: false, missingItems: (r.detail.missingItems as string[] | undefined) ?? [] }));
      const unscored = round.status === 'closed' ? await unscoredResults(params.id, round, root) : [];
      const all = [...results, ...unscored];
      const own = user.role === 'unit' ? all.filter((r) => r.unitId === root.id) : all;
      const { campaignId, roundId, schemeId, schemeVersion, subject, year, classificationRound, status, closesAt, scored } = round;
      // The round's own subtree root is named only to a caller who may see it.
      const subtreeRootId = (await access.canSeeUnit(user, round.subtreeRootId)) ? round.subtreeRootId : root.id;
      return {
        status: 200,
        body: { round: { campaignId, roundId, schemeId, schemeVersion, subject, year, classificationRound, subtreeRootId, status, closesAt, scored }, results: own, unscoredCount: own.filter((r) => r.unscored).length },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/campaigns/:id/scoring/upgrade-report',
    tag: 'scoring',
    summary: "The yearly upgrade report (三分類三升級) of a subtree: counts and shares by grade per year, moves from the year before, the plan's classificationTargets met or not, lagging units not yet transformed with their rectification items; JSON or CSV",
    description:
      'Grades are the confirmed classifications (`unit.classified`) of rounds named by a year (2011, 2011-h2 …). The advanced rate counts units commended (評選表彰) in the year. The office any subtree; a supervisor a subtree they supervise; a unit its own unit only. `format=csv` downloads it.',
    access: 'authenticated',
    params: campaignParams,
    query: reportQuery,
    responses: { 200: { description: 'the report', schema: upgradeReportSchema } },
    handler: async ({ params, query, user, res }) => {
      const plan = planOf(await requireCampaign(ctx, params.id));
      const root = await access.requireUnitVisible(user, query.subtreeRootId);
      const unitIds: string[] = [];
      if (user.role === 'unit') unitIds.push(root.id);
      else {
        for (let afterId: string | undefined; ; ) {
          const page = await storage.units.listSubtree(root.id, { afterId, limit: UNITS_PAGE });
          if (!page) break;
          unitIds.push(...page.units.map((u) => u.id));
          if (!page.nextAfterId) break;
          afterId = page.nextAfterId;
        }
      }
      const grades: YearGrade[] = (await storage.scoring.classificationsInSubtree(params.id, root.path)).flatMap((c) => {
        const year = /^([0-9]{4})/.exec(c.round);
        return year ? [{ unitId: c.unitId, year: Number(year[1]), grade: c.grade }] : [];
      });
      const commended = await storage.scoring.commendedInSubtree(params.id, root.path);
      const reports = upgradeReport({ unitIds, grades, commended, targets: plan.classificationTargets });
      // Rectification items only for the units listed as not yet transformed.
      const items = new Map<string, Array<{ itemId: string; status: string }>>();
      for (const unitId of new Set(reports.flatMap((r) => r.laggingNotTransformed.map((l) => l.unitId)))) {
        items.set(unitId, (await storage.rectifications.listForUnit(params.id, unitId)).map((i) => ({ itemId: i.itemId, status: i.status })));
      }
      const years = reports.map((r) => ({ ...r, laggingNotTransformed: r.laggingNotTransformed.map((l) => ({ unitId: l.unitId, items: items.get(l.unitId) ?? [] })) }));
      if (query.format === 'csv') {
        res.status(200);
        res.set('Content-Type', 'text/csv; charset=utf-8');
        res.attachment(`upgrade-report-${params.id}-${root.id}.csv`);
        res.send(stringify(upgradeReportRows(years), { bom: true }));
        return;
      }
      return { status: 200, body: { campaignId: params.id, subtreeRootId: root.id, targets: plan.classificationTargets ?? null, years } };
    },
  });
}
