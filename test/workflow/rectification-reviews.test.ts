/**
 * Rectification items (整改), point reviews (點評) and spot checks (隨機抽查)
 * over a simulated half year on the time-skipping server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { rungSteps } from '../../domain/escalation';
import { parsePlan, type Plan } from '../../domain/plan';
import { drawSample } from '../../domain/sampling';
import {
  givePointReviewUpdate,
  rectificationWorkflowId,
  reportRectificationUpdate,
  sendBackRectificationUpdate,
  verifyRectificationUpdate,
  type RectificationView,
} from '../../contracts';
import { defineAndStartCampaign, eventually, openRectification, sleepUntil, unitHandle } from '../support/campaign-script';
import { branchTree, startHarness, type Harness } from '../support/harness';
import { createTimeSkippingEnv } from '../support/temporal';

const CAMPAIGN = 'rectify';
const [B1, B2, B3] = ['committee-b00001', 'committee-b00002', 'committee-b00003'];
let env: TestWorkflowEnvironment;
let h: Harness;
let plan: Plan;
let year: number;
let verified: RectificationView;


beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env);
  await h.units.importTree(branchTree(3));
  year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  plan = parsePlan({
    id: 'rectify-plan',
    name: { zh: '示範帶動、整改提高', en: 'demonstration and rectification' },
    phases: [
      { id: 'demonstration', name: { zh: '示範帶動、整改提高', en: 'demonstration & rectification' }, window: { start: `${year}-03-01`, end: `${year}-06-30` } },
      { id: 'summary', name: { zh: '系統總結', en: 'summary' }, window: { start: `${year}-07-01`, end: `${year}-12-31` } },
    ],
    rectification: { listOpenItemsAtEndOf: 'demonstration' },
    pointReviews: [{ phase: 'demonstration', every: 'monthly' }],
    spotChecks: { every: 'quarterly', sampleSize: 2, phases: ['demonstration'] },
  });
  await defineAndStartCampaign(h, CAMPAIGN, plan, { subtreeRootId: 'committee' });
  await sleepUntil(env, `${year}-03-05`);
  const itemA = await openRectification(h, plan, { campaignId: CAMPAIGN, unitId: B1, itemId: 'item-a', dueDate: `${year}-04-15` });
  await openRectification(h, plan, { campaignId: CAMPAIGN, unitId: B2, itemId: 'item-b', dueDate: `${year}-05-31` });

  await sleepUntil(env, `${year}-03-10`);
  for (const reason of ['缺少會議記錄', '整改措施未落實']) {
    await itemA.executeUpdate(reportRectificationUpdate, { args: [{ actor: `unit:${B1}`, evidence: { text: '已補齊', links: [] } }] });
    await itemA.executeUpdate(sendBackRectificationUpdate, { args: [{ actor: 'sup-1', reason }] });
  }
  await itemA.executeUpdate(reportRectificationUpdate, { args: [{ actor: `unit:${B1}`, evidence: { text: '全部整改到位', links: ['https://example.test/evidence/1'] } }] });
  verified = await itemA.executeUpdate(verifyRectificationUpdate, { args: [{ actor: 'sup-1', comment: '驗收通過' }] });

  // The supervisor reviews March on time and never reviews April.
  await sleepUntil(env, `${year}-04-05`);
  await unitHandle(h, CAMPAIGN, B3).handle.executeUpdate(givePointReviewUpdate, {
    args: [{ actor: 'sup-1', periodId: `demonstration/${year}-03-01`, comment: '工作紮實', strengths: '學習有記錄', weaknesses: '群眾參與少', rating: 'good' }],
  });
  await sleepUntil(env, `${year}-07-05`);
  await eventually(async () => (await h.ledger.list({ campaignId: CAMPAIGN, kinds: ['rectification.listed'] })).length === 1);
}, 180_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

const rows = (kinds: string[], unitId?: string) => h.ledger.list({ campaignId: CAMPAIGN, unitId, kinds, limit: 1000 });

test('when a rectification is sent back twice and then verified, then every step is in the ledger and the item is closed', async () => {
  expect(verified.status).toBe('verified');
  expect(verified.sendBacks).toBe(2);
  expect(verified.reports).toBe(3);
  const steps = await rows(['rectification.opened', 'rectification.reported', 'rectification.sent_back', 'rectification.verified'], B1);
  expect(steps.map((e) => e.kind)).toEqual([
    'rectification.opened',
    'rectification.reported',
    'rectification.sent_back',
    'rectification.reported',
    'rectification.sent_back',
    'rectification.reported',
    'rectification.verified',
  ]);
  expect(steps.filter((e) => e.kind === 'rectification.sent_back').map((e) => e.payload.reason)).toEqual(['缺少會議記錄', '整改措施未落實']);
  // Closed before its deadline: it never climbed.
  expect(await rows(['rectification.rung', 'rectification.listed'], B1)).toHaveLength(0);
});

test('when a rectification is still open at the end of the demonstration phase, then it goes under listed supervision and keeps climbing its ladder', async () => {
  const handle = h.env.client.workflow.getHandle(rectificationWorkflowId(CAMPAIGN, B2, 'item-b'));
  const state = await handle.query('rectificationState') as RectificationView;
  expect(state.status).toBe('open');
  expect(state.listedUnderSupervision).toBe(true);
  expect(state.light).toBe('red');
  const listed = await rows(['rectification.listed'], B2);
  expect(new Date(listed[0].occurredAt).getTime()).toBeGreaterThan(Date.parse(`${year}-06-30T23:59:59.999+08:00`));
  const climbed = await rows(['rectification.rung'], B2);
  const planned = rungSteps({ ladder: plan.rectification.ladder, atHour: plan.reminders.atHour }, `${year}-05-31`).filter((s) => s.at < Date.parse(`${year}-07-05T00:00:00+08:00`));
  expect(climbed.map((e) => e.payload.rung)).toEqual(planned.map((s) => s.rung));
  expect(climbed.map((e) => e.payload.rung)).toEqual(['reminder', 'circulated_criticism', 'accountability']);
});

test('when a point review is given, then it is recorded; when one is missed, then it is chased up the review ladder at the planned times', async () => {
  const given = await rows(['review.given'], B3);
  expect(given.map((e) => e.payload.periodId)).toEqual([`demonstration/${year}-03-01`]);
  expect(given[0].payload.rating).toBe('good');
  const chased = (await rows(['review.chased'], B3)).filter((e) => e.payload.periodId === `demonstration/${year}-04-01`);
  // April's review is due May 10 (period end + 10 grace days).
  const planned = rungSteps({ ladder: plan.reviewLadder, atHour: plan.reminders.atHour }, `${year}-05-10`);
  expect(chased.map((e) => e.payload.rung)).toEqual(planned.map((s) => s.rung));
  expect(chased.map((e) => e.occurredAt)).toEqual(planned.map((s) => new Date(s.at).toISOString()));
  const view = await unitHandle(h, CAMPAIGN, B3).state();
  expect(view.reviews.find((r) => r.periodId === `demonstration/${year}-03-01`)?.status).toBe('given');
  expect(view.reviews.find((r) => r.periodId === `demonstration/${year}-04-01`)?.status).toBe('overdue');
});

test('when spot checks run on their quarterly cadence, then each sample is the one its recorded seed draws again', async () => {
  const checks = await h.ledger.list({ campaignId: CAMPAIGN, kinds: ['supervision.spot_check'] });
  expect(checks.map((e) => e.key)).toEqual([
    `${CAMPAIGN}/campaign/supervision/spot-check/demonstration/${year}-03-01`,
    `${CAMPAIGN}/campaign/supervision/spot-check/demonstration/${year}-04-01`,
  ]);
  const population = ['committee', B1, B2, B3];
  for (const check of checks) {
    const sample = check.payload.unitIds as string[];
    expect(sample).toHaveLength(2);
    expect(drawSample(population, 2, check.payload.seed as string)).toEqual(sample);
  }
  // Different seeds, not the same draw reused.
  expect(checks[0].payload.seed).not.toEqual(checks[1].payload.seed);
});
