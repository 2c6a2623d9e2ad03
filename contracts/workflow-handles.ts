/**
 * The workflows' message handles (defineUpdate/defineSignal/defineQuery), with
 * the pure helpers the workflows share with the API. No zod here, and nothing
 * that imports it: this module is in the workflow bundle, where every cached
 * workflow evaluates its imports again (test/unit/workflow-bundle.test.ts
 * checks that the bundle has no zod). The payloads' schemas and types stay in
 * the contract files beside this one; the types come from there.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EnterScoresInput, EnterScoresResult, ScoringRoundView } from './scoring';
import type { AmendCampaignDeadlineInput, CampaignAmendments, CampaignProgress, DefineCampaignInput, DefineCampaignResult, OpenRectificationInput, RecordSupervisionInput, SetHolidayCalendarInput, SetMilestoneInput, StartRequest, StartUnitsInput, SupervisionResult } from './campaign';
import type { AssessCandidateInput, CandidateView, CloseRecommendationsInput, CommendationLevelView, DecideLevelInput, ObjectInput, RecommendCandidateInput, ResolveObjectionInput } from './commendation';
import type { CommitmentView, RateCommitmentInput, ReportCommitmentInput, ReviewCommitmentInput } from './commitment';
import type { HolidayCalendarBroadcastCarried } from './holiday-calendar';
import type { RectificationScheduleChange, RectificationView, ReportRectificationInput, SendBackRectificationInput, VerifyRectificationInput } from './rectification';
import type { CriticiseUnitInput, CriticismResult, DesignateContactPointsInput, DesignateContactPointsResult, FirstResponsibleView, NameFirstResponsibleInput, SupervisionScheduleView } from './supervision';
import type { AmendUnitDeadlineInput, ApproveTaskInput, ClassifyUnitInput, ClassifyUnitResult, DecideExtensionInput, PointReviewInput, PointReviewResult, RejectTaskInput, RequestExtensionInput, SubmitTaskInput, TaskView, UnitCampaignView } from './unit-campaign';

// ---------------------------------------------------------------- Daily catch-up digest (每日補發彙總)

/** More catch-up rows of the digest's group were written: send them too once they settle. */
export const dailyDigestRowsSignal = defineSignal<[]>('dailyDigestRows');

// ---------------------------------------------------------------- Rectification items (整改)

export const reportRectificationUpdate = defineUpdate<RectificationView, [ReportRectificationInput]>('reportRectification');
export const verifyRectificationUpdate = defineUpdate<RectificationView, [VerifyRectificationInput]>('verifyRectification');
export const sendBackRectificationUpdate = defineUpdate<RectificationView, [SendBackRectificationInput]>('sendBackRectification');
export const rectificationStateQuery = defineQuery<RectificationView>('rectificationState');
export const rectificationScheduleSignal = defineSignal<[RectificationScheduleChange]>('rectificationScheduleChanged');

// ---------------------------------------------------------------- Public commitments (承諾踐諾)

/** The maker reports the fulfilment with evidence (踐諾). */
export const reportCommitmentUpdate = defineUpdate<CommitmentView, [ReportCommitmentInput]>('reportCommitment');
/** A leader's review with a rating (領導點評). */
export const reviewCommitmentUpdate = defineUpdate<CommitmentView, [ReviewCommitmentInput]>('reviewCommitment');
/** The masses' rating as counts (群眾評議). */
export const rateCommitmentUpdate = defineUpdate<CommitmentView, [RateCommitmentInput]>('rateCommitment');
export const commitmentStateQuery = defineQuery<CommitmentView>('commitmentState');

// ---------------------------------------------------------------- The campaign workflow

export const startUnitsUpdate = defineUpdate<StartRequest, [StartUnitsInput]>('startUnits');
export const setMilestoneUpdate = defineUpdate<CampaignAmendments, [SetMilestoneInput]>('setMilestone');
export const amendCampaignDeadlineUpdate = defineUpdate<CampaignAmendments, [AmendCampaignDeadlineInput]>('amendCampaignDeadline');
/** 隨機抽查, 明查暗訪, hearings and forums: recorded with findings; a spot check draws its units. */
export const recordSupervisionUpdate = defineUpdate<SupervisionResult, [RecordSupervisionInput]>('recordSupervision');
/**
 * Opens the item by its key, with its schedule from the plan and the amendments the campaign
 * holds; an item with this id already there is refused (Conflict), so a second open is never a silent no-op.
 */
export const openRectificationUpdate = defineUpdate<RectificationView, [OpenRectificationInput]>('openRectification');
/** The office added or corrected a year of the holiday calendar: running deadlines are recomputed. */
export const setHolidayCalendarUpdate = defineUpdate<CampaignAmendments, [SetHolidayCalendarInput]>('setHolidayCalendar');
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
/**
 * Sent with the campaign workflow's start (update-with-start): the workflow
 * stores the campaign's row (its name, plan and author) and answers once it is
 * there; a campaign id already defined is refused (Conflict).
 */
export const defineCampaignUpdate = defineUpdate<DefineCampaignResult, [DefineCampaignInput]>('defineCampaign');

// ---------------------------------------------------------------- Supervision (督促檢查)

/** A leader (a supervisor, or the office for anyone) designates units as their contact points; already designated ones are kept. */
export const designateContactPointsUpdate = defineUpdate<DesignateContactPointsResult, [DesignateContactPointsInput]>('designateContactPoints');
export const supervisionScheduleQuery = defineQuery<SupervisionScheduleView>('supervisionSchedule');
/** 不重視、不得力、少創新: a ledger event, and a rectification item (限期整改) on the plan's ladder (→ 通報批評 → 問責). */
export const criticiseUnitUpdate = defineUpdate<CriticismResult, [CriticiseUnitInput]>('criticiseUnit');
export const nameFirstResponsibleUpdate = defineUpdate<FirstResponsibleView, [NameFirstResponsibleInput]>('nameFirstResponsible');

// ---------------------------------------------------------------- A unit's campaign

export const submitTaskUpdate = defineUpdate<TaskView, [SubmitTaskInput]>('submitTask');
export const approveTaskUpdate = defineUpdate<TaskView, [ApproveTaskInput]>('approveTask');
export const rejectTaskUpdate = defineUpdate<TaskView, [RejectTaskInput]>('rejectTask');
export const amendUnitDeadlineUpdate = defineUpdate<TaskView, [AmendUnitDeadlineInput]>('amendUnitDeadline');
/** 延期申請: a unit asks for more time before its deadline. */
export const requestExtensionUpdate = defineUpdate<TaskView, [RequestExtensionInput]>('requestExtension');
/** The supervisor grants (with a date) or refuses an extension request. */
export const decideExtensionUpdate = defineUpdate<TaskView, [DecideExtensionInput]>('decideExtension');
/** 點評: the supervisor's point review of the unit for one period. */
export const givePointReviewUpdate = defineUpdate<PointReviewResult, [PointReviewInput]>('givePointReview');
/** 三分類: the unit's grade for a round; repeating the same grade is a no-op, another grade is refused. */
export const classifyUnitUpdate = defineUpdate<ClassifyUnitResult, [ClassifyUnitInput]>('classifyUnit');
/** Broadcast by the campaign workflow after the office sets a milestone or amends a deadline campaign-wide. */
export const campaignAmendedSignal = defineSignal<[CampaignAmendments]>('campaignAmended');
export const unitStateQuery = defineQuery<UnitCampaignView>('unitState');

// ---------------------------------------------------------------- The holiday calendar broadcast

/** Where the broadcast has got to: readable while it runs. */
export const holidayCalendarBroadcastQuery = defineQuery<HolidayCalendarBroadcastCarried | null>('holidayCalendarBroadcast');

// ---------------------------------------------------------------- Commendation rounds (評選表彰)

export const recommendCandidateUpdate = defineUpdate<CandidateView, [RecommendCandidateInput]>('recommendCandidate');
export const assessCandidateUpdate = defineUpdate<CandidateView, [AssessCandidateInput]>('assessCandidate');
/** The office closes recommendations before recommendBy (推薦提前截止), with a reason for the ledger; assessment opens. */
export const closeRecommendationsUpdate = defineUpdate<CommendationLevelView, [CloseRecommendationsInput]>('closeCommendationRecommendations');
export const decideLevelUpdate = defineUpdate<CommendationLevelView, [DecideLevelInput]>('decideCommendationLevel');
export const objectCandidateUpdate = defineUpdate<{ receipt: string; objectionId: string; candidate: CandidateView }, [ObjectInput]>('objectToCandidate');
export const resolveObjectionUpdate = defineUpdate<CandidateView, [ResolveObjectionInput]>('resolveObjection');
export const commendationLevelQuery = defineQuery<CommendationLevelView>('commendationLevel');

/** Grows with every transition (report, send-back, verification), so an older state never overwrites a newer one. */
export const rectificationRevision = (view: Pick<RectificationView, 'reports' | 'sendBacks' | 'status'>) =>
  view.reports + view.sendBacks + (view.status === 'verified' ? 1 : 0);

// ---------------------------------------------------------------- Scoring rounds (量化考評)

/** Entries for the round: refused (400) when one is off its item's scale, (409) once the round is closing or closed. */
export const enterScoresUpdate = defineUpdate<EnterScoresResult, [EnterScoresInput]>('enterScores');
/** Closes the round now: scores are computed and grades proposed; answers when done. */
export const closeScoringRoundUpdate = defineUpdate<ScoringRoundView, [{ actor: string }]>('closeScoringRound');
export const scoringRoundQuery = defineQuery<ScoringRoundView>('scoringRoundState');
