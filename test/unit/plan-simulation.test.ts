/** Plan simulation (方案模擬): small cases checked against counts worked out by hand. */
import { parsePlan, type PlanInput } from '../../domain/plan';
import { simulatePlan } from '../../domain/simulation';
import { apportion, simulationAssumptionsSchema, type SimulationAssumptionsInput } from '../../domain/simulation-input';
import { simulationCsv, simulationSvg, simulationText } from '../../domain/simulation-report';
import { rebasePlanToYear } from '../../domain/rebase';
import { getTemplate } from '../../domain/templates';
import { weekdaysOnly } from '../../domain/schedule';

/** One phase from Monday 2027-03-01, one task due Wednesday 2027-03-31, the default ladder and reminders (7 and 1 days before). */
const PLAN: PlanInput = {
  id: 'hand',
  name: { zh: '手算', en: 'by hand' },
  phases: [
    {
      id: 'p1',
      name: { zh: '第一階段', en: 'phase one' },
      window: { start: '2027-03-01', end: '2027-06-30' },
      tasks: [{ id: 'report', title: { zh: '報告', en: 'report' }, due: { kind: 'date', date: '2027-03-31' } }],
    },
  ],
};

const assume = (input: Partial<SimulationAssumptionsInput> = {}) =>
  simulationAssumptionsSchema.parse({ units: { agency: 10 }, behaviour: { late: [{ days: 10, percent: 30 }], neverPercent: 20 }, ...input });

const week = (result: ReturnType<typeof simulatePlan>, monday: string) => result.weeks.find((w) => w.weekStart === monday)!;

describe('simulatePlan', () => {
  test('when 5 of 10 units are on time, 3 ten days late and 2 never, then reminders, rungs and notices are the counts worked out by hand', () => {
    const result = simulatePlan(parsePlan(PLAN), assume());
    // Each unit is reminded 7 days (Wed 03-24) and 1 day (Tue 03-30) before: 20 reminders.
    expect(week(result, '2027-03-22').reminders).toBe(10);
    expect(week(result, '2027-03-29')).toMatchObject({ reminders: 10, tasksDue: 10 });
    // Late (3) and never (2) reach 提醒 on 04-01 and 黃牌 on 04-07; only the 2 who never submit climb further.
    expect(result.totals.rungs).toEqual({ reminder: 5, warning: 5, listed_supervision: 2, circulated_criticism: 2, accountability: 2 });
    // secretary: 20 reminders + 5 + 5 + 2 (掛牌督辦 goes to both); supervisor: 2 + 2; office: 2 + 2.
    expect(result.totals.notices).toEqual({ secretary: 32, supervisor: 4, office: 4 });
    expect(result.totals).toMatchObject({ submissions: 8, approvals: { supervisor: 8, office: 0 }, approvalReminders: 0, catchUpDigests: 0 });
    expect(week(result, '2027-04-05').submissions).toBe(3); // 10 days late: Sat 04-10
    expect(result.tasks[0]).toMatchObject({ dueDate: '2027-03-31', lateStart: null, reminders: ['2027-03-24', '2027-03-30'] });
  });

  test('when half the approvers are late by 10 days, then each late decision draws one approval reminder to the supervisor', () => {
    const result = simulatePlan(parsePlan(PLAN), assume({ reviews: { punctualPercent: 50, lateByDays: 10 } }));
    // on time 5 → 3 punctual, 2 late; ten days late 3 → 2 and 1; never submits 2 → no approval.
    expect(result.totals.approvalReminders).toBe(3);
    expect(result.totals.notices.supervisor).toBe(4 + 3);
  });

  test('when the units start after the deadline under grace, then the deadline moves to the start plus ten working days and nothing fires for the time before', () => {
    const result = simulatePlan(parsePlan(PLAN), assume({ startDate: '2027-04-05' }));
    expect(result.tasks[0]).toMatchObject({ planDueDate: '2027-03-31', dueDate: '2027-04-19', lateStart: 'grace' });
    expect(result.totals.reminders).toBe(20);
    expect(result.totals.catchUpDigests).toBe(0);
    expect(week(result, '2027-04-19').tasksDue).toBe(10);
    expect(result.workingDayAdjustments).toContainEqual({ what: 'late-start grace (遲啟動寬限)', days: 10, calendarDate: '2027-04-15', workingDate: '2027-04-19', extraDays: 4 });
  });

  test('when the units start after the deadline under escalate, then the passed rungs fire at the start folded into one digest per unit per role', () => {
    const plan = parsePlan({ ...PLAN, lateStart: { policy: 'escalate' } });
    const result = simulatePlan(plan, assume({ startDate: '2027-04-10' }));
    const start = week(result, '2027-04-05');
    expect(start.rungs).toMatchObject({ reminder: 10, warning: 10 });
    expect(start.catchUpDigests).toBe(10);
    expect(result.totals.reminders).toBe(0);
    expect(result.totals.notices).toEqual({ secretary: 10 + 2, supervisor: 4, office: 4 });
  });

  test('when point reviews are monthly and half find problems, then each month owes one review per unit and opens half as many rectifications', () => {
    const plan = parsePlan({ ...PLAN, pointReviews: [{ phase: 'p1', every: 'monthly' }] });
    const result = simulatePlan(plan, assume({ reviews: { punctualPercent: 100, lateByDays: 10, findingsPercent: 50 } }));
    expect(result.totals.pointReviewsDue).toBe(4 * 10);
    expect(result.totals.rectificationsOpened).toBe(4 * 5);
    expect(result.totals.reviewChases).toBe(0);
  });

  test('when seed-003 runs for 1,000 units, then the weeks add up to the totals and the busiest week is named', () => {
    const plan = rebasePlanToYear(parsePlan(getTemplate('seed-003-bureau')), 2027);
    const result = simulatePlan(plan, simulationAssumptionsSchema.parse({ units: { agency: 1000 }, behaviour: { late: [{ days: 5, percent: 20 }], neverPercent: 5 } }), { isWorkingDay: weekdaysOnly });
    expect(result.units).toBe(1000);
    expect(result.weeks.reduce((s, w) => s + w.tasksDue, 0)).toBe(result.totals.tasksDue);
    expect(result.totals.tasksDue).toBeGreaterThan(0);
    expect(result.peak.notices).toBeGreaterThan(0);
    const text = simulationText(result);
    expect(text).toContain('方案模擬 (plan simulation)');
    expect(simulationCsv(result).split('\n')[0]).toContain('週起始 (week of)');
    expect(simulationSvg(result)).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  });
});

describe('simulationAssumptionsSchema', () => {
  test('when the shares add up to more than 100 %, then the assumptions are refused naming the sum', () => {
    const result = simulationAssumptionsSchema.safeParse({ units: { agency: 1 }, behaviour: { onTimePercent: 60, late: [{ days: 3, percent: 30 }], neverPercent: 20 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toContain('110 %');
  });

  test('when no unit is given, then the assumptions are refused', () => {
    expect(simulationAssumptionsSchema.safeParse({ units: {} }).success).toBe(false);
  });
});

describe('apportion', () => {
  test('when 10 units are split 50/30/20, then the parts are 5, 3 and 2; when 5 are split in halves, the earlier half takes the odd one', () => {
    expect(apportion(10, [50, 30, 20])).toEqual([5, 3, 2]);
    expect(apportion(5, [50, 50])).toEqual([3, 2]);
    expect(apportion(7, [0, 100])).toEqual([0, 7]);
  });
});
