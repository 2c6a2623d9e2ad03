/**
 * Catch-up notices folded into one digest per recipient per day (每日補發彙總),
 * end to end with real parts: the real worker (workflows and activities) on
 * the time-skipping test server, a real PostgreSQL outbox and a real HTTP
 * webhook receiver on loopback. Seven units are started late under one
 * supervisor (遲啟動: escalate); each climbs all five rungs at once.
 */
import { recordHistoriesIfAsked } from '../replay/history-manifest';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotificationActivities } from '../../activities/notifications';
import { createWebhookNotifier } from '../../adapters/notify';
import { campaignWorkflowId, dailyDigestWorkflowId, startUnitsUpdate } from '../../contracts';
import { addDays, localDateOf } from '../../domain/calendar';
import { digestGroupKey } from '../../domain/daily-digest';
import { parsePlan } from '../../domain/plan';
import { eventually } from '../support/campaign-script';
import { branchTree, startHarness, type Harness } from '../support/harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const BRANCHES = 6;
const UNITS = BRANCHES + 1; // the committee is a unit of its subtree too
const CAMPAIGN = 'digest';
const SECRET = 'daily-digest-test-secret-0123';
const SETTLE_MS = 10 * 60_000;
let env: TestWorkflowEnvironment;
let h: Harness;
let webhook: WebhookReceiver;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  webhook = await startWebhookReceiver();
  h = await startHarness(env, {
    notifier: createWebhookNotifier({ secret: SECRET }),
    outboxDefaults: { channel: 'webhook', webhookUrl: webhook.url },
    digestSettleMs: SETTLE_MS,
  });
  // One supervisor (sup-1, listed on the committee) over every branch.
  await h.units.importTree(branchTree(BRANCHES));
  await h.db.pool.query("INSERT INTO users (id, name, role, email) VALUES ('office', '活動辦', 'admin', 'office@example.test'), ('sup-1', '聯繫人', 'supervisor', NULL)");
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  await webhook?.close();
});

const digestsFor = (recipient: string) => webhook.received.filter((r) => r.key.startsWith(`digest/${recipient}/`));

test('when seven units start late under one supervisor, then each recipient gets exactly one digest for the day listing every unit, and delivering again sends nothing', async () => {
  const today = localDateOf(Date.now());
  const plan = parsePlan({
    id: 'digest-plan',
    name: { zh: '彙總測試', en: 'digest test' },
    phases: [
      {
        id: 'advancement',
        name: { zh: '全面爭創、扎實推進', en: 'advancement' },
        window: { start: addDays(today, -100), end: addDays(today, 300) },
        tasks: [{ id: 'work-report', title: { zh: '工作報告', en: 'work report' }, due: { kind: 'date', date: addDays(today, -70) } }],
      },
    ],
    lateStart: { policy: 'escalate' },
  });
  await h.campaigns.create({ id: CAMPAIGN, name: plan.name, plan, createdBy: 'office' });
  const campaign = await env.client.workflow.start('campaignWorkflow', {
    workflowId: campaignWorkflowId(CAMPAIGN),
    taskQueue: h.taskQueue,
    args: [{ campaignId: CAMPAIGN, plan, createdBy: 'office' }],
  });
  await campaign.executeUpdate(startUnitsUpdate, { args: [{ requestId: 'all', target: { subtreeRootId: 'committee' }, actor: 'office' }] });

  // Every unit's catch-up is in the ledger (five rungs each) and in the outbox (one row per recipient), held, not sent.
  const pool = h.db.pool;
  await eventually(async () => (await pool.query("SELECT count(*)::int AS n FROM outbox WHERE digest_key IS NOT NULL")).rows[0].n === UNITS * 3, 60_000, { what: 'catch-up rows' });
  const day = (await pool.query<{ digest_key: string }>('SELECT digest_key FROM outbox WHERE digest_key IS NOT NULL LIMIT 1')).rows[0].digest_key.split('/')[1];
  const supervisorDigest = env.client.workflow.getHandle(dailyDigestWorkflowId(digestGroupKey('supervisor', 'sup-1', day)));
  // Time stands still until the test sleeps: wait until every unit has handed its row to the supervisor's digest (one signal each).
  await eventually(async () => {
    const history = await supervisorDigest.fetchHistory().catch(() => undefined);
    return (history?.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length === UNITS;
  }, 60_000, { what: "every unit's row handed to the supervisor's digest" });
  expect((await pool.query('SELECT count(*)::int AS n FROM outbox_digests')).rows[0].n).toBe(0);
  expect(webhook.received.filter((r) => r.key.startsWith('digest/'))).toEqual([]);

  // The settle time passes: the digests go out.
  await env.sleep(SETTLE_MS + 60_000);
  await supervisorDigest.result();
  await eventually(async () => (await pool.query('SELECT count(*)::int AS n FROM outbox WHERE digest_key IS NOT NULL AND delivered_at IS NULL')).rows[0].n === 0, 60_000, { what: 'catch-up rows delivered' });

  const ledger = await pool.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind = 'escalation.rung'", [CAMPAIGN]);
  expect(ledger.rows[0].n).toBe(UNITS * 5);

  const supervisor = digestsFor('supervisor:sup-1');
  expect(supervisor.map((r) => r.key)).toEqual([`digest/supervisor:sup-1/${day}/webhook`]);
  const body = supervisor[0].body as { subject: string; body: string; payload: { units: number; merged: unknown[] } };
  expect(body.subject).toContain(`${UNITS} 個單位 (units)`);
  expect(body.payload.units).toBe(UNITS);
  expect(body.payload.merged).toHaveLength(UNITS);
  for (let i = 1; i <= BRANCHES; i += 1) expect(body.body).toContain(`第${i}支部 (committee-b${String(i).padStart(5, '0')})`);
  expect(body.body).toContain('黨委 (committee)');
  expect(digestsFor('office:office')).toHaveLength(1);
  // A unit's secretary is a recipient of its own: one digest each.
  const secretaries = webhook.received.filter((r) => r.key.startsWith('digest/secretary:'));
  expect(secretaries).toHaveLength(UNITS);
  expect(new Set(secretaries.map((r) => r.key)).size).toBe(UNITS);
  // No catch-up row went out on its own: every message is a digest.
  expect(webhook.received.filter((r) => !r.key.startsWith('digest/'))).toEqual([]);
  const rows = await pool.query('SELECT count(*)::int AS n, count(DISTINCT digest_message_key)::int AS digests FROM outbox WHERE delivered_at IS NOT NULL AND digest_message_key IS NOT NULL');
  expect(rows.rows[0]).toEqual({ n: UNITS * 3, digests: UNITS + 2 });

  // Delivering again, by every path, sends nothing more.
  const sent = webhook.received.length;
  const keys = (await pool.query<{ key: string }>('SELECT key FROM outbox ORDER BY key')).rows.map((r) => r.key);
  await env.client.workflow.execute('notificationRedeliveryWorkflow', { workflowId: 'redeliver-all-again', taskQueue: h.taskQueue, args: [{ keys }] });
  const activities = createNotificationActivities({ outbox: h.storage.outbox, digests: h.storage.outboxDigests, notifier: createWebhookNotifier({ secret: SECRET }) });
  const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  await expect(activityEnv.run(activities.deliverNotifications, { keys })).resolves.toMatchObject({ delivered: 0, alreadyDelivered: keys.length });
  await expect(activityEnv.run(activities.deliverDailyDigest, { digestKey: digestGroupKey('supervisor', 'sup-1', day) })).resolves.toEqual({ sent: 0, merged: 0 });
  expect(webhook.received.length).toBe(sent);
  await recordHistoriesIfAsked(env.client, [['daily-digest', dailyDigestWorkflowId(digestGroupKey('supervisor', 'sup-1', day))]]);
}, 180_000);
