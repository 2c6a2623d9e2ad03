/**
 * One level of a commendation round (評選表彰), seed 000's five steps:
 * 推薦 (the level's units recommend until recommendBy, reminded before it) →
 * 考核 (the superior assesses each candidate, chased after assessBy) →
 * 審定 (the committee's collective decision with its vote counts, 集中審議,
 * chased after approveBy) → 公示 (publicNoticeDays on a timer; objections hold
 * a candidate until upheld or dismissed) → 表彰 (what stands is commended and
 * praised, 通報表揚; the round recommends it to the next level up).
 */
import { allHandlersFinished, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft } from '../activities';
import { endOfLocalDay } from '../domain/calendar';
import { approvedByVotes, candidateIdOf, categoryOf, checkEligibility, noticeWindow, quotaLeft, voteProblem } from '../domain/commendation';
import { eligibilityRulesFor } from '../domain/commendation-rules';
import { reminderSteps } from '../domain/escalation';
import { dueNow, owedRungSteps } from '../domain/ladder';
import { CANDIDATE_STATUSES, COMMENDATION_STEPS, PRAISE, PRAISE_REASONS, label, type CandidateStatus } from '../domain/labels';
import { ErrorType } from '../domain/errors';
import type { NotificationDraft } from '../domain/notifications';
import { weekdaysOnly } from '../domain/schedule';
import type { CandidateView, CommendationLevelInput, CommendationLevelView, LevelStage, RecommendCandidateInput, DecideLevelInput, IneligibleDetails } from '../contracts';
import {
  assessCandidateUpdate,
  closeRecommendationsUpdate,
  commendationLevelQuery,
  decideLevelUpdate,
  objectCandidateUpdate,
  recommendCandidateUpdate,
  resolveObjectionUpdate,
} from '../contracts/workflow-handles';
import { QUICK } from './activity-options';
import { workflowNow, workflowNowIso } from './clock';
import { deliverOrHandOver } from './delivery';
import { refuse } from './refuse';

const { commitEvents, commendationLevelUnits, lookupCommendationCandidate } = proxyActivities<Activities>(QUICK);

const STAGE_LABELS: Record<LevelStage, { zh: string; en: string }> = {
  recommending: COMMENDATION_STEPS.recommend,
  assessing: { zh: `${COMMENDATION_STEPS.assess.zh}、${COMMENDATION_STEPS.approve.zh}`, en: 'assessment and approval' },
  notice: COMMENDATION_STEPS.notice,
  commending: { zh: '公示期滿,待處理異議', en: 'notice closed: objections being resolved' },
  done: COMMENDATION_STEPS.commend,
};

/** Assessment and approval are chased after their deadlines: the supervisor first, then the office. */
const LEVEL_LADDER = {
  atHour: 9,
  ladder: [
    { rung: 'reminder' as const, afterDays: 1, workingDays: false, notify: ['supervisor' as const] },
    { rung: 'circulated_criticism' as const, afterDays: 7, workingDays: false, notify: ['office' as const] },
  ],
};

/** @see CommendationLevelInput; id `commendationLevelWorkflowId(campaign, round, level)`. */
export async function commendationLevelWorkflow(input: CommendationLevelInput): Promise<{ commended: CandidateView[] }> {
  const { campaignId, roundId, round, level } = input;
  const prefix = `${campaignId}/commendation/${roundId}/${level.id}`;
  let stage: LevelStage = 'recommending';
  const candidates = new Map<string, CandidateView>();
  const escalations: string[] = [];
  const approveChased: string[] = [];
  let decision: CommendationLevelView['decision'];
  let closedEarly: CommendationLevelView['recommendationsClosedEarly'];
  let notice: CommendationLevelView['notice'];
  let objections = 0;
  let changed = false;
  const recommendClosesAt = endOfLocalDay(level.recommendBy);
  // New runs: candidates carried up from the level below take places of the quota of the unit that carries them,
  // and the decision approves no more per unit and category than the quota (runs from before count own ones only).
  const carriedTakeQuota = patched('commendation-carried-quota-v1');

  const setStatus = (c: CandidateView, status: CandidateStatus) => {
    c.status = status;
    c.statusLabel = CANDIDATE_STATUSES[status];
  };
  const view = (): CommendationLevelView => ({
    campaignId,
    roundId,
    levelId: level.id,
    levelName: level.name,
    stage,
    stageLabel: STAGE_LABELS[stage],
    recommendBy: level.recommendBy,
    assessBy: level.assessBy,
    approveBy: level.approveBy,
    ...(closedEarly ? { recommendationsClosedEarly: closedEarly } : {}),
    ...(decision ? { decision } : {}),
    ...(notice ? { notice } : {}),
    candidates: [...candidates.values()],
  });
  const entry = (kind: string, suffix: string, actor: string, unitId: string | null, payload: Record<string, unknown> = {}): LedgerEntryDraft => ({
    key: `${prefix}/${suffix}`,
    campaignId,
    unitId,
    kind,
    actor,
    payload: { roundId, levelId: level.id, ...payload },
    occurredAt: workflowNowIso(),
  });
  const noticeOf = (suffix: string, unitId: string, notify: NotificationDraft['notify'], subject: string, body: string): NotificationDraft => ({
    key: `${prefix}/${suffix}`,
    campaignId,
    unitId,
    kind: 'commendation',
    notify,
    subject,
    body,
    payload: { roundId, levelId: level.id },
  });
  async function commit(entries: LedgerEntryDraft[], notifications: NotificationDraft[] = []) {
    const { notificationKeys = [] } = await commitEvents({ entries, notifications });
    await deliverOrHandOver(notificationKeys);
  }
  const candidate = (candidateId: string, unitId?: string): CandidateView => {
    const c = candidates.get(candidateId);
    if (!c || (unitId !== undefined && c.recommendedBy !== unitId)) refuse(ErrorType.NotFound, `level "${level.id}" has no candidate "${candidateId}"${unitId ? ` recommended by ${unitId}` : ''}; GET the level to list its candidates`);
    return c;
  };
  const openObjections = (c: CandidateView) => c.objections.filter((o) => o.status === 'open');
  const active = () => [...candidates.values()].filter((c) => c.status !== 'withdrawn' && c.status !== 'not_approved');

  function checkRecommendation(rec: Pick<RecommendCandidateInput, 'recommendingUnitId' | 'categoryId' | 'subject'>) {
    if (closedEarly) refuse(ErrorType.InvalidTransition, `recommendations (推薦) for level "${level.id}" were closed early by the office on ${closedEarly.at.slice(0, 10)} (${closedEarly.reason}); ask the office about the next round`);
    if (stage !== 'recommending' || workflowNow() > recommendClosesAt) refuse(ErrorType.InvalidTransition, `recommendations (推薦) for level "${level.id}" closed on ${level.recommendBy}; ask the office about the next round`);
    const category = categoryOf(round, rec.categoryId);
    if (!category) refuse(ErrorType.InvalidInput, `round "${roundId}" has no category "${rec.categoryId}"; it has ${round.categories.map((c) => c.id).join(', ')}`);
    if (category.subject !== rec.subject.kind) refuse(ErrorType.InvalidInput, `category "${category.id}" (${category.name.zh}) commends a ${category.subject}, not a ${rec.subject.kind}`);
    const id = candidateIdOf(rec.categoryId, rec.subject.kind === 'unit' ? rec.subject : { ...rec.subject, unitId: '' });
    if (candidates.has(id)) refuse(ErrorType.Conflict, `"${id}" is already recommended at level "${level.id}" (by ${candidates.get(id)!.recommendedBy}); a candidate is recommended once per category`);
    const taken = [...candidates.values()].filter((c) => c.recommendedBy === rec.recommendingUnitId && c.categoryId === rec.categoryId && (carriedTakeQuota || !c.fromLevel));
    if (quotaLeft(level, rec.categoryId, taken.length) === 0) {
      const carried = taken.filter((c) => c.fromLevel).length;
      const carriedNote = carried ? ` (${carried} of them carried up from the level below: ${taken.filter((c) => c.fromLevel).map((c) => c.candidateId).join(', ')})` : '';
      refuse(ErrorType.InvalidTransition, `the quota of ${level.quotas[rec.categoryId] ?? 0} for ${category.name.zh} (${category.name.en}) at level "${level.id}" is used up by ${rec.recommendingUnitId}${carriedNote}; recommend no more in this category`);
    }
    return { category, id };
  }

  setHandler(commendationLevelQuery, view);

  setHandler(
    recommendCandidateUpdate,
    async (rec) => {
      checkRecommendation(rec);
      const found = await lookupCommendationCandidate({ campaignId, recommendingUnitId: rec.recommendingUnitId, subject: rec.subject });
      // Checked again after the read: another recommendation may have taken the place meanwhile.
      const { category, id } = checkRecommendation(rec);
      if (!found.subjectUnitId || !found.inSubtree) {
        refuse(ErrorType.InvalidInput, `${rec.subject.kind} "${rec.subject.kind === 'unit' ? rec.subject.unitId : rec.subject.memberId}" is not in the subtree of ${rec.recommendingUnitId}; a unit recommends only itself, the units below it and their members`);
      }
      const subject = rec.subject.kind === 'unit' ? { kind: 'unit' as const, unitId: rec.subject.unitId } : { kind: 'member' as const, memberId: rec.subject.memberId, unitId: found.subjectUnitId };
      const eligibility = checkEligibility(eligibilityRulesFor(round, category.id), subject, found.facts);
      if (!eligibility.eligible) {
        const evidence = eligibility.failures.map((f) => `${f.label.zh} (${f.label.en}): ${f.message}${f.facts.length ? ` [ledger seq ${f.facts.map((x) => x.seq).join(', ')}]` : ''}`).join('; ');
        const details: IneligibleDetails = { candidateId: id, failures: eligibility.failures };
        refuse(ErrorType.InvalidTransition, `"${id}" is not eligible: ${evidence}. Recommend another candidate, or resolve these first`, details);
      }
      const c: CandidateView = {
        candidateId: id,
        categoryId: category.id,
        categoryName: category.name,
        subject,
        name: found.name ?? id,
        recommendedBy: rec.recommendingUnitId,
        recommenderPath: found.recommenderPath ?? '',
        reason: rec.reason,
        status: 'recommended',
        statusLabel: CANDIDATE_STATUSES.recommended,
        recommended: { by: rec.actor, at: workflowNowIso() },
        objections: [],
      };
      candidates.set(id, c);
      changed = true;
      await commit([entry('commendation.recommended', `candidate/${id}/recommended`, rec.actor, rec.recommendingUnitId, { candidateId: id, categoryId: category.id, subject, reason: rec.reason, eligibilityFacts: found.facts.map((f) => f.seq) })]);
      return c;
    },
    { validator: (rec) => void checkRecommendation(rec) },
  );

  setHandler(
    assessCandidateUpdate,
    async ({ actor, candidateId, comment, score }) => {
      const c = candidate(candidateId);
      c.assessment = { by: actor, at: workflowNowIso(), comment, score };
      setStatus(c, 'assessed');
      changed = true;
      await commit([entry('commendation.assessed', `candidate/${candidateId}/assessed`, actor, c.recommendedBy, { candidateId, comment, score })]);
      return c;
    },
    {
      validator: ({ candidateId, recommendingUnitId, score }) => {
        if (stage === 'recommending') refuse(ErrorType.InvalidTransition, `assessment (考核) opens when recommendations close on ${level.recommendBy}; assess after that day, or the office closes recommendations early`);
        if (stage !== 'assessing') refuse(ErrorType.InvalidTransition, `level "${level.id}" is past assessment (${STAGE_LABELS[stage].en})`);
        const c = candidate(candidateId, recommendingUnitId);
        if (c.status !== 'recommended') refuse(ErrorType.Conflict, `"${candidateId}" is already ${c.statusLabel.en}`);
        if (!(score >= 0 && score <= 100)) refuse(ErrorType.InvalidInput, 'score must be 0 to 100');
      },
    },
  );

  /** The committee approves at most the quota per recommending unit and category, carried candidates included. */
  function refuseApprovalsBeyondQuota(votes: DecideLevelInput['votes'], present: number) {
    const approved = new Map<string, string[]>();
    for (const v of votes.filter((x) => approvedByVotes(x, present))) {
      const c = candidate(v.candidateId);
      const group = `${c.recommendedBy}\u0000${c.categoryId}`;
      approved.set(group, [...(approved.get(group) ?? []), c.candidateId]);
    }
    for (const ids of approved.values()) {
      const c = candidate(ids[0]);
      const quota = level.quotas[c.categoryId] ?? 0;
      if (ids.length > quota) {
        refuse(ErrorType.InvalidTransition, `the votes approve ${ids.length} ${c.categoryName.zh} (${c.categoryName.en}) from ${c.recommendedBy} (${ids.join(', ')}) but the quota at level "${level.id}" is ${quota}; approve at most ${quota} (vote the others down)`);
      }
    }
  }

  setHandler(
    closeRecommendationsUpdate,
    async ({ actor, reason }) => {
      closedEarly = { by: actor, at: workflowNowIso(), reason };
      stage = 'assessing';
      changed = true;
      await commit([entry('commendation.recommendations_closed', 'recommendations-closed', actor, null, { candidates: [...candidates.keys()], early: true, reason, recommendBy: level.recommendBy })]);
      return view();
    },
    {
      validator: ({ reason }) => {
        if (!reason.trim()) refuse(ErrorType.InvalidInput, 'say why recommendations close before the deadline (e.g. every unit has recommended)');
        if (stage !== 'recommending' || workflowNow() > recommendClosesAt) refuse(ErrorType.InvalidTransition, `recommendations (推薦) for level "${level.id}" are already closed (${STAGE_LABELS[stage].en})`);
      },
    },
  );

  setHandler(
    decideLevelUpdate,
    async ({ actor, meeting, present, votes }) => {
      const at = workflowNow();
      decision = { by: actor, at: new Date(at).toISOString(), present, meeting };
      const window = noticeWindow(at, input.publicNoticeDays);
      notice = { opensAt: new Date(window.opensAt).toISOString(), closesAt: new Date(window.closesAt).toISOString(), closesOn: window.closesOn };
      const entries: LedgerEntryDraft[] = [];
      for (const v of votes) {
        const c = candidate(v.candidateId);
        c.votes = { for: v.for, against: v.against, abstain: v.abstain };
        setStatus(c, approvedByVotes(v, present) ? 'on_notice' : 'not_approved');
      }
      entries.push(entry('commendation.decided', 'decided', actor, null, { meeting, present, votes, approved: votes.filter((v) => approvedByVotes(v, present)).map((v) => v.candidateId) }));
      entries.push(entry('commendation.notice_opened', 'notice/opened', 'system', null, { ...notice, candidates: active().map((c) => c.candidateId) }));
      stage = 'notice';
      changed = true;
      await commit(entries);
      return view();
    },
    {
      validator: ({ present, votes }: DecideLevelInput) => {
        if (stage !== 'assessing') refuse(ErrorType.InvalidTransition, stage === 'recommending' ? `approval (審定) follows assessment; recommendations close on ${level.recommendBy}` : `level "${level.id}" is already decided`);
        const pending = [...candidates.values()].filter((c) => c.status === 'recommended');
        if (pending.length) refuse(ErrorType.InvalidTransition, `assess every candidate first: ${pending.map((c) => c.candidateId).join(', ')} not yet assessed (考核)`);
        const held = [...candidates.values()].filter((c) => openObjections(c).length);
        if (held.length) refuse(ErrorType.InvalidTransition, `resolve the open objections first: ${held.map((c) => `${c.candidateId} (${openObjections(c).map((o) => o.receipt).join(', ')})`).join('; ')}`);
        const decided = new Set(votes.map((v) => v.candidateId));
        const missing = active().filter((c) => !decided.has(c.candidateId));
        if (missing.length || decided.size !== votes.length) refuse(ErrorType.InvalidInput, `give one vote count per assessed candidate: missing ${missing.map((c) => c.candidateId).join(', ') || '(duplicates given)'}`);
        for (const v of votes) {
          candidate(v.candidateId);
          const problem = voteProblem(v, present);
          if (problem) refuse(ErrorType.InvalidInput, `${v.candidateId}: ${problem}`);
        }
        if (carriedTakeQuota) refuseApprovalsBeyondQuota(votes, present);
      },
    },
  );

  setHandler(
    objectCandidateUpdate,
    async ({ actor, source, candidateId, text, contact }) => {
      const c = candidate(candidateId);
      objections += 1;
      const objectionId = `o${objections}`;
      const receipt = `${roundId}-${level.id}-${String(objections).padStart(4, '0')}`.toUpperCase();
      c.objections.push({ objectionId, receipt, source, text, ...(contact ? { contact } : {}), status: 'open', received: { by: actor, at: workflowNowIso() } });
      if (c.status === 'on_notice') setStatus(c, 'held');
      changed = true;
      // The ledger keeps the objection, not the objector's contact details.
      await commit([entry('commendation.objection_received', `candidate/${candidateId}/objection/${objectionId}`, actor, c.recommendedBy, { candidateId, objectionId, receipt, source, text })]);
      return { receipt, objectionId, candidate: c };
    },
    {
      validator: ({ candidateId, source, text }) => {
        if (!text.trim()) refuse(ErrorType.InvalidInput, 'say what the objection is');
        const closed = stage === 'commending' || stage === 'done' || (notice !== undefined && workflowNow() > Date.parse(notice.closesAt));
        if (closed) refuse(ErrorType.InvalidTransition, `the public notice (公示) of level "${level.id}" closed on ${notice?.closesOn}; objections are no longer taken`);
        if (source === 'public' && stage !== 'notice') refuse(ErrorType.InvalidTransition, `the public notice (公示) of level "${level.id}" has not opened yet; the public form opens with it`);
        const c = candidate(candidateId);
        if (c.status === 'withdrawn' || c.status === 'not_approved') refuse(ErrorType.InvalidTransition, `"${candidateId}" is ${c.statusLabel.en}`);
      },
    },
  );

  setHandler(
    resolveObjectionUpdate,
    async ({ actor, candidateId, objectionId, outcome, reason }) => {
      const c = candidate(candidateId);
      const o = c.objections.find((x) => x.objectionId === objectionId)!;
      o.status = outcome;
      o.resolution = { by: actor, at: workflowNowIso(), reason };
      if (outcome === 'upheld') setStatus(c, 'withdrawn');
      else if (c.status === 'held' && openObjections(c).length === 0) setStatus(c, 'on_notice');
      changed = true;
      await commit([entry(`commendation.objection_${outcome}`, `candidate/${candidateId}/objection/${objectionId}/${outcome}`, actor, c.recommendedBy, { candidateId, objectionId, receipt: o.receipt, reason })]);
      return c;
    },
    {
      validator: ({ candidateId, objectionId, outcome, reason }) => {
        const o = candidate(candidateId).objections.find((x) => x.objectionId === objectionId);
        if (!o) refuse(ErrorType.NotFound, `"${candidateId}" has no objection "${objectionId}"`);
        if (o.status !== 'open') refuse(ErrorType.Conflict, `objection ${o.receipt} is already ${o.status}`);
        if (outcome === 'dismissed' && !reason.trim()) refuse(ErrorType.InvalidInput, 'a dismissed objection needs a written reason (說明不成立的理由)');
      },
    },
  );

  // ---------------------------------------------------------------- the story
  const units = await commendationLevelUnits({ campaignId, depth: level.depth });
  const opened: LedgerEntryDraft[] = [entry('commendation.level_opened', 'opened', 'system', null, { depth: level.depth, units: units.map((u) => u.unitId), quotas: level.quotas, recommendBy: level.recommendBy })];
  for (const c of input.carried) {
    candidates.set(c.candidateId, c);
    opened.push(entry('commendation.recommended', `candidate/${c.candidateId}/recommended`, 'system', c.recommendedBy, { candidateId: c.candidateId, categoryId: c.categoryId, subject: c.subject, fromLevel: c.fromLevel, upward: true }));
  }
  await commit(opened);

  // 推薦: reminders before the deadline to the secretaries of units that have not recommended yet.
  const reminders = reminderSteps({ reminders: { ...input.reminders, approvalAfterDays: 5 } }, level.recommendBy);
  while (workflowNow() <= recommendClosesAt && !closedEarly) {
    const now = workflowNow();
    const due = dueNow(reminders.filter((r) => !escalations.includes(r.id)), now);
    if (due.length) {
      const notices: NotificationDraft[] = [];
      const entries: LedgerEntryDraft[] = [];
      for (const step of due) {
        escalations.push(step.id);
        for (const u of units.filter((u) => ![...candidates.values()].some((c) => c.recommendedBy === u.unitId))) {
          entries.push(entry('commendation.reminder', `recommend/${u.unitId}/${step.id}`, 'system', u.unitId, { daysBefore: step.daysBefore }));
          notices.push(noticeOf(`recommend/${u.unitId}/${step.id}`, u.unitId, ['secretary'], `【評選表彰 推薦提醒】${round.name.zh}`, `書記 (secretary)：${level.name.zh}的推薦 (recommendation) 截止日期為 ${level.recommendBy}，還有 ${step.daysBefore} 天。名額 (quota)：${JSON.stringify(level.quotas)}。`));
        }
      }
      await commit(entries, notices);
    }
    const next = [...reminders.filter((r) => !escalations.includes(r.id)).map((r) => r.at), recommendClosesAt + 1].filter((t) => t > now);
    changed = false;
    await condition(() => changed, Math.min(...next) - now);
  }
  if (!closedEarly) {
    stage = 'assessing';
    await commit([entry('commendation.recommendations_closed', 'recommendations-closed', 'system', null, { candidates: [...candidates.keys()] })]);
  }

  // 考核 and 審定: chased after their deadlines while owed.
  while (stage === 'assessing') {
    const now = workflowNow();
    const owedAssess = [...candidates.values()].some((c) => c.status === 'recommended') ? owedRungSteps(LEVEL_LADDER, level.assessBy, escalations, weekdaysOnly) : [];
    const owedApprove = owedRungSteps(LEVEL_LADDER, level.approveBy, approveChased, weekdaysOnly);
    const entries: LedgerEntryDraft[] = [];
    const notices: NotificationDraft[] = [];
    for (const step of dueNow(owedAssess, now)) {
      escalations.push(step.id);
      for (const c of [...candidates.values()].filter((x) => x.status === 'recommended')) {
        entries.push(entry('commendation.chased', `assess/${c.candidateId}/${step.id}`, 'system', c.recommendedBy, { candidateId: c.candidateId, rung: step.rung, dueDate: level.assessBy }));
        notices.push(noticeOf(`assess/${c.candidateId}/${step.id}`, c.recommendedBy, step.notify, `【評選表彰 考核逾期】${c.name}`, `候選 (candidate) ${c.name} 的考核 (assessment) 應於 ${level.assessBy} 前完成，至今未考核。`));
      }
    }
    for (const step of dueNow(owedApprove, now)) {
      approveChased.push(step.id);
      entries.push(entry('commendation.chased', `approve/${step.id}`, 'system', null, { rung: step.rung, dueDate: level.approveBy }));
    }
    if (entries.length) await commit(entries, notices);
    const upcoming = [...owedAssess, ...owedApprove].map((s) => s.at).filter((t) => t > now);
    changed = false;
    if (upcoming.length) await condition(() => changed, Math.min(...upcoming) - now);
    else await condition(() => changed);
  }

  // 公示: the window on a timer; objections hold their candidates.
  const closesAt = Date.parse(notice!.closesAt);
  await condition(() => false, Math.max(0, closesAt - workflowNow()) + 1);
  stage = 'commending';
  await commit([entry('commendation.notice_closed', 'notice/closed', 'system', null, { held: active().filter((c) => openObjections(c).length).map((c) => c.candidateId) })]);
  await condition(() => active().every((c) => openObjections(c).length === 0));

  // 表彰 and 通報表揚.
  const commended = active().filter((c) => c.status === 'on_notice');
  const entries: LedgerEntryDraft[] = [];
  const notices: NotificationDraft[] = [];
  for (const c of commended) {
    setStatus(c, 'commended');
    entries.push(entry('commendation.commended', `candidate/${c.candidateId}/commended`, 'system', c.recommendedBy, { candidateId: c.candidateId, categoryId: c.categoryId, subject: c.subject, name: c.name }));
  }
  const names = commended.map((c) => `${c.name} (${c.categoryName.zh})`).join('、');
  entries.push(entry('praise.circulated', 'praise', 'system', null, { label: PRAISE, reason: 'commended', reasonLabel: PRAISE_REASONS.commended, candidates: commended.map((c) => c.candidateId) }));
  for (const unitId of [...new Set(commended.map((c) => c.recommendedBy))]) {
    notices.push(noticeOf(`praise/${unitId}`, unitId, ['secretary', 'office'], `【${label(PRAISE)}】${round.name.zh}·${level.name.zh}`, `經推薦、考核、審定、公示 (recommend, assess, approve, public notice)，予以表彰 (commended)：${names}。`));
  }
  stage = 'done';
  await commit(entries, notices);
  await condition(allHandlersFinished);
  return { commended };
}
