/**
 * Workflow type names (as the worker registers them: the exports of
 * workflows/index.ts) and workflow ids. Callers outside the workflows start
 * and address workflows by these, never by importing workflow code. An id is
 * part of running campaigns' identity: never change how one is built.
 */

export const WORKFLOW_TYPES = {
  campaign: 'campaignWorkflow',
  unitCampaign: 'unitCampaignWorkflow',
  rectification: 'rectificationWorkflow',
  commitment: 'commitmentWorkflow',
  notificationRedelivery: 'notificationRedeliveryWorkflow',
  holidayCalendarBroadcast: 'holidayCalendarBroadcastWorkflow',
  commendationRound: 'commendationRoundWorkflow',
  commendationLevel: 'commendationLevelWorkflow',
  scoringRound: 'scoringRoundWorkflow',
  monthlyStar: 'monthlyStarWorkflow',
  dailyDigest: 'dailyDigestWorkflow',
} as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];

export const campaignWorkflowId = (campaignId: string) => `campaign:${campaignId}`;
export const unitWorkflowId = (campaignId: string, unitId: string) => `campaign:${campaignId}:unit:${unitId}`;
export const rectificationWorkflowId = (campaignId: string, unitId: string, itemId: string) =>
  `campaign:${campaignId}:unit:${unitId}:rectification:${itemId}`;
/** One public commitment (公開承諾) of a unit or of one of its members. */
export const commitmentWorkflowId = (campaignId: string, unitId: string, commitmentId: string) =>
  `campaign:${campaignId}:unit:${unitId}:commitment:${commitmentId}`;
/** One broadcast per calendar version: a retried PUT of the same year finds the same workflow. */
export const holidayCalendarBroadcastWorkflowId = (version: string) => `holiday-calendar:${version}`;
/** The first key names the batch handed over: keys are unique, so is the id. */
export const notificationRedeliveryWorkflowId = (firstKey: string) => `redeliver:${firstKey}`;
/** 評選表彰: one workflow per (campaign, round), one child per level. */
export const commendationRoundWorkflowId = (campaignId: string, roundId: string) => `campaign:${campaignId}:commendation:${roundId}`;
export const commendationLevelWorkflowId = (campaignId: string, roundId: string, levelId: string) => `${commendationRoundWorkflowId(campaignId, roundId)}:level:${levelId}`;
/** 量化考評: one workflow per (campaign, scoring round). */
export const scoringRoundWorkflowId = (campaignId: string, roundId: string) => `campaign:${campaignId}:scoring:${roundId}`;
/** 每月一星: one workflow per campaign opening its monthly rounds. */
export const monthlyStarWorkflowId = (campaignId: string) => `campaign:${campaignId}:monthly-star`;
/** 每日補發彙總: one digest workflow per grouping key (recipient and Beijing day; see domain/daily-digest.ts). */
export const dailyDigestWorkflowId = (digestKey: string) => `daily-digest:${digestKey}`;
