/**
 * One public commitment (公開承諾, 承諾踐諾) of a unit or of one of its
 * members: reminded before its completion date; its maker reports the
 * fulfilment with evidence; a leader reviews it with a rating (領導點評); the
 * masses rate it as counts (群眾評議). Past its date without a report it climbs
 * the plan's commitment ladder; still unfulfilled when the plan's phase ends
 * (seed 003: 示範帶動、整改提高) it goes under listed supervision (掛牌督辦,
 * 跟蹤問效). It counts as kept (commitment.fulfilled) by domain/commitments.ts:
 * isKept, and the workflow then ends. Member ids only, never names.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft } from '../activities';
import { daysBetween, localDateOf } from '../domain/calendar';
import { commitmentMessage, commitmentReminderSteps, isKept } from '../domain/commitments';
import { ErrorType } from '../domain/errors';
import { lightOf, rungSteps } from '../domain/escalation';
import { COMMITMENT_STATUSES, RUNGS, type Rung } from '../domain/labels';
import { dueNow, owedRungSteps, reachedRung } from '../domain/ladder';
import type { NotificationDraft } from '../domain/notifications';
import { weekdaysOnly } from '../domain/schedule';
import type { CommitmentCarriedState, CommitmentInput, CommitmentView } from '../contracts';
import { commitmentStateQuery, rateCommitmentUpdate, reportCommitmentUpdate, reviewCommitmentUpdate } from '../contracts/workflow-handles';
import { QUICK } from './activity-options';
import { workflowNow, workflowNowIso } from './clock';
import { deliverOrHandOver } from './delivery';
import { refuse } from './refuse';

const { commitEvents } = proxyActivities<Activities>(QUICK);

/** @see CommitmentInput; the workflow id is `commitmentWorkflowId(campaignId, unitId, commitmentId)`. */
export async function commitmentWorkflow(input: CommitmentInput): Promise<CommitmentView> {
  const { campaignId, unitId, commitmentId, memberId } = input;
  const state: CommitmentCarriedState = input.carried ?? {
    status: 'published',
    published: false,
    reports: 0,
    reviews: 0,
    ratings: 0,
    reminders: [],
    escalations: [],
    listedUnderSupervision: false,
  };
  let changed = false;
  const ladder = { ladder: input.rules.ladder, atHour: input.atHour };
  const keyPrefix = `${campaignId}/${unitId}/commitment/${commitmentId}`;
  const fulfilled = () => state.status === 'fulfilled';
  /** The ladder climbs only while no fulfilment has been reported. */
  const owedRungs = () => (state.reports === 0 ? owedRungSteps(ladder, input.dueDate, state.escalations, weekdaysOnly) : []);
  const owedReminders = () =>
    state.reports === 0 ? commitmentReminderSteps(input.dueDate, input.rules.remindDaysBefore, input.atHour).filter((r) => !state.reminders.includes(r.daysBefore)) : [];

  function currentRung(): Rung | null {
    if (fulfilled()) return null;
    return reachedRung(rungSteps(ladder, input.dueDate, weekdaysOnly), state.escalations, state.listedUnderSupervision ? 'listed_supervision' : null);
  }

  function view(): CommitmentView {
    const rung = currentRung();
    return {
      campaignId,
      unitId,
      commitmentId,
      memberId,
      content: input.content,
      dueDate: input.dueDate,
      audience: input.audience,
      channels: input.channels,
      publishedBy: input.publishedBy,
      status: state.status,
      statusLabel: COMMITMENT_STATUSES[state.status],
      fulfilled: fulfilled(),
      rung,
      light: lightOf(rung, state.reminders.length > 0),
      listedUnderSupervision: state.listedUnderSupervision,
      reports: state.reports,
      ...(state.lastReport ? { lastReport: state.lastReport } : {}),
      ...(state.review ? { review: state.review } : {}),
      ...(state.massRating ? { massRating: state.massRating } : {}),
    };
  }

  const entry = (kind: string, keySuffix: string, actor: string, payload: Record<string, unknown> = {}): LedgerEntryDraft => ({
    key: `${keyPrefix}/${keySuffix}`,
    campaignId,
    unitId,
    kind,
    actor,
    // Rows about a member carry its id (never its name).
    payload: { commitmentId, ...(memberId ? { memberId } : {}), ...payload },
    occurredAt: workflowNowIso(),
  });
  const notice = (keySuffix: string, notify: NotificationDraft['notify'], message: { subject: string; body: string }): NotificationDraft => ({
    key: `${keyPrefix}/${keySuffix}`,
    campaignId,
    unitId,
    kind: 'commitment',
    notify,
    subject: message.subject,
    body: message.body,
    payload: { commitmentId, ...(memberId ? { memberId } : {}), dueDate: input.dueDate },
  });

  async function commit(entries: LedgerEntryDraft[], notifications: NotificationDraft[] = []): Promise<void> {
    const commitmentState = {
      campaignId,
      unitId,
      commitmentId,
      memberId,
      dueDate: input.dueDate,
      status: state.status,
      fulfilled: fulfilled(),
      listed: state.listedUnderSupervision,
      // Grows with every committed change, across continue-as-new runs too.
      revision: 1 + state.reports + state.reviews + state.ratings + state.reminders.length + state.escalations.length + (state.listedUnderSupervision ? 1 : 0) + (fulfilled() ? 1 : 0),
    };
    const { notificationKeys = [] } = await commitEvents({ entries, notifications, commitmentState });
    await deliverOrHandOver(notificationKeys);
  }

  /** After a review or a rating: whether the commitment now counts as kept. */
  function keptEntries(actor: string): LedgerEntryDraft[] {
    if (fulfilled()) return [];
    const kept = isKept({ reported: state.reports > 0, review: state.review, massRating: state.massRating?.counts }, input.rules.fulfilment);
    if (!kept) return [];
    state.status = 'fulfilled';
    return [entry('commitment.fulfilled', 'fulfilled', actor, { rule: input.rules.fulfilment, review: state.review?.rating, massRating: state.massRating?.counts })];
  }

  const mustBeReported = (what: string) => {
    if (state.reports === 0) refuse(ErrorType.InvalidTransition, `commitment ${commitmentId} has no fulfilment report yet; ${what} follows the maker's report (POST …/commitments/${commitmentId}/report)`);
  };

  setHandler(commitmentStateQuery, view);

  setHandler(
    reportCommitmentUpdate,
    async ({ actor, evidence }) => {
      state.reports += 1;
      if (state.status === 'published') state.status = 'reported';
      state.lastReport = { by: actor, at: workflowNowIso(), evidence };
      changed = true;
      await commit([entry('commitment.reported', `reported/${state.reports}`, actor, { evidence, report: state.reports })]);
      return view();
    },
    {
      validator: (_input) => {
        if (fulfilled()) refuse(ErrorType.InvalidTransition, `commitment ${commitmentId} is already fulfilled (已踐諾); nothing more to report`);
      },
    },
  );

  setHandler(
    reviewCommitmentUpdate,
    async ({ actor, rating, comment }) => {
      state.review = { by: actor, at: workflowNowIso(), rating, ...(comment ? { comment } : {}) };
      changed = true;
      state.reviews += 1;
      await commit([entry('commitment.reviewed', `reviewed/${state.reviews}`, actor, { rating, comment: comment ?? null, report: state.reports }), ...keptEntries(actor)]);
      return view();
    },
    {
      validator: (_input) => {
        if (fulfilled()) refuse(ErrorType.InvalidTransition, `commitment ${commitmentId} is already fulfilled (已踐諾); its review stands`);
        mustBeReported("a leader's review (領導點評)");
      },
    },
  );

  setHandler(
    rateCommitmentUpdate,
    async ({ actor, counts }) => {
      state.massRating = { by: actor, at: workflowNowIso(), counts };
      changed = true;
      state.ratings += 1;
      await commit([entry('commitment.rated', `rated/${state.ratings}`, actor, { counts, report: state.reports }), ...keptEntries(actor)]);
      return view();
    },
    {
      validator: (_input) => {
        if (fulfilled()) refuse(ErrorType.InvalidTransition, `commitment ${commitmentId} is already fulfilled (已踐諾); its rating stands`);
        mustBeReported("the masses' rating (群眾評議)");
      },
    },
  );

  if (!state.published) {
    state.published = true;
    await commit([
      entry('commitment.published', 'published', input.publishedBy, { content: input.content, dueDate: input.dueDate, audience: input.audience, channels: input.channels }),
    ]);
  }

  while (!fulfilled()) {
    changed = false;
    const now = workflowNow();
    const listAt = input.listUnderSupervisionAt ? Date.parse(input.listUnderSupervisionAt) : undefined;
    const entries: LedgerEntryDraft[] = [];
    const notifications: NotificationDraft[] = [];
    for (const reminder of dueNow(owedReminders(), now)) {
      state.reminders.push(reminder.daysBefore);
      entries.push(entry('commitment.reminded', `reminded/${reminder.daysBefore}`, 'system', { dueDate: input.dueDate, daysBefore: reminder.daysBefore }));
      notifications.push(notice(`reminded/${reminder.daysBefore}`, ['secretary'], commitmentMessage({ content: input.content, dueDate: input.dueDate, event: 'reminder', daysBefore: reminder.daysBefore })));
    }
    for (const step of dueNow(owedRungs(), now)) {
      state.escalations.push(step.id);
      const overdueDays = Math.max(1, daysBetween(input.dueDate, localDateOf(now)));
      entries.push(entry('commitment.rung', step.id, 'system', { rung: step.rung, label: RUNGS[step.rung], dueDate: input.dueDate, overdueDays }));
      notifications.push(notice(step.id, step.notify, commitmentMessage({ content: input.content, dueDate: input.dueDate, event: 'rung', rungLabel: RUNGS[step.rung] })));
    }
    if (listAt !== undefined && now > listAt && !state.listedUnderSupervision) {
      state.listedUnderSupervision = true;
      entries.push(entry('commitment.listed', 'listed-supervision', 'system', { rung: 'listed_supervision', label: RUNGS.listed_supervision, dueDate: input.dueDate }));
      notifications.push(notice('listed-supervision', ['secretary', 'supervisor'], commitmentMessage({ content: input.content, dueDate: input.dueDate, event: 'listed' })));
    }
    if (entries.length) await commit(entries, notifications);
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof commitmentWorkflow>({ ...input, carried: state });
    }
    const upcoming = [
      ...owedReminders().map((r) => r.at),
      ...owedRungs().map((s) => s.at),
      ...(listAt !== undefined && !state.listedUnderSupervision ? [listAt + 1] : []),
    ].filter((t) => t > now);
    if (fulfilled()) break;
    if (upcoming.length) await condition(() => changed, Math.min(...upcoming) - now);
    else await condition(() => changed);
  }
  await condition(allHandlersFinished);
  return view();
}
