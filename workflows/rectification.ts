/**
 * One rectification item (整改), opened after a point review, a spot check or
 * a visit, or for a lagging unit: the unit reports the fix with evidence, the
 * supervisor verifies it or sends it back. Past its deadline (限期整改) it
 * climbs its own ladder (通報批評 → 問責); still open when the demonstration
 * phase ends, it goes under listed supervision (掛牌督辦) and is tracked
 * until done (跟蹤問效).
 */
import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft } from '../activities';
import { daysBetween, localDateOf } from '../domain/calendar';
import { ErrorType } from '../domain/errors';
import { lightOf, rungSteps } from '../domain/escalation';
import { dueNow, owedRungSteps, reachedRung } from '../domain/ladder';
import { createWorkingDayCalendar } from '../domain/holidays/working-days';
import { RECTIFICATION_STATUSES, RUNGS, type Rung } from '../domain/labels';
import { weekdaysOnly } from '../domain/schedule';
import { rectificationMessage, type NotificationDraft } from '../domain/notifications';
import { QUICK } from './activity-options';
import { refuse } from './refuse';

import { deliverOrHandOver } from './delivery';
import { workflowNow, workflowNowIso } from './clock';
import type { RectificationCarriedState, RectificationInput, RectificationView } from '../contracts';
import { rectificationScheduleSignal, rectificationStateQuery, reportRectificationUpdate, sendBackRectificationUpdate, verifyRectificationUpdate, rectificationRevision } from '../contracts/workflow-handles';

const { commitEvents } = proxyActivities<Activities>(QUICK);


/** @see RectificationInput; the workflow id is `rectificationWorkflowId(campaignId, unitId, itemId)`. */
export async function rectificationWorkflow(input: RectificationInput): Promise<RectificationView> {
  const { campaignId, unitId, itemId } = input;
  const state: RectificationCarriedState = input.carried ?? {
    status: 'open',
    opened: false,
    reports: 0,
    sendBacks: 0,
    listedUnderSupervision: false,
    escalations: [],
  };
  let changed = false;
  // Both follow the campaign: a milestone set or moved, a holiday year added (rectificationScheduleSignal).
  let listUnderSupervisionAt = input.listUnderSupervisionAt;
  let scheduleRevision = input.scheduleRevision;
  let holidays = input.holidays;
  let isWorkingDay = holidays ? createWorkingDayCalendar(holidays) : weekdaysOnly;
  const ladder = { ladder: input.ladder, atHour: input.atHour };
  const steps = () => rungSteps(ladder, input.dueDate, isWorkingDay);
  /** The rungs still to come while the item is outstanding: fired when due, slept toward otherwise. */
  const owedRungs = () => (outstanding() ? owedRungSteps(ladder, input.dueDate, state.escalations, isWorkingDay) : []);
  const outstanding = () => state.status === 'open' || state.status === 'sent_back';
  const keyPrefix = `${campaignId}/${unitId}/rectification/${itemId}`;

  function currentRung(): Rung | null {
    if (state.status === 'verified') return null;
    return reachedRung(steps(), state.escalations, state.listedUnderSupervision ? 'listed_supervision' : null);
  }

  function view(): RectificationView {
    const rung = currentRung();
    return {
      campaignId,
      unitId,
      itemId,
      description: input.description,
      source: input.source,
      openedBy: input.openedBy,
      dueDate: input.dueDate,
      status: state.status,
      statusLabel: RECTIFICATION_STATUSES[state.status],
      rung,
      light: lightOf(rung, false),
      listedUnderSupervision: state.listedUnderSupervision,
      reports: state.reports,
      sendBacks: state.sendBacks,
      lastReport: state.lastReport,
      lastSendBack: state.lastSendBack,
      verification: state.verification,
    };
  }

  const entry = (kind: string, keySuffix: string, actor: string, payload: Record<string, unknown> = {}): LedgerEntryDraft => ({
    key: `${keyPrefix}/${keySuffix}`,
    campaignId,
    unitId,
    kind,
    actor,
    payload: { itemId, ...payload },
    occurredAt: workflowNowIso(),
  });
  const notice = (keySuffix: string, notify: NotificationDraft['notify'], message: { subject: string; body: string }): NotificationDraft => ({
    key: `${keyPrefix}/${keySuffix}`,
    campaignId,
    unitId,
    kind: 'rectification',
    notify,
    subject: message.subject,
    body: message.body,
    payload: { itemId, dueDate: input.dueDate },
  });

  /**
   * Writes ledger rows and their notices; a transition (report, send-back,
   * verification) also writes the item's row status in the same transaction,
   * so that reads only read. (The API refreshed the row before; runs recorded
   * then replay without it.)
   */
  async function commit(entries: LedgerEntryDraft[], notifications: NotificationDraft[] = [], transition = false): Promise<void> {
    const rectificationState =
      transition && patched('rectification-records-its-state-v1')
        ? { campaignId, unitId, itemId, status: state.status, revision: rectificationRevision(state) }
        : undefined;
    // Runs recorded before notifications existed return no keys.
    const { notificationKeys = [] } = await commitEvents({ entries, notifications, ...(rectificationState ? { rectificationState } : {}) });
    await deliverOrHandOver(notificationKeys);
  }

  setHandler(rectificationStateQuery, view);
  setHandler(rectificationScheduleSignal, (change) => {
    // A broadcast retried after a newer one, or racing it, must not bring back older dates.
    if (scheduleRevision !== undefined && change.revision <= scheduleRevision) return;
    scheduleRevision = change.revision;
    listUnderSupervisionAt = change.listUnderSupervisionAt;
    if (change.holidays) {
      holidays = change.holidays;
      isWorkingDay = createWorkingDayCalendar(holidays);
    }
    changed = true;
  });

  setHandler(
    reportRectificationUpdate,
    async ({ actor, evidence }) => {
      state.status = 'reported';
      state.reports += 1;
      state.lastReport = { by: actor, at: workflowNowIso(), evidence };
      changed = true;
      await commit([entry('rectification.reported', `reported/${state.reports}`, actor, { evidence, report: state.reports })], [], true);
      return view();
    },
    {
      validator: (_report) => {
        if (!outstanding()) refuse(ErrorType.InvalidTransition, `rectification ${itemId} is ${RECTIFICATION_STATUSES[state.status].en} (${RECTIFICATION_STATUSES[state.status].zh}); a fix can be reported only while it is open or sent back`);
      },
    },
  );

  setHandler(
    verifyRectificationUpdate,
    async ({ actor, comment }) => {
      state.status = 'verified';
      state.verification = { by: actor, at: workflowNowIso(), comment };
      changed = true;
      await commit([entry('rectification.verified', 'verified', actor, { comment: comment ?? null, report: state.reports })], [], true);
      return view();
    },
    {
      validator: (_verification) => {
        if (state.status !== 'reported') refuse(ErrorType.InvalidTransition, `rectification ${itemId} cannot be verified: no reported fix awaits verification`);
      },
    },
  );

  setHandler(
    sendBackRectificationUpdate,
    async ({ actor, reason }) => {
      state.status = 'sent_back';
      state.sendBacks += 1;
      state.lastSendBack = { by: actor, at: workflowNowIso(), reason };
      changed = true;
      await commit([entry('rectification.sent_back', `sent-back/${state.sendBacks}`, actor, { reason, report: state.reports })], [], true);
      return view();
    },
    {
      validator: ({ reason }) => {
        if (!reason?.trim()) refuse(ErrorType.InvalidInput, 'say what is still lacking, so the unit can fix it');
        if (state.status !== 'reported') refuse(ErrorType.InvalidTransition, `rectification ${itemId} cannot be sent back: no reported fix awaits verification`);
      },
    },
  );

  if (!state.opened) {
    state.opened = true;
    await commit(
      [entry('rectification.opened', 'opened', input.openedBy, { description: input.description, source: input.source, dueDate: input.dueDate })],
      [notice('opened', ['secretary'], rectificationMessage({ description: input.description, dueDate: input.dueDate, event: 'opened' }))],
    );
  }

  // For new runs: a send-back arriving while a pass commits wakes the next wait at once.
  const promptWakeup = patched('prompt-wakeup-v1');
  while (state.status !== 'verified') {
    if (promptWakeup) changed = false;
    const now = workflowNow();
    const listAt = listUnderSupervisionAt ? Date.parse(listUnderSupervisionAt) : undefined;
    const entries: LedgerEntryDraft[] = [];
    const notifications: NotificationDraft[] = [];
    // Rungs are reached only after the deadline: each is no earlier than just after it.
    for (const step of dueNow(owedRungs(), now)) {
      state.escalations.push(step.id);
      const overdueDays = Math.max(1, daysBetween(input.dueDate, localDateOf(now)));
      entries.push(entry('rectification.rung', step.id, 'system', { rung: step.rung, label: RUNGS[step.rung], dueDate: input.dueDate, overdueDays }));
      notifications.push(notice(step.id, step.notify, rectificationMessage({ description: input.description, dueDate: input.dueDate, event: 'rung', rung: step.rung, overdueDays })));
    }
    if (listAt !== undefined && now > listAt && !state.listedUnderSupervision) {
      state.listedUnderSupervision = true;
      entries.push(entry('rectification.listed', 'listed-supervision', 'system', { rung: 'listed_supervision', label: RUNGS.listed_supervision }));
      notifications.push(notice('listed-supervision', ['secretary', 'supervisor'], rectificationMessage({ description: input.description, dueDate: input.dueDate, event: 'listed' })));
    }
    if (entries.length) await commit(entries, notifications);
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof rectificationWorkflow>({
        ...input,
        listUnderSupervisionAt,
        ...(scheduleRevision !== undefined ? { scheduleRevision } : {}),
        ...(holidays ? { holidays } : {}),
        carried: state,
      });
    }
    // Read again: a schedule change may have arrived while this pass committed.
    const listAtNext = listUnderSupervisionAt ? Date.parse(listUnderSupervisionAt) : undefined;
    const upcoming = [
      ...owedRungs().map((s) => s.at),
      ...(listAtNext !== undefined && !state.listedUnderSupervision ? [listAtNext + 1] : []),
    ].filter((t) => t > now);
    if (!promptWakeup) changed = false;
    if (upcoming.length) await condition(() => changed, Math.min(...upcoming) - now);
    else await condition(() => changed);
  }
  await condition(allHandlersFinished);
  return view();
}


