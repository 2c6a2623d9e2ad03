/**
 * Notifications survive a worker crash: a real dev server, a real PostgreSQL,
 * workers in their own processes killed with SIGKILL mid-delivery, and real
 * webhook and SMTP receivers on loopback.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, localDateOf } from '../../domain/calendar';
import { parsePlan } from '../../domain/plan';
import { campaignProgressQuery, campaignWorkflowId, startUnitsUpdate } from '../../contracts';
import { createCampaignsRepository } from '../../adapters/storage/campaigns';
import { createUnitsRepository } from '../../adapters/storage/units-repository';
import { eventually } from '../support/campaign-script';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { branchTree } from '../support/harness';
import { parseMail, startSmtp } from '../support/smtp-receiver';
import { createDevServerEnv } from '../support/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const UNITS = 40;
const CAMPAIGN = 'crash';
const TASK_QUEUE = 'delivery-crash';
let env: TestWorkflowEnvironment;
let db: TestDatabase;
let webhook: WebhookReceiver;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  env = await createDevServerEnv();
  db = await createTestDatabase({ prefix: 'crash_test' });
  // The digests of all units go out together: answers spread over a few seconds leave a kill mid-delivery room to land.
  webhook = await startWebhookReceiver({ delayMs: (index) => 40 + 60 * index });
  smtp = await startSmtp();
  await createUnitsRepository(db.pool).importTree(branchTree(UNITS));
  await db.pool.query("INSERT INTO users (id, name, role, email) VALUES ('office', '活動辦', 'admin', 'office@example.test')");
  // The campaign office reads its notices by email; everyone else's go to the webhook.
  await db.pool.query("INSERT INTO notification_routes (scope, role, channel) VALUES ('role', 'office', 'smtp')");
}, 120_000);

afterAll(async () => {
  for (const worker of workers) await worker.kill();
  await env?.teardown();
  await db?.drop();
  await webhook?.close();
  await smtp?.close();
});

test('when the worker is killed during delivery and restarted, then every outbox key arrives and any repeat carries the same key', async () => {
  const today = localDateOf(Date.now());
  // A task missed long ago, started late on purpose (遲啟動: escalate): each unit climbs all five rungs
  // at once, and their notices are folded into one digest per role: secretary, supervisor, office; delivery
  // merges each recipient's digests of the day into one message (every unit's secretary is a recipient of
  // their own; the supervisor and the office get one message for all units).
  const plan = parsePlan({
    id: 'crash-plan',
    name: { zh: '投遞測試', en: 'delivery test' },
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
  await createCampaignsRepository(db.pool).create({ id: CAMPAIGN, name: plan.name, plan, createdBy: 'office' });
  const workerEnv = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    NOTIFY_CHANNEL: 'webhook',
    WEBHOOK_URL: webhook.url,
    WEBHOOK_SECRET: 'crash-test-secret-0123456789',
    SMTP_URL: smtp.url,
    DELIVERY_LEASE_MS: '3000',
    FANOUT_BATCH_SIZE: '10',
    DIGEST_SETTLE_MS: '5000',
  };
  workers.push(await startWorkerProcess(workerEnv));
  const campaign = await env.client.workflow.start('campaignWorkflow', {
    workflowId: campaignWorkflowId(CAMPAIGN),
    taskQueue: TASK_QUEUE,
    args: [{ campaignId: CAMPAIGN, plan, createdBy: 'office' }],
  });
  await campaign.executeUpdate(startUnitsUpdate, { args: [{ requestId: 'all', target: { subtreeRootId: 'committee' }, actor: 'office' }] });

  // Kill the worker while messages are going out, then start another.
  // Once sends have arrived and some are recorded, so that both sides of the kill are exercised.
  // Counted in messages: a digest records all the rows it merged at once.
  const recordedCount = async () => (await db.pool.query('SELECT count(*)::int AS n FROM outbox_digests WHERE sent_at IS NOT NULL')).rows[0].n as number;
  await eventually(async () => webhook.received.length >= 30 && (await recordedCount()) >= 5, 120_000);
  await workers[0].kill();
  // With the worker dead, the outbox holds exactly what was recorded as delivered before the kill.
  const expectedRows = (UNITS + 1) * 3; // the committee (root) is a unit of the subtree too
  const recordedBeforeKill: string[] = (await db.pool.query('SELECT key FROM outbox WHERE delivered_at IS NOT NULL')).rows.map((r) => r.key);
  expect(recordedBeforeKill.length).toBeGreaterThan(0);
  expect(recordedBeforeKill.length).toBeLessThan(expectedRows); // the kill landed mid-delivery
  workers.push(await startWorkerProcess(workerEnv));

  let last = '';
  await eventually(async () => {
    const { rows } = await db.pool.query('SELECT count(*)::int AS total, count(delivered_at)::int AS delivered FROM outbox');
    last = JSON.stringify(rows[0]);
    return rows[0].total === expectedRows && rows[0].delivered === expectedRows;
  }, 180_000).catch(async (error) => {
    const stuck = await db.pool.query('SELECT key, channel, attempts, last_error FROM outbox WHERE delivered_at IS NULL LIMIT 5');
    throw new Error(`${error.message}; outbox ${last}; undelivered: ${JSON.stringify(stuck.rows)}; worker: ${workers.at(-1)!.output().slice(-2000)}`);
  });
  expect((await campaign.query(campaignProgressQuery)).totals.done).toBe(true);

  // What is sent is a row on its own or the digest that merged it: the message's key is the digest's.
  const outboxKeys = (
    await db.pool.query(
      `SELECT key, channel FROM outbox WHERE digest_message_key IS NULL
       UNION ALL SELECT key, channel FROM outbox_digests ORDER BY key`,
    )
  ).rows;
  const messageKeyOf = new Map((await db.pool.query('SELECT key, coalesce(digest_message_key, key) AS message FROM outbox')).rows.map((r) => [r.key, r.message]));
  const webhookKeys = webhook.received.map((r) => r.key);
  const mailKeys = smtp.mails.map((m) => parseMail(m.raw).headers['x-idempotency-key']);
  const arrived = [...webhookKeys, ...mailKeys];
  // Every key arrived, and nothing arrived that is not in the outbox.
  expect([...new Set(arrived)].sort()).toEqual(outboxKeys.map((r) => r.key).sort());
  expect(new Set(mailKeys)).toEqual(new Set(outboxKeys.filter((r) => r.channel === 'smtp').map((r) => r.key)));
  // One digest per unit's secretary (each unit's rows come at once). The supervisor's and the office's rows
  // come over the fan-out: one digest, or a few numbered ones of the same day when it outlasts DIGEST_SETTLE_MS.
  expect(outboxKeys.filter((r) => r.key.startsWith('digest/secretary:'))).toHaveLength(UNITS + 1);
  expect(outboxKeys.filter((r) => r.key.startsWith('digest/secretary:') && r.key.includes('#'))).toEqual([]);
  // A repeat is the same message with the same key: same body for webhooks, same Message-ID for mail.
  for (const key of new Set(webhookKeys)) {
    const copies = webhook.received.filter((r) => r.key === key);
    expect(new Set(copies.map((c) => c.rawBody.replace(/"sentAt":"[^"]*"/, ''))).size).toBe(1);
  }
  for (const key of new Set(mailKeys)) {
    const ids = smtp.mails.filter((m) => parseMail(m.raw).headers['x-idempotency-key'] === key).map((m) => parseMail(m.raw).headers['message-id']);
    expect(new Set(ids).size).toBe(1);
  }
  // Exactly one ledger row per rung reached, crash or not.
  const rungs = await db.pool.query("SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM ledger WHERE kind = 'escalation.rung'");
  expect(rungs.rows[0]).toEqual({ n: (UNITS + 1) * 5, keys: (UNITS + 1) * 5 });
  // A repeat happens only for a send whose record the kill cut off: what was recorded arrived exactly once.
  const arrivals = new Map<string, number>();
  for (const key of arrived) arrivals.set(key, (arrivals.get(key) ?? 0) + 1);
  expect(recordedBeforeKill.filter((key) => arrivals.get(messageKeyOf.get(key)) !== 1)).toEqual([]);
  const repeats = arrived.length - new Set(arrived).size;
  console.log(`delivery crash: ${messageKeyOf.size} outbox rows in ${outboxKeys.length} messages (${mailKeys.length} mails), ${recordedBeforeKill.length} recorded delivered before the kill, ${repeats} repeated after it, 0 missing`);
}, 300_000);
