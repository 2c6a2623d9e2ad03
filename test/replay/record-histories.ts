/**
 * `npm run record:histories -- <label>`: runs a short scripted campaign on the
 * time-skipping server and saves every run's history (each continue-as-new
 * run separately) under test/replay/histories/ as `<label>-<name>-runN.binpb`,
 * adding each file's checksum to SHA256SUMS there. Record deliberately, after a
 * change guarded by patching; it never overwrites a file: committed histories
 * are what runs in production and stay as they are (replay.test.ts checks).
 *
 * The script takes every path a running campaign can take: submissions,
 * approvals and rejections, per-unit and campaign-wide deadline amendments, an
 * extension requested and granted, milestones set and moved, a holiday year
 * broadcast, point reviews, a classification, a spot check whose notices bounce
 * and are handed to the redelivery workflow, a rectification item sent back and
 * verified, and one left open until it is listed under supervision (掛牌督辦).
 * Since 2026-12-01-orchestration also the items the workflows open themselves
 * (from a point review, a lagging grade, a visit, and the campaign's plain
 * open) and a holiday calendar broadcast workflow moving the campaign.
 */
import fs from 'node:fs';
import { WorkflowUpdateStage } from '@temporalio/client';
import { createWebhookNotifier } from '../../adapters/notify';
import { createNotifier } from '../../adapters/notify/notifier';
import { addDays } from '../../domain/calendar';
import { CN_HOLIDAY_CALENDAR } from '../../domain/holidays/cn-calendar-data';
import { mergeYear } from '../../domain/holidays/holiday-year';
import type { HolidayYear } from '../../domain/holidays/working-days';
import { SEED_003_BUREAU } from '../../domain/templates/seed-003-bureau';
import { createHolidaysRepository } from '../../adapters/storage/holidays-repository';
import { eventItemId, laggingItemId, reviewItemId } from '../../domain/rectification-ids';
import {
  holidayCalendarBroadcastWorkflowId,
  openRectificationUpdate,
  amendCampaignDeadlineUpdate,
  amendUnitDeadlineUpdate,
  decideExtensionUpdate,
  recordSupervisionUpdate,
  requestExtensionUpdate,
  setHolidayCalendarUpdate,
  campaignWorkflowId,
  campaignProgressQuery,
  startUnitsUpdate,
  classifyUnitUpdate,
  givePointReviewUpdate,
  rectificationWorkflowId,
  commitmentInputFor,
  commitmentWorkflowId,
  rateCommitmentUpdate,
  reportCommitmentUpdate,
  reviewCommitmentUpdate,
  WORKFLOW_TYPES,
  reportRectificationUpdate,
  sendBackRectificationUpdate,
  setMilestoneUpdate,
  unitWorkflowId,
  verifyRectificationUpdate,
} from '../../contracts';
import { defineAndStartCampaign, eventually, openRectification, planStartingNextYear, sleepUntil, unitHandle } from '../support/campaign-script';
import { branchTree, startHarness } from '../support/harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { HISTORIES_DIR, saveHistories } from './history-manifest';


async function main() {
  const label = process.argv[2] ?? new Date().toISOString().slice(0, 10);
  const existing = fs.existsSync(HISTORIES_DIR) ? fs.readdirSync(HISTORIES_DIR).filter((file) => file.startsWith(`${label}-`)) : [];
  if (existing.length > 0) throw new Error(`histories labelled "${label}" exist already (${existing[0]}, …): committed histories are never rewritten; choose a new label`);
  const receiver = await startWebhookReceiver();
  const env = await createTimeSkippingEnv();
  const h = await startHarness(env, {
    notifier: createNotifier({ channels: { webhook: createWebhookNotifier({ secret: 'record-histories-secret-0123456789' }) } }),
    outboxDefaults: { channel: 'webhook', webhookUrl: receiver.url },
  });
  try {
    // The third branch is started late, once a deadline has passed (late-start policy, since 2026-12-01-judging).
    await h.units.importTree(branchTree(3));
    const campaignId = 'replay';
    const plan = await planStartingNextYear(env, SEED_003_BUREAU, 'replay-plan');
    const campaign = await defineAndStartCampaign(h, campaignId, plan, { unitIds: ['committee', 'committee-b00001', 'committee-b00002'] });
    const [a, b] = ['committee-b00001', 'committee-b00002'].map((id) => unitHandle(h, campaignId, id));
    const year = Number(plan.phases[0].window.start.slice(0, 4));
    await sleepUntil(env, addDays(plan.phases[0].window.start, 1));
    // Public commitments (issue 13): one kept after report, review and rating; one left to be listed (掛牌督辦).
    const publishCommitment = async (commitmentId: string, memberId: string | null, dueDate: string) =>
      h.env.client.workflow.start(WORKFLOW_TYPES.commitment, {
        workflowId: commitmentWorkflowId(campaignId, 'committee-b00001', commitmentId),
        taskQueue: h.taskQueue,
        args: [
          commitmentInputFor(
            plan,
            { campaignId, unitId: 'committee-b00001', commitmentId, memberId, content: '為群眾辦實事', dueDate, audience: 'masses', channels: ['notice_board'], publishedBy: 'unit:committee-b00001' },
            await env.currentTimeMs(),
          ),
        ],
      });
    const keptCommitment = await publishCommitment('kept', 'member-1', addDays(plan.phases[1].window.start, 30));
    await publishCommitment('listed', 'member-2', addDays(plan.phases[1].window.start, 20));
    const first = plan.phases[0].tasks[0].id;
    await a.submit(first);
    await a.approve(first);
    await b.submit(first);
    await b.reject(first, '請補充材料');
    await b.handle.executeUpdate(amendUnitDeadlineUpdate, { args: [{ taskId: first, date: addDays(plan.phases[0].window.start, 20), actor: 'office', reason: '延期' }] });
    await sleepUntil(env, addDays(plan.phases[1].window.start, 3));
    await campaign.executeUpdate(startUnitsUpdate, { args: [{ requestId: 'late-start', target: { unitIds: ['committee-b00003'] }, actor: 'office' }] });
    await eventually(async () => (await campaign.query(campaignProgressQuery)).totals.done);
    const [extended, amended] = plan.phases[1].tasks.map((task) => task.id);
    await a.handle.executeUpdate(requestExtensionUpdate, { args: [{ taskId: extended, actor: 'unit:committee-b00001', proposedDate: addDays(plan.phases[1].window.start, 60), reason: '黨員外出培訓' }] });
    await a.handle.executeUpdate(decideExtensionUpdate, { args: [{ taskId: extended, actor: 'sup-1', grant: true }] });
    await campaign.executeUpdate(amendCampaignDeadlineUpdate, { args: [{ taskId: amended, date: addDays(plan.phases[1].window.start, 50), actor: 'office', reason: '統一延期' }] });
    const calendar = mergeYear(CN_HOLIDAY_CALENDAR, year + 1, {
      holidays: [{ name: { zh: '国庆节', en: 'National Day' }, days: [1, 2, 3, 4, 5, 6, 7].map((d) => `${year + 1}-10-0${d}`) }],
      // The first weekend day after the holiday is worked (調休); one falls within any seven days.
      workingWeekends: [[8, 9, 10, 11, 12, 13, 14].map((d) => `${year + 1}-10-${String(d).padStart(2, '0')}`).find((day) => [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()))!],
    });
    await campaign.executeUpdate(setHolidayCalendarUpdate, { args: [{ calendar, actor: 'office', reason: `國務院公布${year + 1}年節假日安排` }] });
    // A spot check while the receiver refuses everything: its notices are handed to a redelivery workflow.
    // (The test server does not skip time while a caller waits on an update: accept it, skip, then read it.)
    receiver.failNext(1_000_000);
    const check = await campaign.startUpdate(recordSupervisionUpdate, {
      args: [{ eventId: 'check-1', kind: 'spot_check', actor: 'office', unitIds: ['committee-b00001', 'committee-b00002'], sampleSize: 1, findings: '抽查學習記錄' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await env.sleep('1 hour');
    await check.result();
    const handedOver = (await h.db.pool.query("SELECT key FROM outbox WHERE key LIKE '%/supervision/check-1/%' ORDER BY key LIMIT 1")).rows[0]?.key as string | undefined;
    if (!handedOver) throw new Error('the spot check wrote no notices');
    receiver.failNext(0);
    await env.sleep('7 hours');
    await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: `${year + 2}-11-08`, actor: 'office', reason: '中央公布日期' }] });
    const item = await openRectification(h, plan, { campaignId, unitId: 'committee-b00002', itemId: 'item-1', description: '學習記錄不全', dueDate: addDays(plan.phases[1].window.start, 30) }, { 'party-congress-18': `${year + 2}-11-08` });
    // Left open: it climbs its ladder and is listed under supervision when the demonstration phase ends.
    await openRectification(h, plan, { campaignId, unitId: 'committee-b00001', itemId: 'item-listed', description: '組織生活不規範', dueDate: addDays(plan.phases[1].window.start, 45) }, { 'party-congress-18': `${year + 2}-11-08` });
    // Moved once more while the items are open: the items' schedule signals are in their histories too.
    await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: `${year + 2}-11-15`, actor: 'office', reason: '日期調整' }] });
    await sleepUntil(env, addDays(plan.phases[1].window.start, 40));
    await item.executeUpdate(reportRectificationUpdate, { args: [{ actor: 'unit:committee-b00002', evidence: { text: '已補齊', links: [] } }] });
    await item.executeUpdate(sendBackRectificationUpdate, { args: [{ actor: 'sup-1', reason: '仍不完整' }] });
    await item.executeUpdate(reportRectificationUpdate, { args: [{ actor: 'unit:committee-b00002', evidence: { text: '全部補齊', links: [] } }] });
    await item.executeUpdate(verifyRectificationUpdate, { args: [{ actor: 'sup-1' }] });
    await keptCommitment.executeUpdate(reportCommitmentUpdate, { args: [{ actor: 'unit:committee-b00001', evidence: { text: '已兌現', links: [] } }] });
    await keptCommitment.executeUpdate(reviewCommitmentUpdate, { args: [{ actor: 'sup-1', rating: 'good' }] });
    await keptCommitment.executeUpdate(rateCommitmentUpdate, { args: [{ actor: 'sup-1', counts: { satisfied: 12, basically_satisfied: 3, unsatisfied: 1 } }] });
    await sleepUntil(env, addDays(plan.phases[1].window.start, 100));
    // The workflows open the items found by a review, a lagging grade and a visit, and the campaign's plain open.
    const review = await a.handle.executeUpdate(givePointReviewUpdate, {
      args: [{ actor: 'sup-1', comment: '紮實', strengths: '學習', weaknesses: '服務群眾', rating: 'good', rectifications: [{ description: '加強服務群眾' }] }],
    });
    await b.handle.executeUpdate(classifyUnitUpdate, { args: [{ actor: 'sup-1', round: String(year + 1), grade: 'lagging', basis: '民主測評' }] });
    await campaign.executeUpdate(recordSupervisionUpdate, {
      args: [{ eventId: 'visit-1', kind: 'open_visit', actor: 'sup-1', unitIds: ['committee-b00002'], findings: '明查發現制度不全', rectifications: [{ unitId: 'committee-b00002', description: '健全制度' }] }],
    });
    await campaign.executeUpdate(openRectificationUpdate, { args: [{ unitId: 'committee-b00001', itemId: 'item-plain', description: '規範檔案', source: 'other', actor: 'office' }] });
    // A holiday year broadcast by its own workflow (polled, so that the test server does not skip time meanwhile).
    const nextYear = { holidays: [{ name: { zh: '元旦', en: "New Year's Day" }, days: [`${year + 2}-01-01`] }], workingWeekends: [] };
    const holidays = createHolidaysRepository(h.db.pool);
    // The year set on the campaign above, stored as the office would have, so that versions follow on.
    await holidays.setYear(year + 1, (calendar.years as Record<string, HolidayYear>)[String(year + 1)], { actor: 'office', reason: '補記' });
    const { calendar: inForce } = await holidays.inForce();
    const broadcastId = holidayCalendarBroadcastWorkflowId(mergeYear(inForce, year + 2, nextYear).version);
    const broadcast = await h.env.client.workflow.start('holidayCalendarBroadcastWorkflow', {
      workflowId: broadcastId,
      taskQueue: h.taskQueue,
      args: [{ year: year + 2, data: nextYear, actor: 'office', reason: `國務院公布${year + 2}年節假日安排` }],
    });
    await eventually(async () => (await broadcast.describe()).status.name === 'COMPLETED');
    const moved = await broadcast.result();
    if (moved.campaigns.updated !== 1) throw new Error(`the broadcast moved ${moved.campaigns.updated} campaigns, not the one running: ${JSON.stringify(moved)}`);
    await sleepUntil(env, `${year + 2}-11-20`);
    await a.handle.result();
    await saveHistories(h.env.client, label, [
      ['campaign', campaignWorkflowId(campaignId)],
      ['unit-on-time', unitWorkflowId(campaignId, 'committee-b00001')],
      ['unit-rejected', unitWorkflowId(campaignId, 'committee-b00002')],
      ['unit-late-start', unitWorkflowId(campaignId, 'committee-b00003')],
      ['rectification', rectificationWorkflowId(campaignId, 'committee-b00002', 'item-1')],
      ['rectification-listed', rectificationWorkflowId(campaignId, 'committee-b00001', 'item-listed')],
      ['redelivery', `redeliver:${handedOver}`],
      ['rectification-from-review', rectificationWorkflowId(campaignId, 'committee-b00001', reviewItemId('committee-b00001', review.periodId, 0))],
      ['rectification-from-classification', rectificationWorkflowId(campaignId, 'committee-b00002', laggingItemId(String(year + 1)))],
      ['rectification-from-visit', rectificationWorkflowId(campaignId, 'committee-b00002', eventItemId('visit-1', 0))],
      ['rectification-plain', rectificationWorkflowId(campaignId, 'committee-b00001', 'item-plain')],
      ['holiday-broadcast', broadcastId],
      ['commitment-kept', commitmentWorkflowId(campaignId, 'committee-b00001', 'kept')],
      ['commitment-listed', commitmentWorkflowId(campaignId, 'committee-b00001', 'listed')],
    ] as const);
  } finally {
    await h.stop();
    await env.teardown();
    await receiver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
