/**
 * The campaign's supervision beyond single events (seed 000 §(三), seed 003 ㈡㈢):
 * the methods the plan schedules per phase, leaders' contact points (聯繫點)
 * and the visits each owes per period, and criticism of a unit's poor effort
 * (不重視、不得力、少創新). An occurrence or a visit not recorded by its due date is
 * chased up the plan's review ladder; a criticism opens a rectification item
 * (限期整改) whose own ladder climbs to 通報批評 and 問責.
 */
import { proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft } from '../activities';
import { startOfLocalDay } from '../domain/calendar';
import { ErrorType } from '../domain/errors';
import { rungSteps } from '../domain/escalation';
import { POOR_EFFORT_GROUNDS, RUNGS, SUPERVISION_KINDS, label } from '../domain/labels';
import type { Plan } from '../domain/plan';
import { contactVisitPeriods, supervisionOccurrences } from '../domain/supervision-periods';
import type { NotificationDraft } from '../domain/notifications';
import { QUICK } from './activity-options';
import { workflowNow, workflowNowIso } from './clock';
import { deliverOrHandOver } from './delivery';
import { openRectificationItems, type ItemOpeningContext } from './open-rectification';
import { refuse } from './refuse';
import type { CampaignAmendments, SupervisionCarriedState, SupervisionKind, SupervisionObligation } from '../contracts';
import { criticiseUnitUpdate, designateContactPointsUpdate, nameFirstResponsibleUpdate, supervisionScheduleQuery } from '../contracts/workflow-handles';

const { commitEvents, drawScheduledSample, nameFirstResponsible } = proxyActivities<Activities>(QUICK);

const HOUR_MS = 3600_000;

export interface CampaignSupervisionContext {
  campaignId: string;
  plan: Plan;
  /** False in runs recorded before scheduled supervision (patch supervision-methods-schedule-v1). */
  enabled: boolean;
  state: () => SupervisionCarriedState;
  amendments: () => CampaignAmendments;
  itemContext: ItemOpeningContext;
}

/** The next thing due: an obligation whose period has begun, or a rung reached by one not recorded. */
type DueStep = { kind: 'open'; obligation: SupervisionObligation; sampleSize?: number } | { kind: 'rung'; obligation: SupervisionObligation; rungIndex: number };

export function createCampaignSupervision(ctx: CampaignSupervisionContext) {
  const { campaignId, plan } = ctx;
  const startAt = (date: string) => startOfLocalDay(date) + plan.reminders.atHour * HOUR_MS;
  const ladder = { ladder: plan.reviewLadder, atHour: plan.reminders.atHour };

  const entry = (kind: string, keySuffix: string, actor: string, unitId: string | null, payload: Record<string, unknown>): LedgerEntryDraft => ({
    key: `${campaignId}/campaign/${keySuffix}`,
    campaignId,
    unitId,
    kind,
    actor,
    payload,
    occurredAt: workflowNowIso(),
  });

  /** Every obligation the plan and the designations ask for, whether begun or not (not yet in state: a fresh one). */
  function planned(): Array<{ obligation: SupervisionObligation; sampleSize?: number }> {
    if (!ctx.enabled) return [];
    const dates = ctx.amendments().milestoneDates;
    const methods = supervisionOccurrences(plan, dates).map((o) => ({
      obligation: {
        id: `method/${o.id}`,
        kind: o.kind,
        entryId: o.entryId,
        leaderId: null,
        unitIds: o.target.kind === 'subtrees' ? [...o.target.unitIds] : [],
        seed: null,
        start: o.start,
        dueDate: o.dueDate,
        recordedEventId: null,
        rung: null,
      } satisfies SupervisionObligation,
      ...(o.target.kind === 'sample' ? { sampleSize: o.target.size } : {}),
    }));
    const periods = contactVisitPeriods(plan, dates);
    const visits = ctx.state().contactPoints.flatMap((cp) =>
      periods
        // A contact point designated in the middle of a period owes a visit in it already.
        .filter((p) => p.end >= cp.designatedAt.slice(0, 10))
        .map((p) => ({
          obligation: {
            id: `visit/${cp.leaderId}/${cp.unitId}/${p.id}`,
            kind: 'contact_point_visit' as const,
            entryId: null,
            leaderId: cp.leaderId,
            unitIds: [cp.unitId],
            seed: null,
            start: p.start,
            dueDate: p.dueDate,
            recordedEventId: null,
            rung: null,
          } satisfies SupervisionObligation,
        })),
    );
    return [...methods, ...visits];
  }

  function nextStep(now: number): { step?: DueStep; wakeAt?: number } {
    const obligations = ctx.state().obligations;
    let wakeAt: number | undefined;
    const consider = (at: number) => {
      if (at > now && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
    };
    for (const candidate of planned()) {
      const held = obligations[candidate.obligation.id];
      if (!held) {
        // Owed from its first day; a sample is drawn (and its supervisors told) at the plan's hour.
        const opensAt = candidate.sampleSize === undefined ? startOfLocalDay(candidate.obligation.start) : startAt(candidate.obligation.start);
        if (opensAt <= now) return { step: { kind: 'open', ...candidate } };
        consider(opensAt);
        continue;
      }
      if (held.recordedEventId !== null) continue;
      const steps = rungSteps(ladder, held.dueDate);
      const reached = held.rung === null ? -1 : steps.findIndex((s) => s.rung === held.rung);
      const next = steps[reached + 1];
      if (!next) continue;
      if (next.at <= now) return { step: { kind: 'rung', obligation: held, rungIndex: reached + 1 } };
      consider(next.at);
    }
    return { wakeAt };
  }

  async function run(step: DueStep): Promise<void> {
    const obligations = ctx.state().obligations;
    if (step.kind === 'open') {
      const obligation = { ...step.obligation };
      if (step.sampleSize !== undefined) {
        // Drawn with a seed the ledger keeps (as the spot check's), from the units started by then.
        const drawn = await drawScheduledSample({
          campaignId,
          obligationId: obligation.id,
          kind: obligation.kind,
          sampleSize: step.sampleSize,
          seed: `${campaignId}/${obligation.id}/${uuid4()}`,
          occurredAt: workflowNowIso(),
        });
        obligation.unitIds = drawn.unitIds;
        obligation.seed = drawn.seed;
        await deliverOrHandOver(drawn.notificationKeys);
      }
      obligations[obligation.id] = obligation;
      return;
    }
    const { obligation, rungIndex } = step;
    const rungStep = rungSteps(ladder, obligation.dueDate)[rungIndex];
    const what = obligation.leaderId ? `聯繫點指導 (contact-point visit) by ${obligation.leaderId}` : label(SUPERVISION_KINDS[obligation.kind as keyof typeof SUPERVISION_KINDS] ?? SUPERVISION_KINDS.hearing_reports);
    const keySuffix = `supervision-schedule/${obligation.id}/${rungStep.id}`;
    const subject = `【${RUNGS[rungStep.rung].zh} (${RUNGS[rungStep.rung].en})】${what} 未按期開展 (not recorded by ${obligation.dueDate})`;
    const body = `按計劃應於 ${obligation.start} 至 ${obligation.dueDate} 開展的 ${what} 尚未記錄 (has not been recorded)。請開展並記錄 (record it with POST /campaigns/${campaignId}/supervision-events${obligation.leaderId ? '' : `, scheduledId "${obligation.id}"`})。`;
    const units = obligation.unitIds.length ? obligation.unitIds : [null];
    const notifications: NotificationDraft[] = units.map((unitId) => ({
      key: `${campaignId}/campaign/${keySuffix}${unitId ? `/unit/${unitId}` : ''}`,
      campaignId,
      unitId,
      kind: 'supervision',
      // Without a unit only the office can be told.
      notify: unitId ? rungStep.notify : ['office'],
      subject,
      body,
      payload: { obligationId: obligation.id, rung: rungStep.rung, dueDate: obligation.dueDate, leaderId: obligation.leaderId },
    }));
    const { notificationKeys } = await commitEvents({
      entries: [
        entry(obligation.leaderId ? 'contact_point.visit_missed' : 'supervision.missed', keySuffix, 'system', obligation.leaderId ? obligation.unitIds[0] : null, {
          obligationId: obligation.id,
          kind: obligation.kind,
          rung: rungStep.rung,
          label: RUNGS[rungStep.rung],
          dueDate: obligation.dueDate,
          unitIds: obligation.unitIds,
          leaderId: obligation.leaderId,
        }),
      ],
      notifications,
    });
    obligations[obligation.id] = { ...obligation, rung: rungStep.rung };
    await deliverOrHandOver(notificationKeys);
  }

  /**
   * Obligations whose first day has come but not yet taken up by the main loop (before the plan's
   * hour, or a contact point designated a moment ago): an event that day carries them out. Samples wait for their draw.
   */
  function takeUpBegun(now: number): void {
    const obligations = ctx.state().obligations;
    for (const { obligation, sampleSize } of planned()) {
      if (sampleSize === undefined && !obligations[obligation.id] && startOfLocalDay(obligation.start) <= now) obligations[obligation.id] = obligation;
    }
  }

  /** Set by a designation: the main loop's wait recomputes its wake time. */
  let wakeRequested = false;

  /** The obligation a recorded event carries out, if any: the one named, or the earliest open one of its kind (of the actor's contact points for a visit). */
  function obligationsMetBy(kind: SupervisionKind, actor: string, unitIds: string[], scheduledId: string | undefined): SupervisionObligation[] {
    const now = workflowNow();
    takeUpBegun(now);
    const open = Object.values(ctx.state().obligations)
      .filter((o) => o.recordedEventId === null && startOfLocalDay(o.start) <= now)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    if (kind === 'contact_point_visit') {
      return unitIds.flatMap((unitId) => {
        const first = open.find((o) => o.leaderId === actor && o.unitIds[0] === unitId);
        return first ? [first] : [];
      });
    }
    if (scheduledId !== undefined) return open.filter((o) => o.id === scheduledId);
    const first = open.find((o) => o.leaderId === null && o.kind === kind && (o.seed === null || o.unitIds.some((u) => unitIds.includes(u))));
    return first ? [first] : [];
  }

  return {
    nextStep,
    run,
    wakeRequested: () => wakeRequested,
    clearWakeRequest: () => {
      wakeRequested = false;
    },

    /** Refuses what cannot be recorded: a visit to a unit that is not the actor's contact point, an unknown or met occurrence. */
    validateEvent(kind: SupervisionKind, actor: string, unitIds: string[] | undefined, scheduledId: string | undefined): void {
      if (kind === 'contact_point_visit') {
        const mine = new Set(ctx.state().contactPoints.filter((cp) => cp.leaderId === actor).map((cp) => cp.unitId));
        const not = (unitIds ?? []).filter((u) => !mine.has(u));
        if (not.length) {
          refuse(
            ErrorType.InvalidTransition,
            `units ${not.map((u) => `"${u}"`).join(', ')} are not contact points (聯繫點) of ${actor}; designate them first (POST /campaigns/${campaignId}/contact-points), or record another kind of event`,
          );
        }
      }
      if (scheduledId !== undefined) {
        const held = ctx.state().obligations[scheduledId];
        if (!held || held.leaderId !== null) refuse(ErrorType.NotFound, `no scheduled supervision "${scheduledId}" has begun in campaign "${campaignId}"; see GET /campaigns/${campaignId}/supervision-schedule`);
        if (held.kind !== kind) refuse(ErrorType.InvalidInput, `"${scheduledId}" schedules a ${held.kind}, not a ${kind}`);
        if (held.recordedEventId !== null) refuse(ErrorType.Conflict, `"${scheduledId}" was already carried out by event "${held.recordedEventId}"`);
      }
    },

    /** Marks what the event carried out (ledger rows keyed by the obligation); returns the scheduled occurrence's id, if one. */
    async recordMet(eventId: string, kind: SupervisionKind, actor: string, unitIds: string[], scheduledId: string | undefined): Promise<string | null> {
      if (!ctx.enabled) return null;
      // A retried request under the same event id carries out nothing more.
      const already = Object.values(ctx.state().obligations).filter((o) => o.recordedEventId === eventId);
      if (already.length) return already.find((o) => o.leaderId === null)?.id ?? null;
      const met = obligationsMetBy(kind, actor, unitIds, scheduledId);
      if (!met.length) return null;
      for (const o of met) ctx.state().obligations[o.id] = { ...o, recordedEventId: eventId };
      await commitEvents({
        entries: met.map((o) =>
          entry(o.leaderId ? 'contact_point.visited' : 'supervision.carried_out', `supervision-schedule/${o.id}/recorded`, actor, o.leaderId ? o.unitIds[0] : null, {
            obligationId: o.id,
            eventId,
            kind,
            dueDate: o.dueDate,
          }),
        ),
      });
      return met.find((o) => o.leaderId === null)?.id ?? null;
    },

    registerHandlers(): void {
      setHandler(supervisionScheduleQuery, () => ({
        contactPoints: ctx.state().contactPoints,
        obligations: Object.values(ctx.state().obligations),
      }));

      setHandler(
        designateContactPointsUpdate,
        async ({ leaderId, unitIds, actor }) => {
          const state = ctx.state();
          const added = [...new Set(unitIds)].filter((u) => !state.contactPoints.some((cp) => cp.leaderId === leaderId && cp.unitId === u)).sort();
          const designatedAt = workflowNowIso();
          if (added.length) {
            state.contactPoints.push(...added.map((unitId) => ({ leaderId, unitId, designatedBy: actor, designatedAt })));
            wakeRequested = true;
            await commitEvents({
              entries: added.map((unitId) => entry('contact_point.designated', `contact-point/${leaderId}/${unitId}`, actor, unitId, { leaderId, unitId, label: SUPERVISION_KINDS.contact_point_visit })),
            });
          }
          return { leaderId, contactPoints: state.contactPoints.filter((cp) => cp.leaderId === leaderId), added };
        },
        {
          validator: ({ unitIds }) => {
            if (!unitIds?.length) refuse(ErrorType.InvalidInput, 'name at least one unit to designate as a contact point (聯繫點)');
          },
        },
      );

      setHandler(
        nameFirstResponsibleUpdate,
        async ({ changeId, unitId, person, reason, actor }) => {
          const namedAt = workflowNowIso();
          await nameFirstResponsible({ campaignId, unitId, changeId, person, reason, actor, occurredAt: namedAt });
          return { person, source: 'named' as const, namedBy: actor, namedAt, reason };
        },
        {
          validator: ({ person, reason }) => {
            if (!person?.name?.trim()) refuse(ErrorType.InvalidInput, 'name the first responsible person (第一責任人)');
            if (!reason?.trim()) refuse(ErrorType.InvalidInput, 'say why the first responsible person changes; the ledger records it');
          },
        },
      );

      setHandler(
        criticiseUnitUpdate,
        async ({ criticismId, unitId, grounds, reason, evidence, dueDate, actor }) => {
          const groundsText = grounds.map((g) => POOR_EFFORT_GROUNDS[g].zh).join('、');
          await commitEvents({
            entries: [
              {
                ...entry('criticism.poor_effort', '', actor, unitId, { criticismId, grounds, groundsLabels: grounds.map((g) => POOR_EFFORT_GROUNDS[g]), reason, evidence, itemId: `criticism-${criticismId}` }),
                key: `${campaignId}/${unitId}/criticism/${criticismId}`,
              },
            ],
          });
          const [opened] = await openRectificationItems(ctx.itemContext, [
            {
              unitId,
              itemId: `criticism-${criticismId}`,
              description: `限期整改 (rectify by the deadline)：${groundsText} — ${reason}`,
              ...(dueDate !== undefined ? { dueDate } : {}),
              source: 'poor_effort',
              actor,
            },
          ]);
          return { criticismId, unitId, rectification: opened.view };
        },
        {
          validator: ({ reason, grounds }) => {
            if (!reason?.trim()) refuse(ErrorType.InvalidInput, 'say why the unit is criticised (不重視、不得力、少創新): the reason goes in the ledger');
            if (!grounds?.length) refuse(ErrorType.InvalidInput, 'name at least one ground: not_serious, not_effective or little_innovation');
          },
        },
      );
    },
  };
}
