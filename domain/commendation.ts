/**
 * The rules of a commendation round (評選表彰), pure: whether a candidate is
 * eligible from the ledger's facts (專項台帳是表彰的依據), whether a unit's quota
 * is used up, how a collective decision (集中審議) counts its votes, and when
 * the public notice (公示) window closes. The workflows and the API use them;
 * a refusal carries the facts, with their ledger sequence numbers.
 */
import { addDays, endOfLocalDay, localDateOf } from './calendar';
import { CLASSIFICATION_GRADES, ELIGIBILITY_RULES, label, type Bilingual, type ClassificationGrade, type EligibilityRuleId } from './labels';
import type { CommendationLevel, CommendationRound, EligibilityRules } from './plan-commendation';

/** A ledger row as the rules read it. */
export interface LedgerFact {
  seq: number;
  key: string;
  kind: string;
  unitId: string | null;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** Who is a candidate: a unit (先進基層黨組織) or a member (優秀共產黨員, 優秀黨務工作者). */
export type CandidateSubject = { kind: 'unit'; unitId: string } | { kind: 'member'; memberId: string; unitId: string };

export interface EligibilityFailure {
  rule: EligibilityRuleId;
  label: Bilingual;
  message: string;
  /** The facts that make the candidate ineligible (none where a required fact is missing). */
  facts: Array<Pick<LedgerFact, 'seq' | 'kind' | 'key'>>;
}

export interface EligibilityResult {
  eligible: boolean;
  failures: EligibilityFailure[];
}

/** The kinds the rules read (issue 13 and the ladder's). */
export const ELIGIBILITY_FACT_KINDS = [
  'escalation.rung',
  'rectification.rung',
  'review.chased',
  'rectification.opened',
  'rectification.verified',
  'rectification.closed',
  'unit.classified',
  'score.computed',
  'commitment.published',
  'commitment.fulfilled',
  'commitment.listed',
] as const;

const GRADE_RANK: Record<string, number> = { lagging: 0, average: 1, advanced: 2 };
const cite = (fact: LedgerFact) => ({ seq: fact.seq, kind: fact.kind, key: fact.key });
const latest = (facts: LedgerFact[]) => facts.reduce<LedgerFact | undefined>((top, f) => (!top || f.seq > top.seq ? f : top), undefined);

/**
 * A computed score (issue 13's `score.computed`: { roundId, schemeId, schemeVersion, unitId, total, max, grade },
 * with `memberId` for a member's) of the subject, in the scheme if one is named.
 */
function isScoreOf(fact: LedgerFact, subject: CandidateSubject, schemeId: string | undefined): boolean {
  if (fact.kind !== 'score.computed') return false;
  if (schemeId !== undefined && fact.payload.schemeId !== schemeId) return false;
  if (subject.kind === 'member') return fact.payload.memberId === subject.memberId;
  return fact.payload.subjectType !== 'member' && (fact.payload.unitId === undefined || fact.payload.unitId === subject.unitId);
}
/** Points of a score row; `maxTotal` is read as the maximum where `max` is missing. */
const pointsOf = (fact: LedgerFact) => ({ total: Number(fact.payload.total), max: Number(fact.payload.max ?? fact.payload.maxTotal ?? 0) });
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** Facts about the subject: a member's own rows and its unit's blame; a unit's rows not about a single member. */
function aboutSubject(fact: LedgerFact, subject: CandidateSubject): boolean {
  const memberId = fact.payload.memberId;
  const aboutAMember = memberId !== undefined && memberId !== null;
  if (subject.kind === 'member') return aboutAMember ? memberId === subject.memberId : fact.unitId === subject.unitId && isUnitWideBlame(fact);
  return fact.unitId === subject.unitId && !aboutAMember;
}

/** A member carries its unit's accountability and open rectifications too: they are the organisation's, led by its members. */
const isUnitWideBlame = (fact: LedgerFact) => fact.payload.rung === 'accountability' || fact.kind.startsWith('rectification.');

/** Checks the round's rules against the subject's facts; every failing rule is named with its evidence. */
export function checkEligibility(rules: EligibilityRules, subject: CandidateSubject, allFacts: readonly LedgerFact[]): EligibilityResult {
  const facts = allFacts.filter((f) => aboutSubject(f, subject));
  const failures: EligibilityFailure[] = [];
  const fail = (rule: EligibilityRuleId, message: string, evidence: LedgerFact[]) =>
    failures.push({ rule, label: ELIGIBILITY_RULES[rule], message, facts: evidence.map(cite) });

  if (rules.noAccountability) {
    const records = facts.filter((f) => f.payload.rung === 'accountability');
    if (records.length) fail('noAccountability', `${records.length} accountability (問責) record(s) in this campaign`, records);
  }
  if (rules.noOpenRectification) {
    const closed = new Set(facts.filter((f) => f.kind === 'rectification.verified' || f.kind === 'rectification.closed').map((f) => `${f.unitId}/${String(f.payload.itemId)}`));
    const open = facts.filter((f) => f.kind === 'rectification.opened' && !closed.has(`${f.unitId}/${String(f.payload.itemId)}`));
    if (open.length) fail('noOpenRectification', `${open.length} rectification item(s) (整改) opened and not verified: ${open.map((f) => String(f.payload.itemId)).join(', ')}`, open);
  }
  if (rules.minGrade && subject.kind === 'unit') {
    const grade = latest(facts.filter((f) => f.kind === 'unit.classified'));
    const required = label(CLASSIFICATION_GRADES[rules.minGrade]);
    if (!grade) fail('minGrade', `no classification (三分類) recorded; at least ${required} is required`, []);
    else if ((GRADE_RANK[String(grade.payload.grade)] ?? -1) < GRADE_RANK[rules.minGrade]) {
      const was = CLASSIFICATION_GRADES[String(grade.payload.grade) as ClassificationGrade];
      const round = grade.payload.round !== undefined ? ` (round ${String(grade.payload.round)})` : '';
      fail('minGrade', `latest grade${round} is ${was ? label(was) : String(grade.payload.grade)}; at least ${required} is required`, [grade]);
    }
  }
  if (rules.commitmentsFulfilled) {
    const idOf = (f: LedgerFact) => String(f.payload.commitmentId ?? f.key);
    const fulfilled = new Set(facts.filter((f) => f.kind === 'commitment.fulfilled').map(idOf));
    const unkept = facts.filter((f) => (f.kind === 'commitment.published' && !fulfilled.has(idOf(f))) || f.kind === 'commitment.listed');
    if (unkept.length) fail('commitmentsFulfilled', `${unkept.length} public commitment(s) (公開承諾) not fulfilled or listed as unkept`, unkept);
  }
  if (rules.minScore !== undefined || rules.minScoreShare !== undefined) {
    const scheme = rules.scoreSchemeId ? ` of scheme "${rules.scoreSchemeId}"` : '';
    const score = latest(facts.filter((f) => isScoreOf(f, subject, rules.scoreSchemeId)));
    if (!score) {
      if (rules.minScore !== undefined) fail('minScore', `no score (量化考評)${scheme} recorded; at least ${rules.minScore} is required`, []);
      if (rules.minScoreShare !== undefined) fail('minScoreShare', `no score (量化考評)${scheme} recorded; at least ${percent(rules.minScoreShare)} of the maximum is required`, []);
    } else {
      const { total, max } = pointsOf(score);
      if (rules.minScore !== undefined && !(total >= rules.minScore)) fail('minScore', `latest score${scheme} is ${total}; at least ${rules.minScore} is required`, [score]);
      if (rules.minScoreShare !== undefined && !(max > 0 && total / max >= rules.minScoreShare)) {
        fail('minScoreShare', `latest score${scheme} is ${total} of ${max > 0 ? max : '(no maximum recorded)'}${max > 0 ? ` (${percent(total / max)})` : ''}; at least ${percent(rules.minScoreShare)} is required`, [score]);
      }
    }
  }
  return { eligible: failures.length === 0, failures };
}

/** How many more candidates the unit may recommend in the category at the level (0 when the quota is used up). */
export function quotaLeft(level: CommendationLevel, categoryId: string, alreadyRecommended: number): number {
  return Math.max(0, (level.quotas[categoryId] ?? 0) - alreadyRecommended);
}

/** The candidate's id within a level: one per category and subject, so a second recommendation is a duplicate. */
export const candidateIdOf = (categoryId: string, subject: CandidateSubject) => `${categoryId}--${subject.kind === 'unit' ? subject.unitId : subject.memberId}`;

/** A collective decision (集中審議): approved by more than half of the members present. */
export interface Votes {
  for: number;
  against: number;
  abstain: number;
}
export function voteProblem(votes: Votes, present: number): string | undefined {
  const cast = votes.for + votes.against + votes.abstain;
  if (cast > present) return `${cast} votes cast but only ${present} members present`;
  return undefined;
}
export const approvedByVotes = (votes: Votes, present: number) => votes.for * 2 > present;

/** The public notice window: from the decision to the end of the local day `days` days later (Asia/Shanghai). */
export function noticeWindow(decidedAt: number, days: number): { opensAt: number; closesAt: number; closesOn: string } {
  const closesOn = addDays(localDateOf(decidedAt), days);
  return { opensAt: decidedAt, closesAt: endOfLocalDay(closesOn), closesOn };
}

/** The category of a round by id. */
export const categoryOf = (round: CommendationRound, categoryId: string) => round.categories.find((c) => c.id === categoryId);
