/**
 * The plan's supervision (督促檢查): what each seed's template schedules, the
 * cadences a phase cannot hold, the periods derived, and the themes by tag.
 */
import { planSchema, parsePlan, type PlanInput } from '../../domain/plan';
import { themesForUnit } from '../../domain/plan-supervision';
import { contactVisitPeriods, supervisionOccurrences } from '../../domain/supervision-periods';
import { getTemplate } from '../../domain/templates';

const kindsByPhase = (plan: PlanInput) => {
  const parsed = parsePlan(plan);
  const out: Record<string, string[]> = {};
  for (const s of parsed.supervisionSchedule) (out[s.phase] ??= []).push(`${s.kind}:${s.every}${s.target.kind === 'sample' ? `:sample${s.target.size}` : ''}`);
  return out;
};

describe('supervision in the seed templates', () => {
  test('when seed 003 is taken, then it schedules work-report meetings, forums, regular and touring inspection and sampled checks in phases 2 and 3, and quarterly contact-point visits', () => {
    const plan = getTemplate('seed-003-bureau')!;
    const expected = ['hearing_reports:quarterly', 'forum:quarterly', 'regular_inspection:monthly', 'touring_inspection:quarterly', 'spot_check:quarterly:sample3'];
    expect(kindsByPhase(plan)).toEqual({ advancement: expected, demonstration: expected, summary: ['hearing_reports:once'] });
    expect(parsePlan(plan).contactPoints).toEqual({ every: 'quarterly', phases: ['advancement', 'demonstration'], graceDays: 7 });
  });

  test('when seed 000 is taken, then every method its §(三) names is scheduled, visits are monthly, and the ethnic and religious areas have a theme by tag', () => {
    const plan = parsePlan(getTemplate('seed-000-regiment')!);
    expect(new Set(plan.supervisionSchedule.map((s) => s.kind))).toEqual(
      new Set(['hearing_reports', 'forum', 'thematic_research', 'exchange_seminar', 'unannounced_visit', 'regular_inspection', 'spot_check', 'periodic_review']),
    );
    expect(kindsByPhase(plan).arrangement).toEqual(['hearing_reports:once']);
    expect(plan.contactPoints?.every).toBe('monthly');
    expect(Object.keys(plan.tagThemes)).toEqual(['ethnic_religious_area']);
  });

  test('when seed 001 is taken, then work reports are heard quarterly in both years', () => {
    expect(kindsByPhase(getTemplate('seed-001-township')!)).toEqual({
      'party-led-mass-organisations': ['hearing_reports:quarterly'],
      'organisation-building-year': ['hearing_reports:quarterly'],
    });
  });

  test('when seed 003 schedules its touring inspection, then there is one occurrence per quarter of the year-long phase 2, chased a week after each quarter', () => {
    const plan = parsePlan(getTemplate('seed-003-bureau')!);
    const touring = supervisionOccurrences(plan, {}).filter((o) => o.entryId === 'touring-inspection-advancement');
    expect(touring.map((o) => [o.start, o.end, o.dueDate])).toEqual([
      ['2010-06-01', '2010-06-30', '2010-07-07'],
      ['2010-07-01', '2010-09-30', '2010-10-07'],
      ['2010-10-01', '2010-12-31', '2011-01-07'],
      ['2011-01-01', '2011-03-31', '2011-04-07'],
      ['2011-04-01', '2011-06-30', '2011-07-07'],
    ]);
    // Visits: the same five quarters of phase 2 and the four of phase 3.
    expect(contactVisitPeriods(plan, {}).length).toBe(9);
  });
});

describe('bad supervision in a plan', () => {
  const base = (extra: Partial<PlanInput>): unknown => ({
    id: 'p',
    name: { zh: '方案', en: 'plan' },
    phases: [{ id: 'short', name: { zh: '短', en: 'short' }, window: { start: '2027-05-15', end: '2027-05-31' } }],
    ...extra,
  });
  const problems = (input: unknown) => {
    const result = planSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  test('when a monthly method is scheduled in a seventeen-day phase, then the plan is refused saying the phase is too short and to choose "once"', () => {
    const found = problems(base({ supervisionSchedule: [{ id: 'f', kind: 'forum', phase: 'short', every: 'monthly' }] }));
    expect(found).toEqual([{ path: 'supervisionSchedule.0.phase', message: expect.stringContaining('lasts 17 days, too short for a monthly cadence') }]);
    expect(found[0].message).toContain('"once"');
  });

  test('when a quarterly contact-point cadence covers a seventeen-day phase, then the plan is refused', () => {
    expect(problems(base({ contactPoints: { every: 'quarterly', phases: ['short'] } })).map((p) => p.path)).toEqual(['contactPoints.phases.0']);
  });

  test('when a method of an unknown kind or in an unknown phase is scheduled, then the plan is refused naming the path and the kinds', () => {
    const found = problems(base({ supervisionSchedule: [{ id: 'x', kind: 'hearing_of_witnesses' as never, phase: 'nowhere', every: 'once' }] }));
    expect(found.map((p) => p.path)).toEqual(['supervisionSchedule.0.kind']);
    expect(found[0].message).toContain('touring_inspection');
    expect(problems(base({ supervisionSchedule: [{ id: 'x', kind: 'forum', phase: 'nowhere', every: 'once' }] })).map((p) => p.path)).toEqual(['supervisionSchedule.0.phase']);
  });
});

describe('themes (分類指導) by type and by tag', () => {
  test('when a unit of a themed type carries two tags, one themed, then the view lists the type theme and the tag theme', () => {
    const plan = parsePlan(getTemplate('seed-000-regiment')!);
    const themes = themesForUnit(plan, { type: 'village_company', tags: ['ethnic_religious_area', 'border'] });
    expect(themes.map((t) => [t.by, t.key])).toEqual([
      ['unit_type', 'village_company'],
      ['tag', 'ethnic_religious_area'],
    ]);
  });
});
