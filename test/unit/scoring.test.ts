/** Scoring rules (量化考評) and the seeds' schemes: every figure worked out by hand. */
import { computeRound, computeScore, entryProblem, gradeFor, itemFraction, type RecordedEntry } from '../../domain/scoring';
import { scoringPlanSchema, scoringSchemeSchema, type ScoringScheme } from '../../domain/plan-scoring';
import { parsePlan } from '../../domain/plan';
import { monthlyStarMonths, nextMonthlyStarMonth } from '../../domain/monthly-star';
import { startOfLocalDay } from '../../domain/calendar';
import { getTemplate } from '../../domain/templates';
import { FIVE_GOODS, TEN_STARS } from '../../domain/templates/scoring';

const fiveGoods = scoringSchemeSchema.parse(FIVE_GOODS);
const tenStars = scoringSchemeSchema.parse(TEN_STARS);
const unitEntry = (itemId: string, value: RecordedEntry['value'], key = `k-${itemId}`): RecordedEntry => ({ subjectType: 'unit', unitId: 'b1', itemId, value, key });

test('when a unit is scored on the five goods, then the total is the weighted sum and 85 % or more proposes advanced', () => {
  // leadership 18/20 → 18; members 17/20 → 17; mechanisms 20/20 → 20; results 16/20 → 16;
  // reputation survey 8 satisfied, 2 basically, 0 unsatisfied → (8×1 + 2×0.6)/10 = 0.92 → 20 × 0.92 = 18.4.
  // Total 18 + 17 + 20 + 16 + 18.4 = 89.4 of 100 = 89.4 % ≥ 85 → advanced.
  const score = computeScore(fiveGoods, [
    unitEntry('leadership', 18),
    unitEntry('members', 17),
    unitEntry('mechanisms', 20),
    unitEntry('results', 16),
    unitEntry('reputation', { satisfied: 8, basically_satisfied: 2, unsatisfied: 0 }),
  ]);
  expect(score).toMatchObject({ total: 89.4, max: 100, percent: 89.4, grade: 'advanced', missingItems: [] });
  expect(score.items.find((i) => i.itemId === 'reputation')).toEqual({ itemId: 'reputation', points: 18.4, max: 20, entryKey: 'k-reputation' });
});

test('when an item is entered twice, then the later entry counts; a missing item counts 0 and is named', () => {
  // leadership corrected from 20 to 10; only leadership scored: 10 of 100 = 10 % < 60 → lagging.
  const score = computeScore(fiveGoods, [unitEntry('leadership', 20, 'first'), unitEntry('leadership', 10, 'second')]);
  expect(score).toMatchObject({ total: 10, percent: 10, grade: 'lagging', missingItems: ['members', 'mechanisms', 'results', 'reputation'] });
  expect(score.items).toEqual([{ itemId: 'leadership', points: 10, max: 20, entryKey: 'second' }]);
});

test('when a member earns seven of ten stars, then the score is 70 of 100 and no grade is proposed', () => {
  const entries: RecordedEntry[] = Array.from({ length: 10 }, (_, i) => ({ subjectType: 'member', unitId: 'b1', memberId: 'm1', itemId: `star-${i + 1}`, value: i < 7 ? 1 : 0, key: `s${i}` }));
  // 7 stars × 10 = 70.
  expect(computeScore(tenStars, entries)).toMatchObject({ total: 70, max: 100, grade: null });
});

test('when ballots are counted, then each answer weighs 1, 0.8, 0.6 and 0', () => {
  const ballot = { id: 'b', name: { zh: '測評', en: 'ballot' }, weight: 100, maximum: 1, scale: 'ballot' as const, scoredBy: 'members' as const };
  // (5×1 + 3×0.8 + 1×0.6 + 1×0)/10 = (5 + 2.4 + 0.6)/10 = 0.8.
  expect(itemFraction(ballot, { excellent: 5, competent: 3, basically_competent: 1, incompetent: 1 })).toBeCloseTo(0.8, 10);
});

test('when the thresholds are met exactly, then the higher grade is proposed', () => {
  const t = { advancedFromPercent: 85, averageFromPercent: 60 };
  expect([gradeFor(85, t), gradeFor(84.99, t), gradeFor(60, t), gradeFor(59.99, t)]).toEqual(['advanced', 'average', 'average', 'lagging']);
});

test('when entries are out of range or off the scale, then each is refused with a message that says the range', () => {
  expect(entryProblem(fiveGoods, unitEntry('leadership', 21))).toBe('item "leadership" is scored from 0 to 20; 21 is out of range');
  expect(entryProblem(fiveGoods, unitEntry('leadership', -1))).toContain('out of range');
  expect(entryProblem(fiveGoods, unitEntry('nope', 1))).toContain('has no item "nope"');
  expect(entryProblem(fiveGoods, unitEntry('reputation', { satisfied: -1, basically_satisfied: 0, unsatisfied: 0 }))).toContain('not negative');
  expect(entryProblem(fiveGoods, unitEntry('reputation', { satisfied: 0, basically_satisfied: 0, unsatisfied: 0 }))).toContain('no answers');
  expect(entryProblem(fiveGoods, unitEntry('reputation', { satisfied: 1, basically_satisfied: 0, unsatisfied: 0, excellent: 1 } as never))).toContain('no answer "excellent"');
  expect(entryProblem(tenStars, { subjectType: 'member', unitId: 'b1', memberId: 'm1', itemId: 'star-1', value: 2 })).toContain('a star: 1 (awarded) or 0');
  expect(entryProblem(tenStars, unitEntry('star-1', 1))).toBe('scheme "ten-stars" scores members, not units');
  expect(entryProblem(fiveGoods, unitEntry('leadership', 20))).toBeUndefined();
});

test('when a round has entries for two units, then each gets its own score in the order first scored', () => {
  const entries: RecordedEntry[] = [unitEntry('leadership', 20), { ...unitEntry('leadership', 10), unitId: 'b2' }, unitEntry('members', 20)];
  // b1: 20 + 20 = 40; b2: 10.
  expect(computeRound(fiveGoods, entries).map((r) => [r.subject.unitId, r.score.total])).toEqual([['b1', 40], ['b2', 10]]);
});

test('when weights do not add up to 100, then the scheme is refused naming the sum', () => {
  const scheme = { ...FIVE_GOODS, items: FIVE_GOODS.items.slice(0, 4) };
  const result = scoringSchemeSchema.safeParse(scheme);
  expect(result.success).toBe(false);
  expect(result.error!.issues[0].message).toBe('the weights add up to 80, not 100; adjust them so the total is 100');
});

test('when the plan names an unknown grading scheme or a member scheme, then it is refused', () => {
  expect(scoringPlanSchema.safeParse({ schemes: [FIVE_GOODS], gradingSchemeId: 'nope' }).error!.issues[0].message).toBe('unknown scheme "nope"');
  expect(scoringPlanSchema.safeParse({ schemes: [TEN_STARS], gradingSchemeId: 'ten-stars' }).error!.issues[0].message).toContain('scores members');
});

describe('the seed templates carry the seeds\' schemes', () => {
  const schemesOf = (id: string) => parsePlan(getTemplate(id)).scoring!.schemes;
  const names = (schemes: ScoringScheme[]) => schemes.map((s) => s.name.zh);

  test('when seed 000 is read, then 五個好 has the five goods, 五帶頭 the five firsts, 十星 ten stars, with 民主測評 and 滿意度調查', () => {
    const schemes = schemesOf('seed-000-regiment');
    expect(names(schemes)).toEqual(['「五個好」先進基層黨組織', '「五帶頭」優秀共產黨員', '「十星黨員」考核', '民主測評', '滿意度調查']);
    expect(schemes[0].items.map((i) => i.name.zh)).toEqual(['領導班子好', '黨員隊伍好', '工作機制好', '工作業績好', '群眾反映好']);
    expect(schemes[1].items.map((i) => i.name.zh)).toEqual(['帶頭學習提高', '帶頭爭創佳績', '帶頭服務群眾', '帶頭遵紀守法', '帶頭弘揚正氣']);
    expect(schemes[2].items).toHaveLength(10);
    expect(schemes[2].items.every((i) => i.scale === 'star')).toBe(true);
    for (const s of schemes) expect(s.items.reduce((sum, i) => sum + i.weight, 0)).toBe(100);
  });

  test('when seed 001 is read, then it has 每月一星 on a monthly cadence beside its three-grade targets', () => {
    const plan = parsePlan(getTemplate('seed-001-township'));
    expect(plan.scoring!.monthlyStar).toEqual({ schemeId: 'monthly-star', closesOnDay: 25, remindDaysBefore: 3 });
    expect(plan.scoring!.schemes.find((s) => s.id === 'monthly-star')!.method).toBe('monthly_star');
    expect(plan.classificationTargets).toEqual({ advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 });
  });

  test('when seed 003 is read, then 考核評議 is scored by the superior, the members and the masses', () => {
    const scheme = schemesOf('seed-003-bureau').find((s) => s.id === 'assessment-and-review')!;
    expect(scheme.items.map((i) => i.scoredBy)).toEqual(['supervisor', 'members', 'masses']);
  });
});

describe('每月一星 cadence', () => {
  const cadence = { from: '2027-01-10', to: '2027-04-20', closesOnDay: 25, remindDaysBefore: 3, atHour: 9 };

  test('when a campaign runs from Jan 10 to Apr 20, then January opens when it starts, February and March on the 1st, and April is left out (its close is after the end)', () => {
    const months = monthlyStarMonths(cadence);
    expect(months.map((m) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(months[0].opensAt).toBe(startOfLocalDay('2027-01-10'));
    expect(months[1]).toMatchObject({ opensAt: startOfLocalDay('2027-02-01'), closesOn: '2027-02-25', remindAt: startOfLocalDay('2027-02-22') + 9 * 3600_000, year: 2027 });
    expect(months[1].closesAt).toBe(startOfLocalDay('2027-02-26') - 1);
  });

  test('when a campaign starts after the closing day, then its first selection is the next month; across a year end the months go on', () => {
    expect(monthlyStarMonths({ ...cadence, from: '2027-11-26', to: '2028-02-28' }).map((m) => m.month)).toEqual(['2027-12', '2028-01', '2028-02']);
    expect(nextMonthlyStarMonth(cadence, '2027-02')?.month).toBe('2027-03');
    expect(nextMonthlyStarMonth(cadence, '2027-03')).toBeUndefined();
    expect(nextMonthlyStarMonth(cadence, null)?.month).toBe('2027-01');
  });

  test('when the reminder days do not fall inside the month, then the plan is refused', () => {
    const result = scoringPlanSchema.safeParse({ schemes: [{ id: 'ms', name: { zh: '每月一星', en: 'star' }, method: 'monthly_star', subject: 'member', items: [{ id: 'star', name: { zh: '星', en: 'star' }, weight: 100, scale: 'star', scoredBy: 'supervisor' }] }], monthlyStar: { schemeId: 'ms', closesOnDay: 5, remindDaysBefore: 5 } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('less than closesOnDay');
  });
});
