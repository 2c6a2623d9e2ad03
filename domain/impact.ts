/**
 * Impact preview (影響預覽, dryRun): before the office moves a milestone,
 * amends a deadline or starts units after the plan's dates have begun, what
 * would change — which units' tasks get which new deadline, which reminders
 * and rungs would fire at once, how many notices would go out — and what would
 * be refused and why. Pure: the route gathers the campaign's amendments and the
 * read model's tasks and calls these; nothing is changed.
 */
import { endOfLocalDay, startOfLocalDay, type LocalDate } from './calendar';
import type { AmendmentRefusal } from './amendment-rules';
import { reminderSteps, rungSteps, taskLadder } from './escalation';
import type { Rung, UnitType } from './labels';
import { decideLateStart, withLateStart, type LateStartPolicy } from './late-start';
import { NOTIFY_ROLES, type NotifyRole } from './notifications';
import { planForUnitType, type Plan } from './plan';
import { phaseEndDate, taskDeadlines, type DeadlineOverrides, type MilestoneDates, type WorkingDayCalendar } from './schedule';
import { RUNG_IDS } from './simulation';

export interface Amendments {
  milestoneDates: MilestoneDates;
  deadlineOverrides: DeadlineOverrides;
}

/** What would go out at once for an outstanding task with this deadline. */
export interface AtOnce {
  /** The latest reminder already due, while the deadline is ahead (only that one is sent). */
  reminder: boolean;
  rungs: Rung[];
  notices: Record<NotifyRole, number>;
}

const noNotices = (): Record<NotifyRole, number> => ({ secretary: 0, supervisor: 0, office: 0 });

/** The reminder and rungs a new deadline makes due at `now` (their ids carry the date, so none was handled yet). */
export function atOnceFor(plan: Plan, dueDate: LocalDate, now: number, isWorkingDay: WorkingDayCalendar): AtOnce {
  const dueAt = endOfLocalDay(dueDate);
  const reminder = now <= dueAt && reminderSteps(plan, dueDate).some((s) => s.at < dueAt && s.at <= now);
  const rungs = rungSteps(taskLadder(plan), dueDate, isWorkingDay).filter((s) => s.at <= now);
  const notices = noNotices();
  if (reminder) notices.secretary += 1;
  for (const step of rungs) for (const role of step.notify) notices[role] += 1;
  return { reminder, rungs: rungs.map((s) => s.rung), notices };
}

/** A task of a running unit as the read model holds it. */
export interface UnitTaskState {
  taskId: string;
  status: string;
  dueDate: string | null;
}

export interface UnitTaskChange {
  taskId: string;
  status: string;
  from: LocalDate | null;
  to: LocalDate | null;
  overdueBefore: boolean;
  overdueAfter: boolean;
  atOnce: AtOnce | null;
}

export interface ImpactTotals {
  unitsChanged: number;
  tasksChanged: number;
  /** Unit tasks whose deadline differs from the campaign's (the unit's own amendment, a late-start grace, an extension): they keep it. */
  kept: number;
  becomeOverdue: number;
  stopBeingOverdue: number;
  rungsAtOnce: Record<Rung, number>;
  remindersAtOnce: number;
  noticesAtOnce: Record<NotifyRole, number>;
}

export interface AmendmentImpact {
  refused: AmendmentRefusal | null;
  /** The campaign-wide deadlines and phase ends that move. */
  deadlines: Array<{ taskId: string; from: LocalDate | null; to: LocalDate | null }>;
  phaseEnds: Array<{ phaseId: string; from: LocalDate | null; to: LocalDate | null }>;
  totals: ImpactTotals;
  /** The units that change, at most `listLimit` of them (the totals count all). */
  units: Array<{ unitId: string; tasks: UnitTaskChange[] }>;
  unitsListed: number;
}

const emptyTotals = (): ImpactTotals => ({
  unitsChanged: 0,
  tasksChanged: 0,
  kept: 0,
  becomeOverdue: 0,
  stopBeingOverdue: 0,
  rungsAtOnce: Object.fromEntries(RUNG_IDS.map((r) => [r, 0])) as Record<Rung, number>,
  remindersAtOnce: 0,
  noticesAtOnce: noNotices(),
});

const outstanding = (plan: Plan, status: string) => status === 'open' || status === 'rejected' || (plan.escalation.stopsOn === 'approved' && status === 'submitted');
const overdueAt = (plan: Plan, status: string, dueDate: LocalDate | null, now: number) => dueDate !== null && outstanding(plan, status) && endOfLocalDay(dueDate) < now;

/** How a set of deadline changes lands on each running unit. */
export interface DeadlineShift {
  taskId: string;
  from: LocalDate | null;
  to: LocalDate | null;
  /** For a unit-level amendment: the one unit it concerns. */
  unitId?: string;
}

/**
 * Folds the moved deadlines into the running units' tasks: a unit task moves
 * when it still has the campaign's old deadline (or the amendment is its own);
 * one that differs keeps its date, as the workflow keeps a unit's own amendment.
 */
export function impactOnUnits(
  plan: Plan,
  shifts: readonly DeadlineShift[],
  units: Iterable<{ unitId: string; tasks: readonly UnitTaskState[] }>,
  now: number,
  isWorkingDay: WorkingDayCalendar,
  listLimit: number,
): Pick<AmendmentImpact, 'totals' | 'units' | 'unitsListed'> {
  const totals = emptyTotals();
  const listed: AmendmentImpact['units'] = [];
  for (const unit of units) {
    const changes: UnitTaskChange[] = [];
    for (const shift of shifts) {
      if (shift.unitId !== undefined && shift.unitId !== unit.unitId) continue;
      const task = unit.tasks.find((t) => t.taskId === shift.taskId);
      if (!task) continue;
      if (shift.unitId === undefined && task.dueDate !== shift.from) {
        totals.kept += 1;
        continue;
      }
      const open = outstanding(plan, task.status);
      const atOnce = open && shift.to !== null ? atOnceFor(plan, shift.to, now, isWorkingDay) : null;
      const change: UnitTaskChange = {
        taskId: task.taskId,
        status: task.status,
        from: task.dueDate,
        to: shift.to,
        overdueBefore: overdueAt(plan, task.status, task.dueDate, now),
        overdueAfter: overdueAt(plan, task.status, shift.to, now),
        atOnce,
      };
      changes.push(change);
      if (!change.overdueBefore && change.overdueAfter) totals.becomeOverdue += 1;
      if (change.overdueBefore && !change.overdueAfter) totals.stopBeingOverdue += 1;
      if (atOnce) {
        if (atOnce.reminder) totals.remindersAtOnce += 1;
        for (const rung of atOnce.rungs) totals.rungsAtOnce[rung] += 1;
        for (const role of NOTIFY_ROLES) totals.noticesAtOnce[role] += atOnce.notices[role];
      }
    }
    if (changes.length === 0) continue;
    totals.unitsChanged += 1;
    totals.tasksChanged += changes.length;
    if (listed.length < listLimit) listed.push({ unitId: unit.unitId, tasks: changes });
  }
  return { totals, units: listed, unitsListed: listed.length };
}

/**
 * The campaign-wide deadlines and phase ends that differ between two sets of
 * amendments, and between two holiday calendars when the change is the calendar
 * itself (working-day deadlines move; the others stay).
 */
export function campaignShifts(
  plan: Plan,
  before: Amendments,
  after: Amendments,
  isWorkingDay: WorkingDayCalendar,
  isWorkingDayAfter: WorkingDayCalendar = isWorkingDay,
): Pick<AmendmentImpact, 'deadlines' | 'phaseEnds'> {
  const old = taskDeadlines(plan, before.milestoneDates, before.deadlineOverrides, isWorkingDay);
  const neu = taskDeadlines(plan, after.milestoneDates, after.deadlineOverrides, isWorkingDayAfter);
  const deadlines = old
    .map((d, i) => ({ taskId: d.taskId, from: d.dueDate ?? null, to: neu[i].dueDate ?? null }))
    .filter((d) => d.from !== d.to);
  const phaseEnds = plan.phases
    .map((phase) => ({ phaseId: phase.id, from: phaseEndDate(plan, phase, before.milestoneDates) ?? null, to: phaseEndDate(plan, phase, after.milestoneDates) ?? null }))
    .filter((p) => p.from !== p.to);
  return { deadlines, phaseEnds };
}

export interface StartImpactTask {
  taskId: string;
  phaseId: string;
  units: number;
  dueDate: LocalDate | null;
  /** Passed before the start: what the late-start policy does with it. */
  late: { policy: LateStartPolicy; graceDueDate: LocalDate | null } | null;
}

export interface StartImpact {
  policy: LateStartPolicy;
  units: number;
  byType: Partial<Record<UnitType, number>>;
  tasks: StartImpactTask[];
  /** What the first pass at the start sends, over all units. */
  atOnce: { reminders: number; rungs: Record<Rung, number>; catchUpDigests: number; notices: Record<NotifyRole, number> };
}

/**
 * What starting units of these types at `now` would do: which deadlines have
 * passed and what the plan's late-start policy makes of them, and what the
 * first pass sends at once (under `escalate`, the passed rungs as one catch-up
 * digest per unit per role, as the workflow folds them).
 */
export function startImpact(plan: Plan, amendments: Amendments, byType: Partial<Record<UnitType, number>>, now: number, isWorkingDay: WorkingDayCalendar): StartImpact {
  const rungs = Object.fromEntries(RUNG_IDS.map((r) => [r, 0])) as Record<Rung, number>;
  const notices = noNotices();
  let reminders = 0;
  let catchUpDigests = 0;
  const tasks = new Map<string, StartImpactTask>();
  let units = 0;
  for (const [type, count] of Object.entries(byType) as Array<[UnitType, number]>) {
    if (!count) continue;
    units += count;
    const own = planForUnitType(plan, type);
    const deadlines = taskDeadlines(own, amendments.milestoneDates, amendments.deadlineOverrides, isWorkingDay);
    const record = decideLateStart(plan.lateStart, deadlines, now, isWorkingDay);
    const effective = withLateStart(deadlines, record, endOfLocalDay);
    const catchUpRoles = new Set<NotifyRole>();
    for (const deadline of effective) {
      const phase = own.phases.find((p) => p.id === deadline.phaseId)!;
      const late = record.tasks.find((t) => t.taskId === deadline.taskId);
      const entry = tasks.get(deadline.taskId) ?? {
        taskId: deadline.taskId,
        phaseId: deadline.phaseId,
        units: 0,
        dueDate: deadline.dueDate ?? null,
        late: late ? { policy: record.policy, graceDueDate: late.graceDueDate ?? null } : null,
      };
      entry.units += count;
      tasks.set(deadline.taskId, entry);
      // Only tasks of phases begun by now are open at the start.
      if (deadline.dueDate === undefined || startOfLocalDay(phase.window.start) > now) continue;
      const atOnce = atOnceFor(plan, deadline.dueDate, now, isWorkingDay);
      if (atOnce.reminder) {
        reminders += count;
        notices.secretary += count;
      }
      for (const step of rungSteps(taskLadder(plan), deadline.dueDate, isWorkingDay).filter((s) => s.at <= now)) {
        rungs[step.rung] += count;
        step.notify.forEach((role) => catchUpRoles.add(role));
      }
    }
    // Rungs due at the start are for time before it: under escalate they go out folded, one digest per role.
    for (const role of NOTIFY_ROLES.filter((r) => catchUpRoles.has(r))) {
      notices[role] += count;
      catchUpDigests += count;
    }
  }
  return { policy: plan.lateStart.policy, units, byType, tasks: [...tasks.values()], atOnce: { reminders, rungs, catchUpDigests, notices } };
}

