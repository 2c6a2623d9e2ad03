/**
 * The overdue ladder, reminders, moved deadlines and extensions, on the
 * time-skipping server, with notifications delivered to a real webhook
 * receiver on loopback.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createWebhookNotifier, webhookSignature } from '../../adapters/notify';
import { createNotifier } from '../../adapters/notify/notifier';
import { addDays } from '../../domain/calendar';
import { reminderSteps, rungSteps, taskLadder } from '../../domain/escalation';
import { parsePlan, type Plan } from '../../domain/plan';
import { amendUnitDeadlineUpdate, decideExtensionUpdate, requestExtensionUpdate } from '../../contracts';
import { defineAndStartCampaign, eventually, sleepUntil, unitHandle } from '../support/campaign-script';
import { branchTree, startHarness, type Harness } from '../support/harness';
import { createTimeSkippingEnv } from '../support/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const CAMPAIGN = 'ladder';
const SECRET = 'test-webhook-secret-0123456789';
const MISSED = 'committee-b00001';
const DONE_BETWEEN_RUNGS = 'committee-b00002';
const MOVED = 'committee-b00003';
const EXTENDED = 'committee-b00004';

let env: TestWorkflowEnvironment;
let h: Harness;
let receiver: WebhookReceiver;
let plan: Plan;
let year: number;
const due = () => `${year}-03-31`;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  receiver = await startWebhookReceiver();
  h = await startHarness(env, {
    notifier: createNotifier({ channels: { webhook: createWebhookNotifier({ secret: SECRET }) } }),
    outboxDefaults: { channel: 'webhook', webhookUrl: receiver.url },
  });
  await h.units.importTree(branchTree(4));
  await h.db.pool.query("INSERT INTO users (id, name, role, email) VALUES ('office', '活動辦', 'admin', 'office@example.test')");
  year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  plan = parsePlan({
    id: 'ladder-plan',
    name: { zh: '督辦測試', en: 'ladder test' },
    phases: [
      {
        id: 'advancement',
        name: { zh: '全面爭創、扎實推進', en: 'advancement' },
        window: { start: `${year}-03-02`, end: `${year}-12-31` },
        tasks: [{ id: 'work-report', title: { zh: '工作報告', en: 'work report' }, due: { kind: 'date', date: `${year}-03-31` } }],
      },
    ],
  });
  await defineAndStartCampaign(h, CAMPAIGN, plan, { subtreeRootId: 'committee' });
  const [, doneBetween, moved, extended] = [MISSED, DONE_BETWEEN_RUNGS, MOVED, EXTENDED].map((id) => unitHandle(h, CAMPAIGN, id));

  await sleepUntil(env, `${year}-03-05`);
  await moved.handle.executeUpdate(amendUnitDeadlineUpdate, { args: [{ taskId: 'work-report', date: `${year}-04-30`, actor: 'office', reason: '調整' }] });
  await sleepUntil(env, `${year}-03-20`);
  await moved.handle.executeUpdate(amendUnitDeadlineUpdate, { args: [{ taskId: 'work-report', date: `${year}-03-31`, actor: 'office', reason: '恢復原定期限' }] });
  await sleepUntil(env, `${year}-03-29`);
  await extended.handle.executeUpdate(requestExtensionUpdate, { args: [{ taskId: 'work-report', actor: `unit:${EXTENDED}`, proposedDate: `${year}-05-15`, reason: '黨員外出培訓' }] });
  // Between the warning (+7 days) and listed supervision (+14 days).
  await sleepUntil(env, `${year}-04-10`);
  await doneBetween.submit('work-report');
  await extended.handle.executeUpdate(decideExtensionUpdate, { args: [{ taskId: 'work-report', actor: 'sup-1', grant: true }] });
  await sleepUntil(env, `${year}-06-15`);
  // Every rung of the missed unit, up to accountability, has been delivered.
  await eventually(async () => (await rungs(MISSED)).length === 5 && receiver.received.some((r) => r.key.includes(`${MISSED}/task/work-report/rung/${due()}/accountability`)));
}, 180_000);

afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  await receiver?.close();
});

async function ledgerOf(unitId: string) {
  return h.ledger.list({ campaignId: CAMPAIGN, unitId, limit: 1000 });
}
async function rungs(unitId: string, dueDate?: string) {
  return (await ledgerOf(unitId)).filter((e) => e.kind === 'escalation.rung' && (!dueDate || e.payload.dueDate === dueDate));
}
async function reminders(unitId: string) {
  return (await ledgerOf(unitId)).filter((e) => e.kind === 'task.reminded');
}
const receivedFor = (unitId: string) => receiver.received.filter((r) => r.body.unitId === unitId);

describe('given a task due at the end of March', () => {
  test('when it is missed entirely, then the unit climbs every rung at exactly the planned times', async () => {
    const planned = rungSteps(taskLadder(plan), due());
    const reached = await rungs(MISSED);
    expect(reached.map((e) => e.payload.rung)).toEqual(['reminder', 'warning', 'listed_supervision', 'circulated_criticism', 'accountability']);
    expect(reached.map((e) => new Date(e.occurredAt).getTime())).toEqual(planned.map((step) => step.at));
    const view = await unitHandle(h, CAMPAIGN, MISSED).state();
    expect(view.rung).toBe('accountability');
    expect(view.light).toBe('red');
  });

  test('when it is missed entirely, then exactly one notification per rung and recipient arrives, signed, with its key', async () => {
    const got = receivedFor(MISSED);
    const keys = got.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    // Recipients per the default ladder: secretary; secretary; secretary + supervisor; supervisor + office; office.
    const rungKeys = keys.filter((k) => k.includes('/rung/'));
    expect(rungKeys.sort()).toEqual(
      [
        `reminder/secretary:${MISSED}`,
        `warning/secretary:${MISSED}`,
        `listed_supervision/secretary:${MISSED}`,
        'listed_supervision/supervisor:sup-1',
        'circulated_criticism/supervisor:sup-1',
        'circulated_criticism/office:office',
        'accountability/office:office',
      ]
        .map((suffix) => `${CAMPAIGN}/${MISSED}/task/work-report/rung/${due()}/${suffix}`)
        .sort(),
    );
    // Seven and one day before the deadline.
    expect(keys.filter((k) => k.includes('/task/work-report/reminder/')).length).toBe(2);
    for (const r of got) expect(r.signature).toBe(webhookSignature(SECRET, r.rawBody));
    const outbox = await h.db.pool.query('SELECT key, delivered_at FROM outbox WHERE unit_id = $1', [MISSED]);
    expect(outbox.rows.map((row) => row.key).sort()).toEqual([...keys].sort());
    expect(outbox.rows.every((row) => row.delivered_at !== null)).toBe(true);
  });

  test('when the work is submitted between two rungs, then the ladder stops at once', async () => {
    expect((await rungs(DONE_BETWEEN_RUNGS)).map((e) => e.payload.rung)).toEqual(['reminder', 'warning']);
    const submitted = (await ledgerOf(DONE_BETWEEN_RUNGS)).find((e) => e.kind === 'task.submitted')!;
    expect((await ledgerOf(DONE_BETWEEN_RUNGS)).filter((e) => e.seq > submitted.seq && e.kind === 'escalation.rung')).toHaveLength(0);
    expect(receivedFor(DONE_BETWEEN_RUNGS).filter((r) => r.key.includes('listed_supervision'))).toHaveLength(0);
    const view = await unitHandle(h, CAMPAIGN, DONE_BETWEEN_RUNGS).state();
    expect(view.rung).toBeNull();
    expect(view.light).toBe('green');
  });

  test('when the deadline is moved forward and back, then the reminders and rungs follow the deadline in force', async () => {
    const sent = await reminders(MOVED);
    // Moved to April 30 before any reminder, back to March 31 before April's: only March's reminders went out.
    expect(sent.map((e) => [e.payload.dueDate, e.payload.daysBefore])).toEqual([
      [due(), 7],
      [due(), 1],
    ]);
    expect(sent.map((e) => new Date(e.occurredAt).getTime())).toEqual(reminderSteps(plan, due()).map((s) => s.at));
    expect((await rungs(MOVED)).map((e) => new Date(e.occurredAt).getTime())).toEqual(rungSteps(taskLadder(plan), due()).map((s) => s.at));
    expect((await ledgerOf(MOVED)).filter((e) => e.kind === 'deadline.amended').map((e) => e.payload.to)).toEqual([`${year}-04-30`, due()]);
  });

  test('when an extension is granted between two rungs, then the old ladder stops and the new deadline gets its own reminders and rungs', async () => {
    const rows = await ledgerOf(EXTENDED);
    expect(rows.filter((e) => e.kind.startsWith('extension.')).map((e) => e.kind)).toEqual(['extension.requested', 'extension.granted']);
    expect((await rungs(EXTENDED, due())).map((e) => e.payload.rung)).toEqual(['reminder', 'warning']);
    const newDue = `${year}-05-15`;
    expect((await reminders(EXTENDED)).filter((e) => e.payload.dueDate === newDue).map((e) => e.payload.daysBefore)).toEqual([7, 1]);
    // By June 15 the new deadline is a month past: reminder (+1), warning (+7), listed supervision (+14), circulated criticism (+30).
    const planned = rungSteps(taskLadder(plan), newDue).filter((s) => s.at <= Date.parse(`${year}-06-15T12:00:00+08:00`));
    expect((await rungs(EXTENDED, newDue)).map((e) => e.payload.rung)).toEqual(planned.map((s) => s.rung));
    expect((await unitHandle(h, CAMPAIGN, EXTENDED).state()).tasks[0].dueDate).toBe(addDays(due(), 45));
  });

  test('when the ledger is read back, then its hash chain verifies', async () => {
    expect((await h.ledger.verifyChain(CAMPAIGN)).ok).toBe(true);
  });
});
