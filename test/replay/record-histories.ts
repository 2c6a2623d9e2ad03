/**
 * `npm run record:histories`: runs a short scripted campaign on the
 * time-skipping server and saves every run's history (each continue-as-new
 * run separately) under test/replay/histories/. Re-record deliberately, only
 * when a change is meant to be incompatible and is guarded by patching; keep
 * the old files so that running campaigns stay covered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { addDays } from '../../domain/calendar';
import { SEED_003_BUREAU } from '../../domain/templates/seed-003-bureau';
import {
  amendUnitDeadlineUpdate,
  campaignWorkflowId,
  classifyUnitUpdate,
  givePointReviewUpdate,
  rectificationWorkflowId,
  reportRectificationUpdate,
  sendBackRectificationUpdate,
  setMilestoneUpdate,
  unitWorkflowId,
  verifyRectificationUpdate,
} from '../../workflows/definitions';
import { defineAndStartCampaign, openRectification, planStartingNextYear, sleepUntil, unitHandle } from '../support/campaign-script';
import { branchTree, startHarness } from '../support/harness';
import { allRuns } from '../support/histories';
import { createTimeSkippingEnv } from '../support/temporal';

export const HISTORIES_DIR = path.resolve(__dirname, 'histories');


async function main() {
  const label = process.argv[2] ?? new Date().toISOString().slice(0, 10);
  const env = await createTimeSkippingEnv();
  const h = await startHarness(env);
  try {
    await h.units.importTree(branchTree(2));
    const campaignId = 'replay';
    const plan = await planStartingNextYear(env, SEED_003_BUREAU, 'replay-plan');
    const campaign = await defineAndStartCampaign(h, campaignId, plan, { subtreeRootId: 'committee' });
    const [a, b] = ['committee-b00001', 'committee-b00002'].map((id) => unitHandle(h, campaignId, id));
    const year = Number(plan.phases[0].window.start.slice(0, 4));
    await sleepUntil(env, addDays(plan.phases[0].window.start, 1));
    const first = plan.phases[0].tasks[0].id;
    await a.submit(first);
    await a.approve(first);
    await b.submit(first);
    await b.reject(first, '請補充材料');
    await b.handle.executeUpdate(amendUnitDeadlineUpdate, { args: [{ taskId: first, date: addDays(plan.phases[0].window.start, 20), actor: 'office', reason: '延期' }] });
    await sleepUntil(env, addDays(plan.phases[1].window.start, 3));
    await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: `${year + 2}-11-08`, actor: 'office', reason: '中央公布日期' }] });
    const item = await openRectification(h, plan, { campaignId, unitId: 'committee-b00002', itemId: 'item-1', description: '學習記錄不全', dueDate: addDays(plan.phases[1].window.start, 30) }, { 'party-congress-18': `${year + 2}-11-08` });
    // Moved once more while the item is open: the item's schedule signal is in its history too.
    await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'party-congress-18', date: `${year + 2}-11-15`, actor: 'office', reason: '日期調整' }] });
    await sleepUntil(env, addDays(plan.phases[1].window.start, 40));
    await item.executeUpdate(reportRectificationUpdate, { args: [{ actor: 'unit:committee-b00002', evidence: { text: '已補齊', links: [] } }] });
    await item.executeUpdate(sendBackRectificationUpdate, { args: [{ actor: 'sup-1', reason: '仍不完整' }] });
    await item.executeUpdate(reportRectificationUpdate, { args: [{ actor: 'unit:committee-b00002', evidence: { text: '全部補齊', links: [] } }] });
    await item.executeUpdate(verifyRectificationUpdate, { args: [{ actor: 'sup-1' }] });
    await sleepUntil(env, addDays(plan.phases[1].window.start, 100));
    await a.handle.executeUpdate(givePointReviewUpdate, { args: [{ actor: 'sup-1', comment: '紮實', strengths: '學習', weaknesses: '服務群眾', rating: 'good' }] });
    await b.handle.executeUpdate(classifyUnitUpdate, { args: [{ actor: 'sup-1', round: String(year + 1), grade: 'lagging', basis: '民主測評' }] });
    await sleepUntil(env, `${year + 2}-11-20`);
    await a.handle.result();
    fs.mkdirSync(HISTORIES_DIR, { recursive: true });
    for (const [name, workflowId] of [
      ['campaign', campaignWorkflowId(campaignId)],
      ['unit-on-time', unitWorkflowId(campaignId, 'committee-b00001')],
      ['unit-rejected', unitWorkflowId(campaignId, 'committee-b00002')],
      ['rectification', rectificationWorkflowId(campaignId, 'committee-b00002', 'item-1')],
    ]) {
      const runs = await allRuns(h.env.client, workflowId);
      runs.forEach(({ history }, index) => {
        // Binary protobuf: exact, and what `temporal workflow show --output json` can be converted from.
        const file = path.join(HISTORIES_DIR, `${label}-${name}-run${index + 1}.binpb`);
        fs.writeFileSync(file, temporal.api.history.v1.History.encode(temporal.api.history.v1.History.fromObject(history)).finish());
        console.log(`${path.relative(process.cwd(), file)}: ${history.events?.length} events`);
      });
    }
  } finally {
    await h.stop();
    await env.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
