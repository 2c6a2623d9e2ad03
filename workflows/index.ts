/** Every workflow the worker registers; one file per workflow. */
export { campaignWorkflow } from './campaign';
export { unitCampaignWorkflow } from './unit-campaign/index';
export { rectificationWorkflow } from './rectification';
export { notificationRedeliveryWorkflow } from './delivery';
export { dailyDigestWorkflow } from './daily-digest';
export { holidayCalendarBroadcastWorkflow } from './holiday-calendar';
export { commitmentWorkflow } from './commitment';
export { commendationRoundWorkflow } from './commendation-round';
export { commendationLevelWorkflow } from './commendation-level';
export { scoringRoundWorkflow } from './scoring';
export { monthlyStarWorkflow } from './monthly-star';
