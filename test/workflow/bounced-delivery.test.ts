/**
 * A receiver that keeps refusing does not hold up a campaign: the ladder goes
 * on, the notices wait in the outbox, a redelivery workflow keeps trying, and
 * they arrive once the receiver answers again.
 */
import '../support/quiet-temporal-log';
import { WorkflowUpdateStage } from '@temporalio/client';
import { createWebhookNotifier } from '../../adapters/notify';
import { createNotifier } from '../../adapters/notify/notifier';
import { startOfLocalDay } from '../../domain/calendar';
import { reminderSteps, rungSteps, taskLadder } from '../../domain/escalation';
import { parsePlan } from '../../domain/plan';
import { campaignWorkflowId, recordSupervisionUpdate } from '../../contracts';
import { defineAndStartCampaign, eventually, sleepUntil } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const CAMPAIGN = 'bounced';
const UNIT = 'committee-b00001';
let receiver: WebhookReceiver;

const fixture = useTimeSkippingHarness(1, async () => {
  receiver = await startWebhookReceiver();
  return {
    notifier: createNotifier({ channels: { webhook: createWebhookNotifier({ secret: 'bounce-test-secret-0123456789' }) } }),
    outboxDefaults: { channel: 'webhook', webhookUrl: receiver.url },
  };
});

// Registered after the fixture's, so it runs after the worker has stopped.
afterAll(async () => {
  await receiver?.close();
});

test('when the receiver refuses every notice for weeks, then the ladder still climbs on time and the notices arrive once it answers again', async () => {
  const { env, h } = fixture;
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const plan = parsePlan({
    id: 'bounce-plan',
    name: { zh: '投遞失敗測試', en: 'bounced delivery' },
    phases: [{ id: 'advancement', name: { zh: '推進', en: 'advancement' }, window: { start: `${year}-03-02`, end: `${year}-12-31` }, tasks: [{ id: 'work-report', title: { zh: '工作報告', en: 'work report' }, due: { kind: 'date', date: `${year}-03-31` } }] }],
  });
  receiver.failNext(1_000_000);
  await defineAndStartCampaign(h, CAMPAIGN, plan, { unitIds: [UNIT] });
  await sleepUntil(env, `${year}-04-20`);
  // Reminder (+1), warning (+7) and listed supervision (+14) were reached at their planned instants although nothing could be delivered.
  const planned = rungSteps(taskLadder(plan), `${year}-03-31`).filter((step) => step.at <= startOfLocalDay(`${year}-04-20`) + 12 * 3600_000);
  expect(planned.map((step) => step.rung)).toEqual(['reminder', 'warning', 'listed_supervision']);
  const rungs = await eventually(async () => {
    const rows = await h.ledger.list({ campaignId: CAMPAIGN, unitId: UNIT, kinds: ['escalation.rung'] });
    return rows.length >= planned.length ? rows : undefined;
  });
  expect(rungs.map((r) => [r.payload.rung, new Date(r.occurredAt).getTime()])).toEqual(planned.map((step) => [step.rung, step.at]));
  expect(receiver.received).toHaveLength(0);
  // Every notice waits: the two reminders before the deadline (7 and 1 days) and one per rung and recipient
  // (secretary; secretary; secretary and supervisor).
  const expectedNotices = reminderSteps(plan, `${year}-03-31`).length + planned.reduce((sum, step) => sum + step.notify.length, 0);
  expect(expectedNotices).toBe(6);
  const waiting = await h.db.pool.query('SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL');
  expect(waiting.rows[0].n).toBe(expectedNotices);

  // A spot check sent twice (a client retrying) hands its notices over once; the second hand-over finds the first still trying.
  const campaign = env.client.workflow.getHandle(campaignWorkflowId(CAMPAIGN));
  const check = { eventId: 'check-1', kind: 'spot_check' as const, actor: 'office', unitIds: [UNIT], sampleSize: 1, findings: '抽查' };
  // The test server does not skip time while a caller waits on an update: accept it, skip an hour (the
  // delivery retries run their course and hand over), then read its result.
  const recordCheck = async () => {
    const update = await campaign.startUpdate(recordSupervisionUpdate, { args: [check], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await env.sleep('1 hour');
    return update.result();
  };
  const first = await recordCheck();
  const second = await recordCheck();
  expect(second).toEqual(first);
  const checkKeys = (await h.db.pool.query("SELECT key FROM outbox WHERE key LIKE $1 AND delivered_at IS NULL ORDER BY key", [`%/supervision/check-1/%`])).rows.map((r) => r.key);
  expect(checkKeys.length).toBeGreaterThan(0);
  const redelivery = await env.client.workflow.getHandle(`redeliver:${checkKeys[0]}`).describe();
  expect(redelivery.status.name).toBe('RUNNING');

  receiver.failNext(0);
  await env.sleep('7 hours');
  await eventually(async () => {
    const { rows } = await h.db.pool.query('SELECT count(*)::int AS total, count(delivered_at)::int AS delivered FROM outbox');
    return rows[0].total > 0 && rows[0].total === rows[0].delivered;
  });
  const keys = receiver.received.map((r) => r.key);
  const outbox = (await h.db.pool.query('SELECT key FROM outbox')).rows.map((r) => r.key);
  expect(new Set(keys)).toEqual(new Set(outbox));
}, 600_000); // 8–25 s here; generous for a loaded machine
