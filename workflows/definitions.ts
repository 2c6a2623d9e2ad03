/**
 * The messages each workflow accepts and the state it exposes. The API imports
 * only this module (never workflow code); changing a name or a shape here
 * changes a contract with running campaigns, so add, do not rename.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from '../domain/calendar';
import type { StartTarget } from '../domain/campaign-types';
import type { Light } from '../domain/escalation';
import type { Bilingual, Rung, TaskStatus, UnitType } from '../domain/labels';
import type { Plan } from '../domain/plan';
import type { DeadlineOverrides, MilestoneDates } from '../domain/schedule';

export const unitWorkflowId = (campaignId: string, unitId: string) => `campaign:${campaignId}:unit:${unitId}`;
export const campaignWorkflowId = (campaignId: string) => `campaign:${campaignId}`;

// ---------------------------------------------------------------- unit campaign

/** What the campaign office decided for the whole campaign; a higher revision replaces a lower one. */
export interface CampaignAmendments {
  revision: number;
  milestoneDates: MilestoneDates;
  deadlineOverrides: DeadlineOverrides;
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

export interface TaskRecord {
  taskId: string;
  phaseId: string;
  status: TaskStatus;
  submissions: number;
  rejections: number;
  lastSubmission?: { by: string; at: string; evidence: Evidence };
  lastRejection?: { by: string; at: string; reason: string };
  approval?: { by: string; at: string; comment?: string };
  /** Deadlines (local dates) already recorded as missed, so a retry or replay records each once. */
  overdueRecorded: LocalDate[];
  /** Reminder and rung step ids already handled (see domain/escalation.ts); absent in runs before the ladder. */
  escalations?: string[];
  /** An extension request (延期申請) awaiting the supervisor's decision. */
  extensionRequest?: { by: string; at: string; proposedDate: LocalDate; reason: string; number: number };
  extensionRequests?: number;
}

export interface UnitCampaignCarriedState {
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
  carried?: CampaignCarriedState;
}

export interface CampaignCarriedState {
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
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
