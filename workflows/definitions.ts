/**
 * The messages each workflow accepts and the state it exposes. The API imports
 * only this module (never workflow code); changing a name or a shape here
 * changes a contract with running campaigns, so add, do not rename.
 */
import { RECTIFICATION_STATUSES } from '../domain/labels';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../domain/calendar';
import type { StartTarget } from '../domain/campaign-types';
import type { Light } from '../domain/escalation';
import type { Bilingual, ClassificationGrade, RectificationStatus, Rung, TaskStatus, UnitType } from '../domain/labels';
import type { HolidayCalendarData, HolidayYear } from '../domain/holidays/working-days';
import type { Plan } from '../domain/plan';
import type { ReviewRating } from '../domain/reviews';
import type { DeadlineOverrides, MilestoneDates } from '../domain/schedule';

export const unitWorkflowId = (campaignId: string, unitId: string) => `campaign:${campaignId}:unit:${unitId}`;
export const campaignWorkflowId = (campaignId: string) => `campaign:${campaignId}`;

// ---------------------------------------------------------------- unit campaign

/** What the campaign office decided for the whole campaign; a higher revision replaces a lower one. */
export interface CampaignAmendments {
  revision: number;
  milestoneDates: MilestoneDates;
  deadlineOverrides: DeadlineOverrides;
  /** The holiday calendar (statutory holidays and 調休) that working-day deadlines count with; weekdays only when absent. */
  holidays?: HolidayCalendarData;
}

export interface UnitCampaignInput {
  campaignId: string;
  unitId: string;
  unitType: UnitType;
  /** The plan restricted to the tasks of this unit's type. */
  plan: Plan;
  amendments: CampaignAmendments;
  /** Set by continue-as-new only. */
  carried?: UnitCampaignCarriedState;
}

export interface Evidence {
  text: string;
  links: string[];
}

/** Who did something, and when (ISO instant, workflow time). */
export interface Stamp {
  by: string;
  at: string;
}

export interface TaskRecord {
  taskId: string;
  phaseId: string;
  status: TaskStatus;
  submissions: number;
  rejections: number;
  lastSubmission?: Stamp & { evidence: Evidence };
  lastRejection?: Stamp & { reason: string };
  approval?: Stamp & { comment?: string };
  /** Deadlines (local dates) already recorded as missed, so a retry or replay records each once. */
  overdueRecorded: LocalDate[];
  /** Reminder and rung step ids already handled (see domain/escalation.ts); absent in runs before the ladder. */
  escalations?: string[];
  /** An extension request (延期申請) awaiting the supervisor's decision. */
  extensionRequest?: Stamp & { proposedDate: LocalDate; reason: string; number: number };
  extensionRequests?: number;
}

export interface ReviewRecord {
  periodId: string;
  given?: Stamp & { comment: string; strengths: string; weaknesses: string; rating: ReviewRating };
  escalations: string[];
}

export interface ReviewView {
  periodId: string;
  phaseId: string;
  start: LocalDate;
  end: LocalDate;
  dueDate: LocalDate;
  status: 'upcoming' | 'due' | 'overdue' | 'given';
  rung: Rung | null;
  given?: ReviewRecord['given'];
}

/** A rectification item (整改) to open with the event that finds the problem (a review, a supervision event). */
export interface RectificationDraft {
  description: string;
  /** Default: today plus the plan's rectification.defaultDays. */
  dueDate?: LocalDate;
}

export interface PointReviewInput {
  /** Items to open with the review, ids derived from unit and period (a retry opens none twice). */
  rectifications?: RectificationDraft[];
  actor: string;
  /** The period reviewed; default the earliest started period not yet reviewed. */
  periodId?: string;
  comment: string;
  strengths: string;
  weaknesses: string;
  rating: ReviewRating;
}

/** 三分類: the unit's grade at one classification round (for example a year). */
export interface ClassificationRecord {
  round: string;
  grade: ClassificationGrade;
  /** What the grade rests on: scores, democratic evaluation (民主測評), the supervisor's assessment. */
  basis: string;
  by: string;
  at: string;
}
export interface ClassificationView extends ClassificationRecord {
  gradeLabel: Bilingual;
}
export interface ClassifyUnitInput {
  /** With a lagging grade (後進): the item `lagging-<round>` is opened with it; description and deadline default. */
  rectification?: Partial<RectificationDraft>;
  actor: string;
  round: string;
  grade: ClassificationGrade;
  basis: string;
}

export interface UnitCampaignCarriedState {
  /** Classifications (三分類) by round; absent in runs before classification existed. */
  classifications?: Record<string, ClassificationRecord>;
  /** Point reviews (點評) given or chased, by period id; absent in runs before reviews existed. */
  reviews?: Record<string, ReviewRecord>;
  phaseIndex: number;
  started: boolean;
  completed: boolean;
  tasks: Record<string, TaskRecord>;
  unitDeadlineOverrides: DeadlineOverrides;
  /** Per-unit amendments so far: part of each amendment's ledger key. */
  unitAmendments: number;
  /** Read-model version; only grows. */
  version: number;
}

export interface TaskView {
  /** Highest rung reached for the current deadline (null when none). */
  rung: Rung | null;
  rungLabel: Bilingual | null;
  light: Light;
  lightLabel: Bilingual;
  extensionRequest?: TaskRecord['extensionRequest'];
  taskId: string;
  phaseId: string;
  title: Bilingual;
  required: boolean;
  approvedBy: 'supervisor' | 'office';
  status: TaskStatus;
  statusLabel: Bilingual;
  dueDate: LocalDate | null;
  dueAt: string | null;
  overdue: boolean;
  submissions: number;
  rejections: number;
  lastSubmission?: TaskRecord['lastSubmission'];
  lastRejection?: TaskRecord['lastRejection'];
  approval?: TaskRecord['approval'];
}

export interface UnitCampaignView {
  campaignId: string;
  unitId: string;
  unitType: UnitType;
  theme: Bilingual | null;
  status: 'waiting' | 'running' | 'completed';
  phase: { id: string; name: Bilingual; index: number; startsAt: string; endsAt: string | null } | null;
  tasks: TaskView[];
  overdue: string[];
  reviews: ReviewView[];
  /** Classification rounds (三分類), earliest first. */
  classifications: ClassificationView[];
  /** The unit's highest current rung over its tasks, and its traffic light (亮燈). */
  rung: Rung | null;
  light: Light;
  lightLabel: Bilingual;
  milestoneDates: MilestoneDates;
  amendmentRevision: number;
  asOf: string;
}

export interface SubmitTaskInput {
  taskId: string;
  actor: string;
  evidence: Evidence;
}
export interface ApproveTaskInput {
  taskId: string;
  actor: string;
  comment?: string;
}
export interface RejectTaskInput {
  taskId: string;
  actor: string;
  reason: string;
}
export interface AmendUnitDeadlineInput {
  taskId: string;
  date: LocalDate;
  actor: string;
  reason: string;
}

export interface RequestExtensionInput {
  taskId: string;
  actor: string;
  proposedDate: LocalDate;
  reason: string;
}
export interface DecideExtensionInput {
  taskId: string;
  actor: string;
  grant: boolean;
  /** The new deadline when granting; defaults to the date the unit proposed. */
  date?: LocalDate;
  reason?: string;
}

export const submitTaskUpdate = defineUpdate<TaskView, [SubmitTaskInput]>('submitTask');
export const approveTaskUpdate = defineUpdate<TaskView, [ApproveTaskInput]>('approveTask');
export const rejectTaskUpdate = defineUpdate<TaskView, [RejectTaskInput]>('rejectTask');
export const amendUnitDeadlineUpdate = defineUpdate<TaskView, [AmendUnitDeadlineInput]>('amendUnitDeadline');
/** 延期申請: a unit asks for more time before its deadline. */
export const requestExtensionUpdate = defineUpdate<TaskView, [RequestExtensionInput]>('requestExtension');
/** The supervisor grants (with a date) or refuses an extension request. */
export const decideExtensionUpdate = defineUpdate<TaskView, [DecideExtensionInput]>('decideExtension');
/** 點評: the supervisor's point review of the unit for one period. */
/** A review, with the items opened with it when the input named some (`rectifications` absent otherwise). */
export type PointReviewResult = ReviewView & { rectifications?: RectificationView[] };
/** A classification, with the lagging unit's item (null for another grade; absent from a run that predates this). */
export type ClassifyUnitResult = ClassificationView & { rectification?: RectificationView | null };

export const givePointReviewUpdate = defineUpdate<PointReviewResult, [PointReviewInput]>('givePointReview');
/** 三分類: the unit's grade for a round; repeating the same grade is a no-op, another grade is refused. */
export const classifyUnitUpdate = defineUpdate<ClassifyUnitResult, [ClassifyUnitInput]>('classifyUnit');
/** Broadcast by the campaign workflow after the office sets a milestone or amends a deadline campaign-wide. */
export const campaignAmendedSignal = defineSignal<[CampaignAmendments]>('campaignAmended');
export const unitStateQuery = defineQuery<UnitCampaignView>('unitState');

// ---------------------------------------------------------------- campaign

export type { StartTarget };


export interface StartRequest {
  requestId: string;
  target: StartTarget;
  requestedBy: string;
  requestedAt: string;
  total: number | null;
  started: number;
  alreadyRunning: number;
  skipped: number;
  /** Keyset cursor: the last unit handled (list index for lists, path for subtrees). */
  cursor: string | null;
  done: boolean;
}

export interface CampaignInput {
  campaignId: string;
  plan: Plan;
  createdBy: string;
  /** The holiday calendar in force when the campaign was defined. */
  holidays?: HolidayCalendarData;
  carried?: CampaignCarriedState;
}

export type SupervisionKind = 'spot_check' | 'open_visit' | 'unannounced_visit' | 'hearing' | 'forum';

export interface RecordSupervisionInput {
  /** The caller's id for the event: a retried request records it once. */
  eventId: string;
  kind: SupervisionKind;
  actor: string;
  /** The units concerned; for a spot check, the population to draw from (default: every started unit). */
  unitIds?: string[];
  findings: string;
  /** Spot checks: how many units to draw, and optionally the seed of an earlier draw to repeat it. */
  sampleSize?: number;
  seed?: string;
  /** Items to open for units of the event (for a spot check, only those drawn), ids derived from the event id. */
  rectifications?: Array<RectificationDraft & { unitId: string }>;
}

export interface SupervisionRecord {
  eventId: string;
  kind: SupervisionKind;
  seed: string | null;
  unitIds: string[];
  populationSize: number;
}

export interface CampaignCarriedState {
  /** The campaign's row was written by this workflow (defineCampaignUpdate); absent in campaigns defined by the API before. */
  defined?: boolean;
  /** Spot-check periods already drawn (absent in runs before spot checks). */
  spotChecksDone?: string[];
  amendments: CampaignAmendments;
  requests: StartRequest[];
  /** Revision last broadcast to running unit workflows. */
  broadcastRevision: number;
  started: boolean;
}

export interface CampaignProgress {
  campaignId: string;
  requests: StartRequest[];
  totals: { requested: number | null; started: number; alreadyRunning: number; skipped: number; done: boolean };
  amendments: CampaignAmendments;
  broadcastPending: boolean;
}

export interface StartUnitsInput {
  requestId: string;
  target: StartTarget;
  actor: string;
}
export interface SetMilestoneInput {
  milestoneId: string;
  date: LocalDate;
  actor: string;
  reason: string;
}
export interface AmendCampaignDeadlineInput {
  taskId: string;
  date: LocalDate;
  actor: string;
  reason: string;
}

export const startUnitsUpdate = defineUpdate<StartRequest, [StartUnitsInput]>('startUnits');
export const setMilestoneUpdate = defineUpdate<CampaignAmendments, [SetMilestoneInput]>('setMilestone');
export const amendCampaignDeadlineUpdate = defineUpdate<CampaignAmendments, [AmendCampaignDeadlineInput]>('amendCampaignDeadline');
/** 隨機抽查, 明查暗訪, hearings and forums: recorded with findings; a spot check draws its units. */
/** The event as recorded, and the items opened with it (absent when the input named none). */
export type SupervisionResult = SupervisionRecord & {
  rectifications?: RectificationView[];
  notOpened?: Array<{ unitId: string; description: string; reason: string }>;
};
export const recordSupervisionUpdate = defineUpdate<SupervisionResult, [RecordSupervisionInput]>('recordSupervision');

/** A supervisor or the office opens one rectification item (整改) for a started unit. */
export interface OpenRectificationInput {
  unitId: string;
  itemId: string;
  description: string;
  dueDate?: LocalDate;
  source: RectificationSource;
  actor: string;
}
/**
 * Opens the item by its key, with its schedule from the plan and the amendments the campaign
 * holds; an item with this id already there is refused (Conflict), so a second open is never a silent no-op.
 */
export const openRectificationUpdate = defineUpdate<RectificationView, [OpenRectificationInput]>('openRectification');
/** The office added or corrected a year of the holiday calendar: running deadlines are recomputed. */
export const setHolidayCalendarUpdate = defineUpdate<CampaignAmendments, [{ calendar: HolidayCalendarData; actor: string; reason: string }]>('setHolidayCalendar');
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');

/**
 * Sent with the campaign workflow's start (update-with-start): the workflow
 * stores the campaign's row (its name, plan and author) and answers once it is
 * there; a campaign id already defined is refused (Conflict).
 */
export const defineCampaignUpdate = defineUpdate<{ campaignId: string; createdAt: string }, [{ name: Bilingual; actor: string }]>('defineCampaign');

// ---------------------------------------------------------------- rectification (整改)

export const rectificationWorkflowId = (campaignId: string, unitId: string, itemId: string) =>
  `campaign:${campaignId}:unit:${unitId}:rectification:${itemId}`;

export type RectificationSource = 'point_review' | 'spot_check' | 'visit' | 'hearing' | 'classification' | 'other';

export interface RectificationInput {
  campaignId: string;
  unitId: string;
  itemId: string;
  description: string;
  source: RectificationSource;
  openedBy: string;
  dueDate: LocalDate;
  /** The item's ladder after its deadline (限期整改 → 通報批評 → 問責). */
  ladder: Plan['rectification']['ladder'];
  atHour: number;
  holidays?: HolidayCalendarData;
  /** End of the phase after which an open item goes under listed supervision (掛牌督辦), ISO instant. */
  listUnderSupervisionAt: string | null;
  /** The campaign amendments' revision these dates come from; a schedule change with a lower one is stale. */
  scheduleRevision?: number;
  carried?: RectificationCarriedState;
}

export type { RectificationStatus };

export interface RectificationCarriedState {
  status: RectificationStatus;
  opened: boolean;
  reports: number;
  sendBacks: number;
  lastReport?: Stamp & { evidence: Evidence };
  lastSendBack?: Stamp & { reason: string };
  verification?: Stamp & { comment?: string };
  listedUnderSupervision: boolean;
  escalations: string[];
}

export interface RectificationView
  extends Pick<RectificationInput, 'campaignId' | 'unitId' | 'itemId' | 'description' | 'source' | 'openedBy' | 'dueDate'> {
  status: RectificationStatus;
  statusLabel: Bilingual;
  rung: Rung | null;
  light: Light;
  listedUnderSupervision: boolean;
  reports: number;
  sendBacks: number;
  lastReport?: RectificationCarriedState['lastReport'];
  lastSendBack?: RectificationCarriedState['lastSendBack'];
  verification?: RectificationCarriedState['verification'];
}

export const reportRectificationUpdate = defineUpdate<RectificationView, [{ actor: string; evidence: Evidence }]>('reportRectification');
export const verifyRectificationUpdate = defineUpdate<RectificationView, [{ actor: string; comment?: string }]>('verifyRectification');
export const sendBackRectificationUpdate = defineUpdate<RectificationView, [{ actor: string; reason: string }]>('sendBackRectification');
export const rectificationStateQuery = defineQuery<RectificationView>('rectificationState');

/** Sent to items not yet verified when the campaign's milestones or holiday calendar change. */
export interface RectificationScheduleChange {
  /** The campaign amendments' revision: an item keeps the newest it has seen, whatever order signals arrive in. */
  revision: number;
  /** When the item goes under listed supervision (掛牌督辦) if still open; null when not, or not known yet. */
  listUnderSupervisionAt: string | null;
  /** The calendar its working-day ladder counts with. */
  holidays?: HolidayCalendarData;
}
export const rectificationScheduleSignal = defineSignal<[RectificationScheduleChange]>('rectificationScheduleChanged');

// ---------------------------------------------------------------- holiday calendar broadcast

/** One broadcast per calendar version: a retried PUT of the same year finds the same workflow. */
export const holidayCalendarBroadcastWorkflowId = (version: string) => `holiday-calendar:${version}`;

export interface HolidayCalendarBroadcastInput {
  year: number;
  /** The year as the State Council notice gives it (HolidayYear without its number). */
  data: HolidayYear;
  actor: string;
  reason: string;
  /** Set by continue-as-new only. */
  carried?: HolidayCalendarBroadcastCarried;
}

export interface HolidayCalendarOutcome {
  total: number;
  updated: number;
  alreadyCurrent: number;
  notRunning: number;
  failed: Array<{ campaignId: string; message: string }>;
}

export interface HolidayCalendarBroadcastResult {
  version: string;
  previousVersion: string;
  changed: boolean;
  year: number;
  campaigns: HolidayCalendarOutcome;
}

export interface HolidayCalendarBroadcastCarried {
  stored: Omit<HolidayCalendarBroadcastResult, 'campaigns'>;
  /** The last campaign id told (campaigns are paged in id order). */
  cursor: string | null;
  outcome: HolidayCalendarOutcome;
}

/** Where the broadcast has got to: readable while it runs. */
export const holidayCalendarBroadcastQuery = defineQuery<HolidayCalendarBroadcastCarried | null>('holidayCalendarBroadcast');

// ---------------------------------------------------------------- rectification views without a running workflow
// The state a new item starts in, and the last recorded state of one whose workflow is gone: pure, shared by
// the activity that opens items and the API.

/** Grows with every transition (report, send-back, verification), so an older state never overwrites a newer one. */
export const rectificationRevision = (view: Pick<RectificationView, 'reports' | 'sendBacks' | 'status'>) =>
  view.reports + view.sendBacks + (view.status === 'verified' ? 1 : 0);

/** The state an item's workflow starts in. */
export function openedRectificationView(input: RectificationInput): RectificationView {
  return {
    campaignId: input.campaignId,
    unitId: input.unitId,
    itemId: input.itemId,
    description: input.description,
    source: input.source,
    openedBy: input.openedBy,
    dueDate: input.dueDate,
    status: 'open',
    statusLabel: RECTIFICATION_STATUSES.open,
    rung: null,
    light: 'green',
    listedUnderSupervision: false,
    reports: 0,
    sendBacks: 0,
  };
}

/** An item whose workflow is closed and past retention: its last recorded status, marked archived (the ledger keeps the rest). */
export function archivedRectificationView(row: {
  campaignId: string;
  unitId: string;
  itemId: string;
  description: string;
  source: string;
  openedBy: string;
  dueDate: string;
  status: RectificationStatus;
}): RectificationView & { archived: true } {
  return {
    campaignId: row.campaignId,
    unitId: row.unitId,
    itemId: row.itemId,
    description: row.description,
    source: row.source as RectificationSource,
    openedBy: row.openedBy,
    dueDate: row.dueDate,
    status: row.status,
    statusLabel: RECTIFICATION_STATUSES[row.status],
    rung: null,
    light: 'green',
    listedUnderSupervision: false,
    reports: 0,
    sendBacks: 0,
    archived: true,
  };
}
