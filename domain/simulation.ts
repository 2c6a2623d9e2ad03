/**
 * Plan simulation (方案模擬): before pressing start, what a plan would bring
 * week by week for a hypothetical tree — tasks due, reminders, rungs by level,
 * notices per recipient role, the approvers' and reviewers' load and the
 * rectifications opened — from the same domain rules the unit workflow arms
 * its timers with (schedule, ladder, late start, review periods). Pure: no
 * workflow is started, nothing is written.
 *
 * Per unit it follows the workflow: a task opens when its phase starts (or at
 * the unit's start, for phases already begun); reminders go out while the task
 * is outstanding and its deadline ahead (those already due at opening as one
 * notice); rungs climb until the work is submitted (or approved, if the plan
 * says so); under `escalate`, steps for time before the start go out as one
 * catch-up digest per role.
 */
import { addDays, DAY_IN_MS, endOfLocalDay, localDateOf, startOfLocalDay, weekdayOf, type LocalDate } from './calendar';
import { RUNGS, type Bilingual, type Rung, type UnitType } from './labels';
import { reminderSteps, rungSteps, taskLadder } from './escalation';
import { decideLateStart, withLateStart, type LateStartPolicy } from './late-start';
import { NOTIFY_ROLES, type NotifyRole } from './notifications';
import { tasksForUnitType, type Plan } from './plan';
import { reviewPeriods } from './reviews';
import { addWorkingDays, phaseEndDate, taskDeadlines, weekdaysOnly, type WorkingDayCalendar } from './schedule';
import { cohortsOf, totalUnits, type Cohort, type SimulationAssumptions } from './simulation-input';

const HOUR = 3600_000;
/** Units hand their work in at noon: on the deadline day, or N days after it. */
const SUBMIT_HOUR = 12;

export const RUNG_IDS = Object.keys(RUNGS) as Rung[];

export interface SimulationWeek {
  /** The Monday (local date) the week starts on. */
  weekStart: LocalDate;
  tasksDue: number;
  reminders: number;
  rungs: Record<Rung, number>;
  /** Notices per recipient role (a notice to two roles counts once for each). */
  notices: Record<NotifyRole, number>;
  /** Catch-up digests (補發彙總) among those notices. */
  catchUpDigests: number;
  submissions: number;
  /** Submissions awaiting a decision, by approver: the approval load. */
  approvals: { supervisor: number; office: number };
  approvalReminders: number;
  pointReviewsDue: number;
  reviewChases: number;
  rectificationsOpened: number;
}

export interface SimulatedTask {
  taskId: string;
  title: Bilingual;
  phaseId: string;
  /** How many of the tree's units get the task (分類指導). */
  units: number;
  /** The deadline by the plan's rule; null while it hangs on an unset milestone. */
  planDueDate: LocalDate | null;
  /** The deadline in force after the late-start policy; null when waived or undated. */
  dueDate: LocalDate | null;
  lateStart: LateStartPolicy | null;
  dueOnNonWorkingDay: boolean;
  reminders: LocalDate[];
  rungs: Array<{ rung: Rung; date: LocalDate }>;
}

export interface WorkingDayAdjustment {
  /** What is counted in working days: a task's deadline, a rung, or the late-start grace. */
  what: string;
  days: number;
  /** The date counting calendar days would give. */
  calendarDate: LocalDate;
  /** The date counting working days gives (weekends, holidays, swapped working weekends). */
  workingDate: LocalDate;
  extraDays: number;
}

export interface SimulationResult {
  startDate: LocalDate;
  units: number;
  supervisors: number;
  phases: Array<{ id: string; name: Bilingual; start: LocalDate; end: LocalDate | null }>;
  tasks: SimulatedTask[];
  workingDayAdjustments: WorkingDayAdjustment[];
  weeks: SimulationWeek[];
  totals: Omit<SimulationWeek, 'weekStart'>;
  /** The busiest week for notices, and the approval load per supervisor in it. */
  peak: { weekStart: LocalDate | null; notices: number; approvalsPerSupervisor: number };
  /** What the figures could not cover, e.g. a milestone with no date. */
  notes: Bilingual[];
}

export interface SimulationCalendar {
  isWorkingDay: WorkingDayCalendar;
  /** Whether the holiday data covers a year; years it does not count Monday to Friday only. */
  coversYear?: (year: number) => boolean;
}

type Event =
  | { kind: 'due'; at: number }
  | { kind: 'reminder'; at: number }
  | { kind: 'rung'; at: number; rung: Rung; notify: readonly NotifyRole[]; catchUp: boolean }
  | { kind: 'submission'; at: number; approver: 'supervisor' | 'office' }
  | { kind: 'approval-reminder'; at: number; approver: 'supervisor' | 'office'; catchUp: boolean }
  | { kind: 'review-due'; at: number }
  | { kind: 'review-chase'; at: number; notify: readonly NotifyRole[]; catchUp: boolean }
  | { kind: 'review-given'; at: number };

const emptyWeek = (weekStart: LocalDate): SimulationWeek => ({
  weekStart,
  tasksDue: 0,
  reminders: 0,
  rungs: Object.fromEntries(RUNG_IDS.map((r) => [r, 0])) as Record<Rung, number>,
  notices: { secretary: 0, supervisor: 0, office: 0 },
  catchUpDigests: 0,
  submissions: 0,
  approvals: { supervisor: 0, office: 0 },
  approvalReminders: 0,
  pointReviewsDue: 0,
  reviewChases: 0,
  rectificationsOpened: 0,
});

export const mondayOf = (date: LocalDate): LocalDate => addDays(date, -((weekdayOf(date) + 6) % 7));

interface UnitRun {
  plan: Plan;
  startedAt: number;
  isWorkingDay: WorkingDayCalendar;
  assumptions: SimulationAssumptions;
}

/** Every event one unit of the cohort goes through, in no particular order. */
function unitEvents(run: UnitRun, cohort: Cohort): Event[] {
  const { plan, startedAt, isWorkingDay, assumptions } = run;
  const escalate = plan.lateStart.policy === 'escalate';
  const events: Event[] = [];
  const own = new Set(tasksForUnitType(plan, cohort.unitType).map((t) => t.id));
  const all = taskDeadlines(plan, assumptions.milestoneDates, {}, isWorkingDay).filter((d) => own.has(d.taskId));
  const lateStart = decideLateStart(plan.lateStart, all, startedAt, isWorkingDay);
  const deadlines = withLateStart(all, lateStart, endOfLocalDay);
  const decideAfter = (from: number) => from + (cohort.punctualReviews ? DAY_IN_MS : assumptions.reviews.lateByDays * DAY_IN_MS);

  for (const deadline of deadlines) {
    if (deadline.dueDate === undefined) continue;
    const phase = plan.phases.find((p) => p.id === deadline.phaseId)!;
    const task = phase.tasks.find((t) => t.id === deadline.taskId)!;
    const approver = task.approvedBy === 'office' ? 'office' : 'supervisor';
    const dueAt = endOfLocalDay(deadline.dueDate);
    const openAt = Math.max(startOfLocalDay(phase.window.start), startedAt);
    const submitAt =
      cohort.submits.kind === 'never'
        ? Number.POSITIVE_INFINITY
        : // No one hands in at the very instant a task opens: what fires at opening fires first.
          Math.max(openAt + HOUR, startOfLocalDay(addDays(deadline.dueDate, cohort.submits.kind === 'late' ? cohort.submits.days : 0)) + SUBMIT_HOUR * HOUR);
    const decidedAt = decideAfter(submitAt);
    const ladderStopsAt = plan.escalation.stopsOn === 'approved' ? decidedAt : submitAt;
    events.push({ kind: 'due', at: dueAt });

    // Reminders: while outstanding and the deadline ahead; those already due at opening go out as one.
    if (openAt <= dueAt) {
      const reminders = reminderSteps(plan, deadline.dueDate).filter((s) => s.at < dueAt);
      const atOpening = reminders.filter((s) => s.at <= openAt);
      if (atOpening.length > 0 && openAt < submitAt) events.push({ kind: 'reminder', at: openAt });
      for (const step of reminders) if (step.at > openAt && step.at < submitAt) events.push({ kind: 'reminder', at: step.at });
    }
    for (const step of rungSteps(taskLadder(plan), deadline.dueDate, isWorkingDay)) {
      const at = Math.max(step.at, openAt);
      if (at >= ladderStopsAt) continue;
      events.push({ kind: 'rung', at, rung: step.rung, notify: step.notify, catchUp: escalate && step.at < startedAt });
    }
    if (Number.isFinite(submitAt)) {
      events.push({ kind: 'submission', at: submitAt, approver });
      const remindAt = submitAt + plan.reminders.approvalAfterDays * DAY_IN_MS;
      if (remindAt < decidedAt) events.push({ kind: 'approval-reminder', at: remindAt, approver, catchUp: false });
    }
  }

  // Point reviews (定期點評) a supervisor owes the unit; not chased for time before the start unless escalating.
  for (const period of reviewPeriods(plan, assumptions.milestoneDates)) {
    const dueAt = endOfLocalDay(period.dueDate);
    if (!escalate && dueAt < startedAt) continue;
    const givenAt = Math.max(startedAt, cohort.punctualReviews ? startOfLocalDay(period.dueDate) + SUBMIT_HOUR * HOUR : startOfLocalDay(addDays(period.dueDate, assumptions.reviews.lateByDays)) + SUBMIT_HOUR * HOUR);
    events.push({ kind: 'review-due', at: dueAt }, { kind: 'review-given', at: givenAt });
    for (const step of rungSteps({ ladder: plan.reviewLadder, atHour: plan.reminders.atHour }, period.dueDate, isWorkingDay)) {
      const at = Math.max(step.at, startedAt);
      if (at >= givenAt) continue;
      events.push({ kind: 'review-chase', at, notify: step.notify, catchUp: escalate && step.at < startedAt });
    }
  }
  return events;
}

/** Adds one unit's events, `units` times, to the weekly rows. */
function tally(weeks: Map<LocalDate, SimulationWeek>, events: readonly Event[], units: number, startedAt: number, findingsPercent: number): void {
  const week = (at: number) => {
    const monday = mondayOf(localDateOf(at));
    let row = weeks.get(monday);
    if (!row) weeks.set(monday, (row = emptyWeek(monday)));
    return row;
  };
  const notify = (row: SimulationWeek, roles: readonly NotifyRole[]) => roles.forEach((role) => (row.notices[role] += units));
  const catchUpRoles = new Set<NotifyRole>();
  for (const event of events) {
    const row = week(event.at);
    switch (event.kind) {
      case 'due':
        row.tasksDue += units;
        break;
      case 'reminder':
        row.reminders += units;
        notify(row, ['secretary']);
        break;
      case 'rung':
        row.rungs[event.rung] += units;
        if (event.catchUp) event.notify.forEach((r) => catchUpRoles.add(r));
        else notify(row, event.notify);
        break;
      case 'submission':
        row.submissions += units;
        row.approvals[event.approver] += units;
        break;
      case 'approval-reminder':
        row.approvalReminders += units;
        notify(row, [event.approver]);
        break;
      case 'review-due':
        row.pointReviewsDue += units;
        break;
      case 'review-chase':
        row.reviewChases += units;
        if (event.catchUp) event.notify.forEach((r) => catchUpRoles.add(r));
        else notify(row, event.notify);
        break;
      case 'review-given':
        row.rectificationsOpened += (units * findingsPercent) / 100;
        break;
    }
  }
  if (catchUpRoles.size > 0) {
    const row = week(startedAt);
    const roles = NOTIFY_ROLES.filter((r) => catchUpRoles.has(r));
    notify(row, roles);
    row.catchUpDigests += roles.length * units;
  }
}

function addInto(total: Omit<SimulationWeek, 'weekStart'>, row: SimulationWeek): void {
  total.tasksDue += row.tasksDue;
  total.reminders += row.reminders;
  for (const r of RUNG_IDS) total.rungs[r] += row.rungs[r];
  for (const role of NOTIFY_ROLES) total.notices[role] += row.notices[role];
  total.catchUpDigests += row.catchUpDigests;
  total.submissions += row.submissions;
  total.approvals.supervisor += row.approvals.supervisor;
  total.approvals.office += row.approvals.office;
  total.approvalReminders += row.approvalReminders;
  total.pointReviewsDue += row.pointReviewsDue;
  total.reviewChases += row.reviewChases;
  total.rectificationsOpened += row.rectificationsOpened;
}

export const noticesIn = (row: Pick<SimulationWeek, 'notices'>) => NOTIFY_ROLES.reduce((sum, role) => sum + row.notices[role], 0);

/** The dates counted in working days, beside what counting calendar days would give. */
function workingDayAdjustments(plan: Plan, startDate: LocalDate, isWorkingDay: WorkingDayCalendar): WorkingDayAdjustment[] {
  const out: WorkingDayAdjustment[] = [];
  const push = (what: string, from: LocalDate, days: number) => {
    const calendarDate = addDays(from, days);
    const workingDate = addWorkingDays(from, days, isWorkingDay);
    out.push({ what, days, calendarDate, workingDate, extraDays: Math.round((startOfLocalDay(workingDate) - startOfLocalDay(calendarDate)) / DAY_IN_MS) });
  };
  for (const phase of plan.phases) {
    for (const task of phase.tasks) {
      if (task.due.kind === 'after_phase_start' && task.due.workingDays) push(`task ${task.id}`, phase.window.start, task.due.days);
    }
  }
  if (plan.lateStart.policy === 'grace' && plan.lateStart.workingDays) push('late-start grace (遲啟動寬限)', startDate, plan.lateStart.graceDays);
  return out;
}

/**
 * Simulates the plan for the tree and behaviour assumed. Deterministic: the
 * same plan, assumptions and calendar give the same figures.
 */
export function simulatePlan(plan: Plan, assumptions: SimulationAssumptions, calendar: SimulationCalendar = { isWorkingDay: weekdaysOnly }): SimulationResult {
  const { isWorkingDay } = calendar;
  const startDate = assumptions.startDate ?? plan.phases[0].window.start;
  const startedAt = startOfLocalDay(startDate) + plan.reminders.atHour * HOUR;
  const units = totalUnits(assumptions);
  const supervisors = Math.ceil(units / assumptions.unitsPerSupervisor);
  const run: UnitRun = { plan, startedAt, isWorkingDay, assumptions };

  const weeks = new Map<LocalDate, SimulationWeek>();
  for (const cohort of cohortsOf(assumptions)) tally(weeks, unitEvents(run, cohort), cohort.units, startedAt, assumptions.reviews.findingsPercent);

  // Every week from the first to the last, so that a chart shows the quiet weeks too.
  const mondays = [...weeks.keys()].sort();
  const rows: SimulationWeek[] = [];
  if (mondays.length > 0) {
    for (let monday = mondays[0]; monday <= mondays[mondays.length - 1]; monday = addDays(monday, 7)) {
      const row = weeks.get(monday) ?? emptyWeek(monday);
      row.rectificationsOpened = Math.round(row.rectificationsOpened);
      rows.push(row);
    }
  }
  const { weekStart: _, ...totals } = emptyWeek('');
  for (const row of rows) addInto(totals, row);
  const busiest = rows.reduce<SimulationWeek | undefined>((top, row) => (!top || noticesIn(row) > noticesIn(top) ? row : top), undefined);

  const unitsOfType = (types: readonly UnitType[] | undefined) =>
    Object.entries(assumptions.units).reduce((sum, [type, n]) => sum + (!types || types.includes(type as UnitType) ? (n ?? 0) : 0), 0);
  const planDeadlines = taskDeadlines(plan, assumptions.milestoneDates, {}, isWorkingDay);
  const lateStart = decideLateStart(plan.lateStart, planDeadlines, startedAt, isWorkingDay);
  const effective = withLateStart(planDeadlines, lateStart, endOfLocalDay);
  const lateTasks = new Set(lateStart.tasks.map((t) => t.taskId));
  const tasks: SimulatedTask[] = plan.phases.flatMap((phase) =>
    phase.tasks.map((task) => {
      const planDue = planDeadlines.find((d) => d.taskId === task.id)!.dueDate;
      const due = effective.find((d) => d.taskId === task.id)!.dueDate;
      return {
        taskId: task.id,
        title: task.title,
        phaseId: phase.id,
        units: unitsOfType(task.unitTypes),
        planDueDate: planDue ?? null,
        dueDate: due ?? null,
        lateStart: lateTasks.has(task.id) ? plan.lateStart.policy : null,
        dueOnNonWorkingDay: due !== undefined && !isWorkingDay(due),
        reminders: due === undefined ? [] : reminderSteps(plan, due).map((s) => localDateOf(s.at)),
        rungs: due === undefined ? [] : rungSteps(taskLadder(plan), due, isWorkingDay).map((s) => ({ rung: s.rung, date: s.date })),
      };
    }),
  );

  const notes: Bilingual[] = [];
  for (const task of tasks) {
    if (task.planDueDate === null) notes.push({ zh: `任務 ${task.taskId} 的截止日期取決於未定的節點，未計入`, en: `task ${task.taskId} hangs on a milestone with no date: not counted (give milestoneDates)` });
  }
  const phases = plan.phases.map((phase) => ({ id: phase.id, name: phase.name, start: phase.window.start, end: phaseEndDate(plan, phase, assumptions.milestoneDates) ?? null }));
  if (calendar.coversYear) {
    const last = phases.reduce((max, p) => (p.end && p.end > max ? p.end : max), startDate);
    for (let year = Number(phases[0].start.slice(0, 4)); year <= Number(last.slice(0, 4)); year += 1) {
      if (!calendar.coversYear(year)) notes.push({ zh: `${year} 年沒有節假日安排數據，工作日按週一至週五計算`, en: `no holiday calendar for ${year}: working days count Monday to Friday` });
    }
  }

  return {
    startDate,
    units,
    supervisors,
    phases,
    tasks,
    workingDayAdjustments: workingDayAdjustments(plan, startDate, isWorkingDay),
    weeks: rows,
    totals,
    peak: {
      weekStart: busiest?.weekStart ?? null,
      notices: busiest ? noticesIn(busiest) : 0,
      approvalsPerSupervisor: busiest ? Math.round(((busiest.approvals.supervisor / Math.max(1, supervisors)) * 100)) / 100 : 0,
    },
    notes,
  };
}
