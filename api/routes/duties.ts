/**
 * A person's pending duties (what I must submit, approve or review, by when).
 *
 * - a unit: its open and rejected tasks, the rectifications it must report,
 *   and its extension requests awaiting a decision — from its one unit
 *   workflow and its rectification items;
 * - a supervisor, over the units they supervise: submitted tasks to approve,
 *   extension requests to decide, reported rectifications to verify, point
 *   reviews due or overdue. Candidate units come from PostgreSQL (the read
 *   model's submitted tasks, the ledger's undecided extension requests, the
 *   rectification index), and only those units' workflows are queried; the
 *   reviews owed are computed from the plan's periods, the read model's phase
 *   and the ledger's `review.given` rows, with no workflow query at all (the
 *   read model snapshot has no review state, and every unit owes one each
 *   period);
 * - the campaign office: submitted tasks the plan has approved by the office.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { CampaignRecord } from '../../adapters/storage/campaigns';
import { mapLimit } from '../../domain/concurrency';
import type { ReadScope } from '../../adapters/storage/read-scope';
import { DAY_IN_MS, endOfLocalDay, localDateOf, startOfLocalDay, type LocalDate } from '../../domain/calendar';
import { higherRung, rungSteps } from '../../domain/escalation';
import { createWorkingDayCalendar } from '../../domain/holidays/working-days';
import { DUTY_KINDS, RUNGS, supervisionKindLabel, type Bilingual, type Rung } from '../../domain/labels';
import { reviewPeriods } from '../../domain/reviews';
import { weekdaysOnly } from '../../domain/schedule';
import { campaignProgressQuery, campaignWorkflowId, supervisionScheduleQuery, unitStateQuery, unitWorkflowId, type UnitCampaignView } from '../../contracts';
import { requireCampaign, type ApiContext } from '../context';
import { DATE_FORMAT, defineSheet, localDateCell, sendXlsx, type XlsxColumn } from '../exports/xlsx';
import { planOf, rectificationState } from '../rectifications';
import { dutiesQuery, dutiesReplySchema, type DutyKind } from './duties.schemas';


/** Unit workflows queried per campaign at most; beyond it the list says it is truncated. */
const MAX_QUERIED = 200;
const CONCURRENCY = 16;

interface Duty {
  kind: DutyKind;
  kindLabel: Bilingual;
  campaignId: string;
  unitId: string;
  unitName: string | null;
  title: Bilingual;
  dueDate: LocalDate | null;
  overdue: boolean;
  rung: Rung | null;
  rungLabel: Bilingual | null;
  taskId?: string;
  periodId?: string;
  itemId?: string;
  obligationId?: string;
  action: string;
}

const bilingual = (text: Bilingual | null) => (text ? `${text.zh} (${text.en})` : null);

/** The workbook's columns: what to do, for which unit, by when, and the API call that does it. */
const DUTY_COLUMNS: ReadonlyArray<XlsxColumn<Duty>> = [
  { header: '事項 (duty)', width: 28, value: (d) => bilingual(d.kindLabel) },
  { header: '活動 (campaign)', width: 18, value: (d) => d.campaignId },
  { header: '單位 (unit)', width: 16, value: (d) => d.unitId },
  { header: '單位名稱 (unit name)', width: 22, value: (d) => d.unitName },
  { header: '內容 (title)', width: 40, value: (d) => bilingual(d.title) },
  { header: '期限 (due date)', width: 14, value: (d) => localDateCell(d.dueDate), numFmt: DATE_FORMAT },
  { header: '逾期 (overdue)', width: 10, value: (d) => (d.overdue ? '是 (yes)' : '否 (no)') },
  { header: '督辦級別 (rung)', width: 26, value: (d) => bilingual(d.rungLabel) },
  { header: '操作 (API call)', width: 60, value: (d) => d.action },
];

const isPast = (date: LocalDate | null, now: number) => date !== null && endOfLocalDay(date) < now;

export function registerDutyRoutes(ctx: ApiContext): void {
  const { routes, temporal } = ctx;

  function duty(fields: Omit<Duty, 'kindLabel' | 'rungLabel' | 'rung' | 'overdue'> & { rung?: Rung | null; overdue?: boolean }, now: number): Duty {
    const rung = fields.rung ?? null;
    return { ...fields, kindLabel: DUTY_KINDS[fields.kind], rung, rungLabel: rung ? RUNGS[rung] : null, overdue: fields.overdue ?? isPast(fields.dueDate, now) };
  }

  async function unitView(campaignId: string, unitId: string): Promise<UnitCampaignView | undefined> {
    try {
      return await temporal.workflow.getHandle(unitWorkflowId(campaignId, unitId)).query(unitStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  const base = (campaignId: string, unitId: string) => `/campaigns/${campaignId}/units/${unitId}`;

  async function unitDuties(campaign: CampaignRecord, unitId: string, now: number): Promise<{ duties: Duty[]; truncated: boolean }> {
    if (!(await ctx.storage.campaignUnits.isStarted(campaign.id, unitId))) return { duties: [], truncated: false };
    const duties: Duty[] = [];
    const view = await unitView(campaign.id, unitId);
    if (view && view.status !== 'completed') {
      for (const task of view.tasks) {
        const common = { campaignId: campaign.id, unitId, unitName: null, taskId: task.taskId, dueDate: task.dueDate, rung: task.rung };
        if (task.status === 'open' || task.status === 'rejected') {
          duties.push(duty({ ...common, kind: task.status === 'open' ? 'submit_task' : 'resubmit_task', title: task.title, overdue: task.overdue, action: `POST ${base(campaign.id, unitId)}/tasks/${task.taskId}/submit` }, now));
        }
        if (task.extensionRequest) {
          duties.push(
            duty(
              {
                ...common,
                kind: 'awaiting_extension_decision',
                title: { zh: `${task.title.zh}（申請延期至${task.extensionRequest.proposedDate}）`, en: `${task.title.en} (extension to ${task.extensionRequest.proposedDate} asked for)` },
                action: `GET ${base(campaign.id, unitId)}`,
              },
              now,
            ),
          );
        }
      }
    }
    const items = (await ctx.storage.rectifications.listForUnit(campaign.id, unitId)).filter((item) => item.status !== 'verified');
    for (const item of await mapLimit(items, CONCURRENCY, (i) => rectificationState(ctx, i))) {
      if (item.status !== 'open' && item.status !== 'sent_back') continue;
      duties.push(
        duty(
          {
            kind: 'report_rectification',
            campaignId: campaign.id,
            unitId,
            unitName: null,
            itemId: item.itemId,
            title: { zh: `整改：${item.description}`, en: `rectification: ${item.description}` },
            dueDate: item.dueDate,
            rung: item.rung,
            action: `POST ${base(campaign.id, unitId)}/rectifications/${item.itemId}/report`,
          },
          now,
        ),
      );
    }
    return { duties, truncated: false };
  }

  /** Approvals (and, for a supervisor, extension decisions) from the units that have something waiting. */
  async function approverDuties(
    campaign: CampaignRecord,
    scope: ReadScope,
    approver: 'supervisor' | 'office',
    now: number,
  ): Promise<{ duties: Duty[]; truncated: boolean }> {
    const plan = planOf(campaign);
    const approvable = new Set(plan.phases.flatMap((phase) => phase.tasks.filter((task) => task.approvedBy === approver).map((task) => task.id)));
    const candidates = await ctx.storage.owedWork.unitsAwaitingDecision(campaign.id, scope, [...approvable], MAX_QUERIED + 1, { extensions: approver === 'supervisor' });
    const truncated = candidates.length > MAX_QUERIED;
    const duties: Duty[] = [];
    const views = await mapLimit(candidates.slice(0, MAX_QUERIED), CONCURRENCY, async (unit) => ({ unit, view: await unitView(campaign.id, unit.unitId) }));
    for (const { unit, view } of views) {
      if (!view || view.status === 'completed') continue;
      for (const task of view.tasks) {
        const common = { campaignId: campaign.id, unitId: unit.unitId, unitName: unit.name, taskId: task.taskId };
        if (task.status === 'submitted' && approvable.has(task.taskId) && task.lastSubmission) {
          const due = localDateOf(Date.parse(task.lastSubmission.at) + plan.reminders.approvalAfterDays * DAY_IN_MS);
          duties.push(duty({ ...common, kind: 'approve_task', title: task.title, dueDate: due, action: `POST ${base(campaign.id, unit.unitId)}/tasks/${task.taskId}/approve` }, now));
        }
        if (approver === 'supervisor' && task.extensionRequest) {
          duties.push(
            duty(
              {
                ...common,
                kind: 'decide_extension',
                title: { zh: `${task.title.zh}：延期申請至${task.extensionRequest.proposedDate}`, en: `${task.title.en}: extension asked to ${task.extensionRequest.proposedDate}` },
                // The decision is needed before the current deadline passes.
                dueDate: task.dueDate,
                rung: task.rung,
                action: `POST ${base(campaign.id, unit.unitId)}/tasks/${task.taskId}/extension-requests/decision`,
              },
              now,
            ),
          );
        }
      }
    }
    return { duties, truncated };
  }

  /**
   * 聯繫點 visits the person owes as a leader, and (for a supervisor) scheduled methods owed for
   * units all in their scope: begun and not recorded, from the campaign workflow's schedule.
   */
  async function supervisionDuties(campaign: CampaignRecord, userId: string, supervises: ((unitIds: string[]) => Promise<Set<string>>) | null, now: number): Promise<Duty[]> {
    let view;
    try {
      view = await temporal.workflow.getHandle(campaignWorkflowId(campaign.id)).query(supervisionScheduleQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return [];
      throw error;
    }
    const owed = view.obligations.filter((o) => o.recordedEventId === null);
    const visits = owed.filter((o) => o.leaderId === userId);
    const methods = supervises ? owed.filter((o) => o.leaderId === null && o.unitIds.length > 0) : [];
    const outside = supervises ? await supervises([...new Set(methods.flatMap((o) => o.unitIds))]) : new Set<string>();
    const names = new Map((await ctx.storage.units.listByIds([...new Set([...visits, ...methods].flatMap((o) => o.unitIds))])).map((u) => [u.id, u.name]));
    const events = `POST /campaigns/${campaign.id}/supervision-events`;
    return [
      ...visits.map((o) =>
        duty(
          {
            kind: 'visit_contact_point',
            campaignId: campaign.id,
            unitId: o.unitIds[0],
            unitName: names.get(o.unitIds[0]) ?? null,
            obligationId: o.id,
            title: { zh: `${o.start}起聯繫點指導`, en: `contact-point visit for the period from ${o.start}` },
            dueDate: o.dueDate,
            rung: o.rung,
            action: `${events} (kind contact_point_visit)`,
          },
          now,
        ),
      ),
      ...methods
        .filter((o) => o.unitIds.every((u) => !outside.has(u)))
        .map((o) =>
          duty(
            {
              kind: 'record_scheduled_supervision',
              campaignId: campaign.id,
              unitId: o.unitIds[0],
              unitName: names.get(o.unitIds[0]) ?? null,
              obligationId: o.id,
              title: { zh: `${supervisionKindLabel(o.kind).zh}（${o.start}起）`, en: `${supervisionKindLabel(o.kind).en} (from ${o.start})` },
              dueDate: o.dueDate,
              rung: o.rung,
              action: `${events} (kind ${o.kind}, scheduledId ${o.id})`,
            },
            now,
          ),
        ),
    ];
  }

  async function supervisorDuties(campaign: CampaignRecord, paths: string[], limit: number, now: number, userId: string) {
    const scope: ReadScope = { kind: 'subtrees', paths };
    const plan = planOf(campaign);
    const approvals = await approverDuties(campaign, scope, 'supervisor', now);
    const duties = [...approvals.duties, ...(await supervisionDuties(campaign, userId, async (ids) => new Set(await ctx.storage.supervisors.notSupervisedBy(ids, userId)), now))];
    let truncated = approvals.truncated;
    const totals: Partial<Record<DutyKind, number>> = {};

    // Point reviews owed: the plan's periods, the read model's phase, the ledger's given reviews.
    if (plan.pointReviews.length) {
      const { amendments } = await temporal.workflow.getHandle(campaignWorkflowId(campaign.id)).query(campaignProgressQuery);
      const phaseIds = plan.phases.map((p) => p.id);
      const started = reviewPeriods(plan, amendments.milestoneDates).filter((p) => startOfLocalDay(p.start) <= now);
      const owed = await ctx.storage.owedWork.owedReviews(
        campaign.id,
        scope,
        started.map((p) => ({ ...p, phaseIndex: phaseIds.indexOf(p.phaseId) })),
        phaseIds,
        limit,
      );
      totals.give_review = owed.total;
      if (owed.total > owed.reviews.length) truncated = true;
      const calendar = amendments.holidays ? createWorkingDayCalendar(amendments.holidays) : weekdaysOnly;
      for (const review of owed.reviews) {
        const rung = rungSteps({ ladder: plan.reviewLadder, atHour: plan.reminders.atHour }, review.dueDate, calendar)
          .filter((step) => step.at <= now)
          .reduce<Rung | null>((top, step) => higherRung(top, step.rung), null);
        duties.push(
          duty(
            {
              kind: 'give_review',
              campaignId: campaign.id,
              unitId: review.unitId,
              unitName: review.name,
              periodId: review.periodId,
              title: { zh: `${review.start}至${review.end}點評`, en: `point review for ${review.start} to ${review.end}` },
              dueDate: review.dueDate,
              rung,
              action: `POST ${base(campaign.id, review.unitId)}/reviews`,
            },
            now,
          ),
        );
      }
    }

    // Reported rectifications to verify: candidates from the index, state from their workflows.
    const items = await ctx.storage.rectifications.outstandingInScope(campaign.id, scope, MAX_QUERIED + 1);
    if (items.length > MAX_QUERIED) truncated = true;
    const names = new Map((await ctx.storage.units.listByIds([...new Set(items.map((i) => i.unitId))])).map((u) => [u.id, u.name]));
    for (const item of await mapLimit(items.slice(0, MAX_QUERIED), CONCURRENCY, (i) => rectificationState(ctx, i))) {
      if (item.status !== 'reported' || !item.lastReport) continue;
      duties.push(
        duty(
          {
            kind: 'verify_rectification',
            campaignId: campaign.id,
            unitId: item.unitId,
            unitName: names.get(item.unitId) ?? null,
            itemId: item.itemId,
            title: { zh: `整改驗收：${item.description}`, en: `verify the rectification: ${item.description}` },
            dueDate: localDateOf(Date.parse(item.lastReport.at) + plan.reminders.approvalAfterDays * DAY_IN_MS),
            action: `POST ${base(campaign.id, item.unitId)}/rectifications/${item.itemId}/verify`,
          },
          now,
        ),
      );
    }
    return { duties, truncated, totals };
  }

  routes.add({
    method: 'get',
    path: '/me/duties',
    tag: 'duties',
    summary: 'My pending duties: what I must submit, approve, review or verify, and by when',
    description:
      'A unit: its open and rejected tasks, rectifications to report, extension requests awaiting a decision. A supervisor, over the units they supervise: submitted tasks to approve, point reviews due or overdue, reported rectifications to verify, extension requests to decide. The campaign office: tasks approved by the office. Sorted by due date, overdue first among equals.',
    access: 'authenticated',
    query: dutiesQuery,
    responses: { 200: { description: 'the duties', schema: dutiesReplySchema } },
    handler: async ({ query, user, res }) => {
      const now = Date.now();
      const campaigns = query.campaignId
        ? [await requireCampaign(ctx, query.campaignId)]
        : (await Promise.all((await ctx.storage.campaigns.list()).map((c) => ctx.storage.campaigns.get(c.id)))).filter((c): c is CampaignRecord => c !== undefined);
      const paths = user.role === 'supervisor' ? await ctx.storage.supervisors.supervisedPaths(user.id) : [];

      const duties: Duty[] = [];
      const counted: Partial<Record<DutyKind, number>> = {};
      let truncated = false;
      for (const campaign of campaigns) {
        let result: { duties: Duty[]; truncated: boolean; totals?: Partial<Record<DutyKind, number>> };
        if (user.role === 'unit') result = await unitDuties(campaign, user.unitId!, now);
        else if (user.role === 'supervisor') result = paths.length ? await supervisorDuties(campaign, paths, query.limit, now, user.id) : { duties: [], truncated: false };
        else {
          const office = await approverDuties(campaign, { kind: 'campaign' }, 'office', now);
          // An office user may be a leader with contact points too.
          result = { ...office, duties: [...office.duties, ...(await supervisionDuties(campaign, user.id, null, now))] };
        }
        duties.push(...result.duties);
        truncated ||= result.truncated;
        const listedKinds = new Set(Object.keys(result.totals ?? {}));
        for (const d of result.duties) if (!listedKinds.has(d.kind)) counted[d.kind] = (counted[d.kind] ?? 0) + 1;
        for (const [kind, n] of Object.entries(result.totals ?? {})) counted[kind as DutyKind] = (counted[kind as DutyKind] ?? 0) + n;
      }
      duties.sort(
        (a, b) =>
          (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
          Number(b.overdue) - Number(a.overdue) ||
          a.campaignId.localeCompare(b.campaignId) ||
          a.unitId.localeCompare(b.unitId) ||
          a.kind.localeCompare(b.kind),
      );
      if (duties.length > query.limit) truncated = true;
      if (query.format === 'xlsx') {
        await sendXlsx(res, `duties-${user.id}.xlsx`, [defineSheet({ name: '待辦事項 (pending duties)', columns: DUTY_COLUMNS, rows: duties.slice(0, query.limit) })]);
        return;
      }
      return {
        status: 200,
        body: {
          userId: user.id,
          role: user.role,
          asOf: new Date(now).toISOString(),
          duties: duties.slice(0, query.limit),
          totals: counted,
          truncated,
        },
      };
    },
  });
}
