/**
 * Impact previews (dryRun=true) of the campaign office's changes: a read of
 * the campaign's amendments (a workflow query, which records nothing) and of
 * the read model, folded by domain/impact.ts. Nothing is changed: no update
 * is sent, no ledger row or notice is written, no calendar version stored.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { campaignProgressQuery, campaignWorkflowId, type CampaignAmendments, type StartTarget } from '../../contracts';
import { deadlineChangeRefusal, milestoneChangeRefusal } from '../../domain/amendment-rules';
import { ErrorType } from '../../domain/errors';
import { changedWorkingDays, createWorkingDayCalendar, type HolidayCalendarData } from '../../domain/holidays/working-days';
import { campaignShifts, impactOnUnits, startImpact, type AmendmentImpact, type Amendments, type DeadlineShift, type ImpactTotals } from '../../domain/impact';
import type { UnitType } from '../../domain/labels';
import type { Plan } from '../../domain/plan';
import { weekdaysOnly } from '../../domain/schedule';
import type { ApiContext } from '../context';

/** Units listed by name in a preview; the totals count every one. */
export const PREVIEW_LIST_LIMIT = 200;
const PAGE = 1000;

async function currentAmendments(ctx: ApiContext, campaignId: string): Promise<CampaignAmendments> {
  const progress = await ctx.temporal.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignProgressQuery);
  return progress.amendments;
}

const calendarOf = (amendments: CampaignAmendments) => (amendments.holidays ? createWorkingDayCalendar(amendments.holidays) : weekdaysOnly);

/** Every running unit's tasks, page by page. */
async function* runningUnits(ctx: ApiContext, campaignId: string, only?: string) {
  let after: string | null = null;
  for (;;) {
    const page = await ctx.storage.readModel.unitTasksPage(campaignId, after, PAGE);
    for (const unit of page) if (only === undefined || unit.unitId === only) yield unit;
    if (page.length < PAGE) return;
    after = page[page.length - 1].unitId;
  }
}

async function fold(ctx: ApiContext, campaignId: string, plan: Plan, shifts: DeadlineShift[], amendments: CampaignAmendments, only?: string) {
  const units: Array<{ unitId: string; tasks: Array<{ taskId: string; status: string; dueDate: string | null }> }> = [];
  for await (const unit of runningUnits(ctx, campaignId, only)) units.push(unit);
  return impactOnUnits(plan, shifts, units, Date.now(), calendarOf(amendments), PREVIEW_LIST_LIMIT);
}

const noImpact = (refused: AmendmentImpact['refused']): AmendmentImpact => ({
  refused,
  deadlines: [],
  phaseEnds: [],
  totals: { unitsChanged: 0, tasksChanged: 0, kept: 0, becomeOverdue: 0, stopBeingOverdue: 0, rungsAtOnce: { reminder: 0, warning: 0, listed_supervision: 0, circulated_criticism: 0, accountability: 0 }, remindersAtOnce: 0, noticesAtOnce: { secretary: 0, supervisor: 0, office: 0 } },
  units: [],
  unitsListed: 0,
});

const pick = (a: CampaignAmendments): Amendments => ({ milestoneDates: a.milestoneDates, deadlineOverrides: a.deadlineOverrides });

export async function previewMilestoneChange(ctx: ApiContext, campaignId: string, plan: Plan, change: { milestoneId: string; date: string; reason: string }): Promise<AmendmentImpact> {
  const amendments = await currentAmendments(ctx, campaignId);
  const refused = milestoneChangeRefusal(plan, amendments, change, Date.now());
  if (refused) return noImpact(refused);
  const after: Amendments = { ...pick(amendments), milestoneDates: { ...amendments.milestoneDates, [change.milestoneId]: change.date } };
  const shifted = campaignShifts(plan, pick(amendments), after, calendarOf(amendments));
  return { refused: null, ...shifted, ...(await fold(ctx, campaignId, plan, shifted.deadlines, amendments)) };
}

export async function previewDeadlineChange(
  ctx: ApiContext,
  campaignId: string,
  plan: Plan,
  change: { taskId: string; date: string; reason: string; unitId?: string },
): Promise<AmendmentImpact> {
  const amendments = await currentAmendments(ctx, campaignId);
  const refused = deadlineChangeRefusal(plan, change, Date.now());
  if (refused) return noImpact(refused);
  if (change.unitId !== undefined) {
    // One unit's own amendment: its task moves from whatever date it has now.
    const shifts = [{ taskId: change.taskId, from: null, to: change.date, unitId: change.unitId }];
    return { refused: null, deadlines: [], phaseEnds: [], ...(await fold(ctx, campaignId, plan, shifts, amendments, change.unitId)) };
  }
  const after: Amendments = { ...pick(amendments), deadlineOverrides: { ...amendments.deadlineOverrides, [change.taskId]: change.date } };
  const shifted = campaignShifts(plan, pick(amendments), after, calendarOf(amendments));
  return { refused: null, ...shifted, ...(await fold(ctx, campaignId, plan, shifted.deadlines, amendments)) };
}

/** What starting the target now would do; units already started are left out, as the start would skip them. */
export async function previewStart(ctx: ApiContext, campaignId: string, plan: Plan, target: StartTarget) {
  const amendments = await currentAmendments(ctx, campaignId);
  const byType: Partial<Record<UnitType, number>> = {};
  let cursor: string | null = null;
  let unknown = 0;
  let alreadyRunning = 0;
  for (;;) {
    const page = await ctx.storage.campaignUnits.nextStartPage(target, cursor, PAGE);
    unknown += page.unknownIds.length;
    const fresh = new Set(await ctx.storage.campaignUnits.notStarted(campaignId, page.units.map((u) => u.id)));
    for (const unit of page.units) {
      if (fresh.has(unit.id)) byType[unit.type] = (byType[unit.type] ?? 0) + 1;
      else alreadyRunning += 1;
    }
    if (page.done) break;
    cursor = page.cursor;
  }
  return { ...startImpact(plan, pick(amendments), byType, Date.now(), calendarOf(amendments)), alreadyRunning, skipped: unknown };
}

/** One campaign in a holiday-year preview: the working-day deadlines that move, and how they land on its units. */
export interface CampaignCalendarImpact extends Omit<AmendmentImpact, 'phaseEnds'> {
  campaignId: string;
  /** The calendar version the campaign counts with now (null: weekdays only). */
  calendarVersion: string | null;
}

export interface HolidayYearImpact {
  /** The version the year would make (the one in force when the year is already exactly so). */
  version: string;
  previousVersion: string;
  changed: boolean;
  /** Days whose working-day status the year changes against the calendar in force. */
  changedDays: string[];
  /** Campaigns whose deadlines would move, or that would refuse the new calendar (at most PREVIEW_LIST_LIMIT listed). */
  campaigns: CampaignCalendarImpact[];
  totals: ImpactTotals & {
    campaigns: number;
    /** Running campaigns that would be moved to the new calendar (the broadcast's `updated`). */
    wouldUpdate: number;
    campaignsChanged: number;
    refused: number;
  };
}

/** The campaign's amendments, or null when its workflow is not running (the broadcast counts it as not running). */
async function runningAmendments(ctx: ApiContext, campaignId: string): Promise<CampaignAmendments | null> {
  const handle = ctx.temporal.workflow.getHandle(campaignWorkflowId(campaignId));
  try {
    if ((await handle.describe()).status.name !== 'RUNNING') return null;
    return (await handle.query(campaignProgressQuery)).amendments;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/**
 * What adding or correcting a holiday year would do: the calendar the broadcast
 * would send (`after`, the year merged into the one in force), compared, per
 * campaign, with the calendar that campaign counts with now, through the same
 * deadline computation the workflows use. Reads only.
 */
export async function previewHolidayYear(ctx: ApiContext, inForce: HolidayCalendarData, after: HolidayCalendarData): Promise<HolidayYearImpact> {
  const totals: HolidayYearImpact['totals'] = { ...noImpact(null).totals, campaigns: 0, wouldUpdate: 0, campaignsChanged: 0, refused: 0 };
  const campaigns: CampaignCalendarImpact[] = [];
  const isWorkingDayAfter = createWorkingDayCalendar(after);
  let cursor: string | null = null;
  for (;;) {
    const ids = await ctx.storage.campaigns.idsPage(cursor, 100);
    for (const campaignId of ids) {
      totals.campaigns += 1;
      const amendments = await runningAmendments(ctx, campaignId);
      const calendarVersion = amendments?.holidays?.version ?? null;
      const refusal = amendments === null
        ? { type: ErrorType.NotFound, message: `campaign "${campaignId}" is not running; it keeps the calendar it ended with` }
        : amendments.holidays?.version === after.version
          ? { type: ErrorType.Conflict, message: `the campaign already uses calendar version ${after.version}; nothing moves` }
          : null;
      if (refusal || !amendments) {
        totals.refused += 1;
        const { phaseEnds: _noPhaseEnds, ...nothing } = noImpact(refusal); // a calendar moves no phase end
        if (campaigns.length < PREVIEW_LIST_LIMIT) campaigns.push({ campaignId, calendarVersion, ...nothing });
        continue;
      }
      totals.wouldUpdate += 1;
      const record = await ctx.storage.campaigns.get(campaignId);
      if (!record) continue;
      const { deadlines } = campaignShifts(record.plan, pick(amendments), pick(amendments), calendarOf(amendments), isWorkingDayAfter);
      if (deadlines.length === 0) continue;
      const units: Array<{ unitId: string; tasks: Array<{ taskId: string; status: string; dueDate: string | null }> }> = [];
      for await (const unit of runningUnits(ctx, campaignId)) units.push(unit);
      const folded = impactOnUnits(record.plan, deadlines, units, Date.now(), isWorkingDayAfter, PREVIEW_LIST_LIMIT);
      totals.campaignsChanged += 1;
      for (const key of ['unitsChanged', 'tasksChanged', 'kept', 'becomeOverdue', 'stopBeingOverdue', 'remindersAtOnce'] as const) totals[key] += folded.totals[key];
      for (const [rung, n] of Object.entries(folded.totals.rungsAtOnce)) totals.rungsAtOnce[rung as keyof typeof totals.rungsAtOnce] += n;
      for (const [role, n] of Object.entries(folded.totals.noticesAtOnce)) totals.noticesAtOnce[role as keyof typeof totals.noticesAtOnce] += n;
      if (campaigns.length < PREVIEW_LIST_LIMIT) campaigns.push({ campaignId, calendarVersion, refused: null, deadlines, ...folded });
    }
    if (ids.length < 100) break;
    cursor = ids[ids.length - 1];
  }
  return { version: after.version, previousVersion: inForce.version, changed: after.version !== inForce.version, changedDays: changedWorkingDays(inForce, after), campaigns, totals };
}
