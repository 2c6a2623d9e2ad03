/**
 * Impact previews (dryRun=true) of the campaign office's changes: a read of
 * the campaign's amendments (a workflow query, which records nothing) and of
 * the read model, folded by domain/impact.ts. Nothing is changed: no update
 * is sent, no ledger row or notice is written.
 */
import { campaignProgressQuery, campaignWorkflowId, type CampaignAmendments, type StartTarget } from '../../contracts';
import { deadlineChangeRefusal, milestoneChangeRefusal } from '../../domain/amendment-rules';
import { createWorkingDayCalendar } from '../../domain/holidays/working-days';
import { campaignShifts, impactOnUnits, startImpact, type AmendmentImpact, type Amendments, type DeadlineShift } from '../../domain/impact';
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
