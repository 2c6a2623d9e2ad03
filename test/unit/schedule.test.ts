/** Deadline, ladder, review-period and sampling rules: pure functions of the plan. */
import { addDays, endOfLocalDay, formatLocalInstant, localDateOf, startOfLocalDay } from '../../domain/calendar';
import { lightOf, reminderSteps, rungSteps, taskLadder } from '../../domain/escalation';
import { parsePlan } from '../../domain/plan';
import { rebasePlanToYear } from '../../domain/rebase';
import { reviewPeriods } from '../../domain/reviews';
import { drawSample } from '../../domain/sampling';
import { dueDateOf, milestoneDate, phaseTimes, taskDeadlines } from '../../domain/schedule';
import { SEED_003_BUREAU } from '../../domain/templates/seed-003-bureau';

const seed003 = parsePlan(SEED_003_BUREAU);

describe('dates in Asia/Shanghai', () => {
  test('when a deadline falls on a local day, then it ends at 23:59:59.999 +08:00 of that day', () => {
    expect(formatLocalInstant(endOfLocalDay('2010-06-30'))).toBe('2010-06-30T23:59:59.999+08:00');
    expect(new Date(startOfLocalDay('2010-07-01')).toISOString()).toBe('2010-06-30T16:00:00.000Z');
    expect(localDateOf(Date.parse('2010-06-30T16:30:00Z'))).toBe('2010-07-01');
  });
});

describe('deadlines of the seed-003 plan', () => {
  test('when the party-spirit report is due before July 1, then its deadline is June 30, 2010', () => {
    const deadlines = taskDeadlines(seed003, {});
    expect(deadlines.find((d) => d.taskId === 'party-spirit-analysis-report')?.dueDate).toBe('2010-06-30');
  });

  test('when the Party Congress date is not yet set, then the summary and the last phase have no end; once set, they end the day before', () => {
    expect(taskDeadlines(seed003, {}).find((d) => d.taskId === 'campaign-summary')?.dueDate).toBeUndefined();
    expect(phaseTimes(seed003, {}).at(-1)?.endsAt).toBeUndefined();
    const dates = { 'party-congress-18': '2012-11-08' };
    expect(taskDeadlines(seed003, dates).find((d) => d.taskId === 'campaign-summary')?.dueDate).toBe('2012-11-07');
    expect(phaseTimes(seed003, dates).at(-1)?.endsAt).toBe(endOfLocalDay('2012-11-07'));
  });

  test('when a yearly milestone has no year, then it is its first occurrence on or after the phase start', () => {
    expect(milestoneDate(seed003, {}, 'july-1', { onOrAfter: '2011-07-01' })).toBe('2011-07-01');
    expect(milestoneDate(seed003, {}, 'july-1', { onOrAfter: '2011-07-02' })).toBe('2012-07-01');
  });

  test('when a deadline is amended, then the amendment wins over the plan', () => {
    expect(taskDeadlines(seed003, {}, { 'implementation-plan': '2010-06-10' }).find((d) => d.taskId === 'implementation-plan')?.dueDate).toBe('2010-06-10');
  });

  test('when a deadline counts working days, then weekends are skipped', () => {
    const phase = seed003.phases[0];
    // 2010-05-15 is a Saturday: five working days later is Friday the 21st.
    expect(dueDateOf(seed003, phase, { kind: 'after_phase_start', days: 5, workingDays: true }, {})).toBe('2010-05-21');
    expect(dueDateOf(seed003, phase, { kind: 'after_phase_start', days: 5, workingDays: false }, {})).toBe('2010-05-20');
  });
});

describe('the escalation ladder', () => {
  test('when a task is due, then reminders come 7 and 1 days before at 09:00 and rungs after the deadline at the plan delays', () => {
    expect(reminderSteps(seed003, '2010-06-30').map((s) => formatLocalInstant(s.at))).toEqual(['2010-06-23T09:00:00.000+08:00', '2010-06-29T09:00:00.000+08:00']);
    const rungs = rungSteps(taskLadder(seed003), '2010-06-30');
    expect(rungs.map((s) => [s.rung, s.date])).toEqual([
      ['reminder', '2010-07-01'],
      ['warning', '2010-07-07'],
      ['listed_supervision', '2010-07-14'],
      ['circulated_criticism', '2010-07-30'],
      ['accountability', '2010-08-29'],
    ]);
    expect(rungs.every((s) => s.at > endOfLocalDay('2010-06-30'))).toBe(true);
  });

  test('when a rung has no delay, then it still comes after the deadline, not before it', () => {
    const [step] = rungSteps({ ladder: [{ rung: 'warning', afterDays: 0, workingDays: false, notify: ['secretary'] }], atHour: 9 }, '2010-06-30');
    expect(step.at).toBe(endOfLocalDay('2010-06-30') + 1);
  });

  test('when a unit is at a rung, then the light is red from listed supervision up and yellow below', () => {
    expect(lightOf(null, false)).toBe('green');
    expect(lightOf(null, true)).toBe('yellow');
    expect(lightOf('warning', false)).toBe('yellow');
    expect(lightOf('listed_supervision', false)).toBe('red');
    expect(lightOf('accountability', true)).toBe('red');
  });
});

describe('point-review periods', () => {
  test('when reviews are quarterly in a phase that starts mid-quarter, then the periods are calendar quarters clipped to the phase', () => {
    const periods = reviewPeriods(seed003, {}).filter((p) => p.phaseId === 'advancement');
    expect(periods[0]).toEqual({ id: 'advancement/2010-06-01', phaseId: 'advancement', start: '2010-06-01', end: '2010-06-30', dueDate: addDays('2010-06-30', seed003.reviewGraceDays) });
    expect(periods.map((p) => p.start)).toEqual(['2010-06-01', '2010-07-01', '2010-10-01', '2011-01-01', '2011-04-01']);
    expect(periods.at(-1)?.end).toBe('2011-06-30');
  });
});

describe('spot-check samples', () => {
  const population = Array.from({ length: 500 }, (_, i) => `unit-${i}`);

  test('when the same seed draws again, then it draws the same units, whatever order the population is read in', () => {
    const first = drawSample(population, 20, 'seed-a');
    expect(drawSample([...population].reverse(), 20, 'seed-a')).toEqual(first);
    expect(new Set(first).size).toBe(20);
    expect(first.every((id) => population.includes(id))).toBe(true);
  });

  test('when the seed differs, then the sample differs', () => {
    expect(drawSample(population, 20, 'seed-a')).not.toEqual(drawSample(population, 20, 'seed-b'));
  });

  test('when the sample is larger than the population, then everyone is drawn once', () => {
    expect(drawSample(['b', 'a', 'a'], 10, 'x')).toEqual(['a', 'b']);
  });
});

describe('re-dating a template', () => {
  test('when seed 003 is moved to start in 2027, then every date moves by 17 years and July 1 stays July 1', () => {
    const plan = rebasePlanToYear(seed003, 2027);
    expect(plan.phases.map((p) => p.window.start)).toEqual(['2027-05-15', '2027-06-01', '2028-07-01', '2029-07-01']);
    expect(taskDeadlines(plan, {}).find((d) => d.taskId === 'party-spirit-analysis-report')?.dueDate).toBe('2027-06-30');
    expect(plan.milestones.find((m) => m.id === 'party-90th-anniversary')).toMatchObject({ date: '2028-07-01' });
  });
});
