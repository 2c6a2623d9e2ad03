/**
 * The contracts (contracts/) are shared with running campaigns: message names,
 * workflow type names and workflow ids must not change, and the schemas must
 * describe what the workflows and activities actually produce.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as contracts from '../../contracts';
import type * as workflows from '../../workflows';

describe('contracts', () => {
  it('names every workflow message as running workflows know it', () => {
    const messages = Object.fromEntries(
      Object.entries(contracts)
        .filter(([, value]) => typeof value === 'object' && value !== null && ['update', 'signal', 'query'].includes((value as { type?: string }).type ?? ''))
        .map(([key, value]) => [key, `${(value as { type: string }).type}:${(value as { name: string }).name}`]),
    );
    expect(messages).toEqual({
      reportRectificationUpdate: 'update:reportRectification',
      verifyRectificationUpdate: 'update:verifyRectification',
      sendBackRectificationUpdate: 'update:sendBackRectification',
      rectificationStateQuery: 'query:rectificationState',
      rectificationScheduleSignal: 'signal:rectificationScheduleChanged',
      startUnitsUpdate: 'update:startUnits',
      setMilestoneUpdate: 'update:setMilestone',
      amendCampaignDeadlineUpdate: 'update:amendCampaignDeadline',
      recordSupervisionUpdate: 'update:recordSupervision',
      openRectificationUpdate: 'update:openRectification',
      setHolidayCalendarUpdate: 'update:setHolidayCalendar',
      campaignProgressQuery: 'query:campaignProgress',
      defineCampaignUpdate: 'update:defineCampaign',
      designateContactPointsUpdate: 'update:designateContactPoints',
      submitTaskUpdate: 'update:submitTask',
      supervisionScheduleQuery: 'query:supervisionSchedule',
      approveTaskUpdate: 'update:approveTask',
      rejectTaskUpdate: 'update:rejectTask',
      amendUnitDeadlineUpdate: 'update:amendUnitDeadline',
      requestExtensionUpdate: 'update:requestExtension',
      decideExtensionUpdate: 'update:decideExtension',
      givePointReviewUpdate: 'update:givePointReview',
      classifyUnitUpdate: 'update:classifyUnit',
      enterScoresUpdate: 'update:enterScores',
      closeScoringRoundUpdate: 'update:closeScoringRound',
      scoringRoundQuery: 'query:scoringRoundState',
      criticiseUnitUpdate: 'update:criticiseUnit',
      campaignAmendedSignal: 'signal:campaignAmended',
      unitStateQuery: 'query:unitState',
      nameFirstResponsibleUpdate: 'update:nameFirstResponsible',
      holidayCalendarBroadcastQuery: 'query:holidayCalendarBroadcast',
      // Public commitments (issue 13).
      commitmentStateQuery: 'query:commitmentState',
      reportCommitmentUpdate: 'update:reportCommitment',
      reviewCommitmentUpdate: 'update:reviewCommitment',
      rateCommitmentUpdate: 'update:rateCommitment',
      // Commendation rounds (評選表彰, issue 14).
      recommendCandidateUpdate: 'update:recommendCandidate',
      assessCandidateUpdate: 'update:assessCandidate',
      closeRecommendationsUpdate: 'update:closeCommendationRecommendations',
      decideLevelUpdate: 'update:decideCommendationLevel',
      objectCandidateUpdate: 'update:objectToCandidate',
      resolveObjectionUpdate: 'update:resolveObjection',
      commendationLevelQuery: 'query:commendationLevel',
      dailyDigestRowsSignal: 'signal:dailyDigestRows',
    });
  });

  it('builds workflow ids exactly as running campaigns were started with', () => {
    expect(contracts.campaignWorkflowId('c-1')).toBe('campaign:c-1');
    expect(contracts.unitWorkflowId('c-1', 'u-1')).toBe('campaign:c-1:unit:u-1');
    expect(contracts.rectificationWorkflowId('c-1', 'u-1', 'i-1')).toBe('campaign:c-1:unit:u-1:rectification:i-1');
    expect(contracts.commitmentWorkflowId('c-1', 'u-1', 'k-1')).toBe('campaign:c-1:unit:u-1:commitment:k-1');
    expect(contracts.holidayCalendarBroadcastWorkflowId('2026-11-23.1')).toBe('holiday-calendar:2026-11-23.1');
    expect(contracts.commendationLevelWorkflowId('c-1', 'r-1', 'l-1')).toBe('campaign:c-1:commendation:r-1:level:l-1');
    expect(contracts.notificationRedeliveryWorkflowId('c-1/u-1/task/t/submitted/1#office')).toBe('redeliver:c-1/u-1/task/t/submitted/1#office');
    expect(contracts.dailyDigestWorkflowId('supervisor:sup-1/2026-12-02')).toBe('daily-digest:supervisor:sup-1/2026-12-02');
  });

  it('names workflow types the worker registers', () => {
    // Type-level: every name is an export of workflows/index.ts (the worker registers those).
    const types: Record<keyof typeof contracts.WORKFLOW_TYPES, keyof typeof workflows> = contracts.WORKFLOW_TYPES;
    const index = readFileSync(path.join(__dirname, '../../workflows/index.ts'), 'utf8');
    for (const name of Object.values(types)) expect(index).toMatch(new RegExp(`export \\{ ${name} \\}`));
  });

  it('describes the views built outside the workflows', () => {
    const input: contracts.RectificationInput = {
      campaignId: 'c-1',
      unitId: 'u-1',
      itemId: 'i-1',
      description: '整改',
      source: 'point_review',
      openedBy: 'li',
      dueDate: '2027-05-01',
      ladder: [],
      atHour: 9,
      listUnderSupervisionAt: null,
    };
    expect(contracts.rectificationInputSchema.safeParse(input).success).toBe(true);
    const opened = contracts.openedRectificationView(input);
    expect(contracts.rectificationViewSchema.strict().parse(opened)).toEqual(opened);
    const { archived, ...archivedView } = contracts.archivedRectificationView({ ...input, status: 'reported' });
    expect(archived).toBe(true);
    expect(contracts.rectificationViewSchema.strict().parse(archivedView)).toEqual(archivedView);
  });
});
