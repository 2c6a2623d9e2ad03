/**
 * The commendation rules (評選表彰, issue 14), pure: eligibility from ledger
 * facts with their sequence numbers, quotas, collective decisions, the notice
 * window, and the seeds' rounds in the templates.
 */
import { addDays } from '../../domain/calendar';
import { approvedByVotes, candidateIdOf, checkEligibility, noticeWindow, quotaLeft, voteProblem, type LedgerFact } from '../../domain/commendation';
import { parsePlan } from '../../domain/plan';
import { eligibilityRulesSchema } from '../../domain/plan-commendation';
import { eligibilityRulesFor } from '../../domain/commendation-rules';
import { rebasePlanToYear } from '../../domain/rebase';
import { TEMPLATES } from '../../domain/templates';

let seq = 0;
const fact = (kind: string, unitId: string, payload: Record<string, unknown> = {}): LedgerFact => ({
  seq: ++seq,
  key: `c/${unitId}/${kind}/${seq}`,
  kind,
  unitId,
  occurredAt: '2026-03-01T00:00:00.000Z',
  payload,
});
const rules = eligibilityRulesSchema.parse({ minGrade: 'average', commitmentsFulfilled: true, minScore: 80 });

describe('eligibility from the ledger (專項台帳是表彰的依據)', () => {
  test('when a unit has an accountability rung, an open rectification, a lagging grade, an unkept commitment and a low score, then each rule fails with its facts and their sequence numbers', () => {
    const rung = fact('escalation.rung', 'b1', { rung: 'accountability', taskId: 't1' });
    const opened = fact('rectification.opened', 'b1', { itemId: 'r1' });
    const closedOpened = fact('rectification.opened', 'b1', { itemId: 'r2' });
    const verified = fact('rectification.verified', 'b1', { itemId: 'r2' });
    const oldGrade = fact('unit.classified', 'b1', { grade: 'advanced' });
    const grade = fact('unit.classified', 'b1', { grade: 'lagging' });
    const published = fact('commitment.published', 'b1', { commitmentId: 'k1' });
    const score = fact('score.computed', 'b1', { subjectType: 'unit', unitId: 'b1', total: 61, maxTotal: 100 });
    const result = checkEligibility(rules, { kind: 'unit', unitId: 'b1' }, [rung, opened, closedOpened, verified, oldGrade, grade, published, score]);
    expect(result.eligible).toBe(false);
    expect(result.failures.map((f) => [f.rule, f.facts.map((x) => x.seq)])).toEqual([
      ['noAccountability', [rung.seq]],
      ['noOpenRectification', [opened.seq]],
      ['minGrade', [grade.seq]],
      ['commitmentsFulfilled', [published.seq]],
      ['minScore', [score.seq]],
    ]);
    expect(result.failures[0].label.zh).toBe('本次活動中無問責記錄');
  });

  test('when a unit has kept everything and another unit has the blame, then it is eligible', () => {
    const facts = [
      fact('escalation.rung', 'b2', { rung: 'accountability' }),
      fact('unit.classified', 'b1', { grade: 'average' }),
      fact('commitment.published', 'b1', { commitmentId: 'k1' }),
      fact('commitment.fulfilled', 'b1', { commitmentId: 'k1' }),
      fact('score.computed', 'b1', { subjectType: 'unit', unitId: 'b1', total: 90, maxTotal: 100 }),
      fact('escalation.rung', 'b1', { rung: 'warning' }),
    ];
    expect(checkEligibility(rules, { kind: 'unit', unitId: 'b1' }, facts)).toEqual({ eligible: true, failures: [] });
  });

  test("when a member is scored too low, and its unit has an accountability record, then both fail; another member's score does not count", () => {
    const mine = fact('score.computed', 'b1', { subjectType: 'member', unitId: 'b1', memberId: 'm1', total: 70, maxTotal: 100 });
    const other = fact('score.computed', 'b1', { subjectType: 'member', unitId: 'b1', memberId: 'm2', total: 99, maxTotal: 100 });
    const rung = fact('escalation.rung', 'b1', { rung: 'accountability' });
    const result = checkEligibility(eligibilityRulesSchema.parse({ minScore: 80 }), { kind: 'member', memberId: 'm1', unitId: 'b1' }, [mine, other, rung]);
    expect(result.failures.map((f) => [f.rule, f.facts.map((x) => x.seq)])).toEqual([
      ['noAccountability', [rung.seq]],
      ['minScore', [mine.seq]],
    ]);
  });

  test('when a required fact is missing (no grade, no score), then the rule fails with no facts and says what is required', () => {
    const result = checkEligibility(rules, { kind: 'unit', unitId: 'b9' }, []);
    expect(result.failures.map((f) => [f.rule, f.facts])).toEqual([
      ['minGrade', []],
      ['minScore', []],
    ]);
    expect(result.failures[0].message).toContain('average');
  });
});

describe('eligibility by grade and score (issue 13\'s unit.classified and score.computed)', () => {
  const score = (unitId: string, schemeId: string, total: number, max: number, extra: Record<string, unknown> = {}) =>
    fact('score.computed', unitId, { roundId: '2011', schemeId, schemeVersion: 1, unitId, total, max, grade: total / max >= 0.85 ? 'advanced' : 'average', ...extra });
  const byGradeAndShare = eligibilityRulesSchema.parse({ minGrade: 'average', minScoreShare: 0.8, scoreSchemeId: 'five-goods' });

  test('when the latest grade is lagging and the latest score of the scheme is below the share, then both fail citing those rows, not the older or other-scheme ones', () => {
    const oldGrade = fact('unit.classified', 'g1', { round: '2010', grade: 'advanced' });
    const grade = fact('unit.classified', 'g1', { round: '2011', grade: 'lagging' });
    const oldScore = score('g1', 'five-goods', 95, 100);
    const low = score('g1', 'five-goods', 70, 100);
    const otherScheme = score('g1', 'satisfaction', 99, 100);
    const result = checkEligibility(byGradeAndShare, { kind: 'unit', unitId: 'g1' }, [oldGrade, oldScore, grade, low, otherScheme]);
    expect(result.failures.map((f) => [f.rule, f.facts.map((x) => x.seq)])).toEqual([
      ['minGrade', [grade.seq]],
      ['minScoreShare', [low.seq]],
    ]);
    expect(result.failures[0].message).toContain('後進 (lagging)');
    expect(result.failures[0].message).toContain('一般 (average)');
    expect(result.failures[1].message).toContain('70 of 100 (70 %)');
    expect(result.failures[1].label.zh).toBe('量化考評得分率不低於要求');
  });

  test('when the grade is average and the score is 80 of 100, then the unit is eligible; a member score row of the unit does not count for the unit', () => {
    const facts = [fact('unit.classified', 'g2', { round: '2011', grade: 'average' }), score('g2', 'five-goods', 80, 100), score('g2', 'five-goods', 10, 100, { memberId: 'm7' })];
    expect(checkEligibility(byGradeAndShare, { kind: 'unit', unitId: 'g2' }, facts)).toEqual({ eligible: true, failures: [] });
    const member = checkEligibility(eligibilityRulesSchema.parse({ minScore: 60 }), { kind: 'member', memberId: 'm7', unitId: 'g2' }, facts);
    expect(member.failures.map((f) => [f.rule, f.facts.map((x) => x.seq)])).toEqual([['minScore', [facts[2].seq]]]);
  });

  test('when a score has no maximum, or no score of the scheme is recorded, then the share rule fails and says so', () => {
    const noMax = fact('score.computed', 'g3', { schemeId: 'five-goods', unitId: 'g3', total: 90 });
    expect(checkEligibility(byGradeAndShare, { kind: 'unit', unitId: 'g3' }, [fact('unit.classified', 'g3', { grade: 'advanced' }), noMax]).failures.map((f) => [f.rule, f.message])).toEqual([
      ['minScoreShare', expect.stringContaining('no maximum recorded')],
    ]);
    const none = checkEligibility(byGradeAndShare, { kind: 'unit', unitId: 'g3' }, [fact('unit.classified', 'g3', { grade: 'advanced' }), score('g3', 'satisfaction', 100, 100)]);
    expect(none.failures.map((f) => [f.rule, f.facts])).toEqual([['minScoreShare', []]]);
    expect(none.failures[0].message).toContain('scheme "five-goods"');
  });

  test("when a category carries its own rules, then they apply over the round's for that category only", () => {
    const round = {
      eligibility: eligibilityRulesSchema.parse({ noAccountability: true }),
      categories: [
        { id: 'advanced_organisation', name: { zh: '先進基層黨組織', en: 'advanced organisation' }, subject: 'unit' as const, eligibility: { minGrade: 'advanced' as const, minScoreShare: 0.9 } },
        { id: 'excellent_member', name: { zh: '優秀共產黨員', en: 'excellent member' }, subject: 'member' as const },
      ],
    };
    expect(eligibilityRulesFor(round, 'advanced_organisation')).toMatchObject({ noAccountability: true, noOpenRectification: true, minGrade: 'advanced', minScoreShare: 0.9 });
    expect(eligibilityRulesFor(round, 'excellent_member')).toEqual(round.eligibility);
  });
});

describe('quotas, votes and the notice window', () => {
  const level = { id: 'l', name: { zh: '支部', en: 'branch' }, depth: 1, quotas: { excellent_member: 2 }, recommendBy: '2026-05-01', assessBy: '2026-05-10', approveBy: '2026-05-15' };
  test('when a unit has used its quota, then none is left; a category without a quota has none', () => {
    expect(quotaLeft(level, 'excellent_member', 1)).toBe(1);
    expect(quotaLeft(level, 'excellent_member', 2)).toBe(0);
    expect(quotaLeft(level, 'advanced_organisation', 0)).toBe(0);
  });
  test('when votes are counted, then more than half of those present approve, and more votes than people are refused', () => {
    expect(approvedByVotes({ for: 5, against: 4, abstain: 0 }, 9)).toBe(true);
    expect(approvedByVotes({ for: 4, against: 3, abstain: 1 }, 9)).toBe(false);
    expect(voteProblem({ for: 8, against: 3, abstain: 0 }, 9)).toContain('11 votes');
    expect(voteProblem({ for: 8, against: 1, abstain: 0 }, 9)).toBeUndefined();
  });
  test('when a decision is taken, then the notice closes at the end of the local day publicNoticeDays later', () => {
    const decidedAt = Date.parse('2026-05-15T02:00:00Z'); // 10:00 in Asia/Shanghai
    const window = noticeWindow(decidedAt, 7);
    expect(window.closesOn).toBe(addDays('2026-05-15', 7));
    expect(new Date(window.closesAt).toISOString()).toBe('2026-05-22T15:59:59.999Z');
  });
  test('when a subject is recommended twice in a category, then it is the same candidate id', () => {
    expect(candidateIdOf('excellent_member', { kind: 'member', memberId: 'm1', unitId: 'b1' })).toBe(candidateIdOf('excellent_member', { kind: 'member', memberId: 'm1', unitId: 'b2' }));
  });
});

describe("the seeds' rounds", () => {
  const plans = Object.fromEntries(Object.entries(TEMPLATES).map(([id, t]) => [id, parsePlan(t.plan)]));
  test('when the templates are parsed, then seed 000 runs five steps up to the division, 003 has the 90th-anniversary group and the 2012 upward report, 001 the 2012 July 1 round', () => {
    const rounds = (id: string) => plans[id].commendation?.rounds ?? [];
    expect(rounds('seed-000-regiment').map((r) => [r.id, r.levels.map((l) => l.depth), r.reportTo?.zh])).toEqual([['regiment-2011', [2, 1, 0], '師黨委']]);
    expect(rounds('seed-003-bureau').map((r) => [r.id, r.levels.at(-1)?.before?.milestone])).toEqual([
      ['first-group-2011', 'party-90th-anniversary'],
      ['upward-2012', 'july-1'],
    ]);
    expect(rounds('seed-001-township').map((r) => [r.id, r.levels.at(-1)?.before])).toEqual([['july-1-2012', { milestone: 'july-1', year: 2012 }]]);
    expect(rounds('seed-000-regiment')[0].categories.map((c) => c.name.zh)).toEqual(['先進基層黨組織', '優秀共產黨員', '優秀黨務工作者']);
  });

  test('when a template is re-dated by years, then its rounds move with it and still precede their milestones', () => {
    const moved = rebasePlanToYear(plans['seed-001-township'], 2027);
    const level = moved.commendation!.rounds[0].levels[1];
    expect([level.approveBy, level.before]).toEqual(['2028-06-20', { milestone: 'july-1', year: 2028 }]);
    expect(() => parsePlan(moved)).not.toThrow();
  });

  test('when a level would end its notice after its milestone, or quotes an unknown category, then the plan is refused naming the field', () => {
    const plan = structuredClone(TEMPLATES['seed-001-township'].plan) as Record<string, any>;
    plan.commendation.rounds[0].levels[1].approveBy = '2012-06-28';
    plan.commendation.rounds[0].levels[0].quotas.heroes = 1;
    expect(() => parsePlan(plan)).toThrow(/approveBy[\s\S]*not before july-1|heroes/);
    try {
      parsePlan(plan);
    } catch (error) {
      const text = String((error as Error).message) + JSON.stringify((error as { problems?: unknown }).problems ?? '');
      expect(text).toContain('unknown category "heroes"');
      expect(text).toContain('not before july-1 (2012-07-01)');
    }
  });
});
