/**
 * SIGKILL the worker again and again while a campaign starts for its units and
 * every unit submits a task and has it approved: nothing may be lost or
 * written twice, and no notice delivered twice under one key.
 */
import type { PlanInput } from '../../../domain/plan';
import { localToday, planStartingToday } from '../../api/support';
import { startWebhookReceiver } from '../../support/webhook-receiver';
import { judgeDeliveries, deliveredOnce } from '../delivery-judgement';
import type { Scenario } from '../scenario';
import { persistently, startCampaign, startService } from '../service';
import { sleep, until } from '../stack';
import { pool } from '../http';

/** Started 20 days ago with the late-start policy `escalate`: every unit's ladder fires, and sends its notices, as the unit starts. */
const escalatingPlan = (id: string) => ({ ...planStartingToday(id, localToday(-20)), lateStart: { policy: 'escalate' } }) as PlanInput;

/**
 * The late start's catch-up notices go out as each recipient's daily digest once the fan-out
 * has settled (15 min by default): shortened so the run sees them delivered, through the kills.
 */
const DIGEST_SETTLE_MS = 5_000;
/** How long a send holds its row: a repeat after a kill comes no sooner. */
const DELIVERY_LEASE_MS = 5_000;

export const workerKill: Scenario = {
  name: 'worker-sigkill',
  criterion: '0 lost ledger rows, 0 duplicate keys, 0 duplicate deliveries by key (each notice under one key, a repeat only across a kill and the same message), every unit completes',
  budgetMs: (quick) => (quick ? 240_000 : 1_200_000),
  async run({ quick, scope, log }) {
    const units = quick ? 20 : 200;
    const kills = quick ? 2 : 50;
    const receiver = await startWebhookReceiver();
    scope.defer(() => receiver.close());
    const service = await startService(scope, 'worker-kill', { workerEnv: { NOTIFY_CHANNEL: 'webhook', WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: 'chaos-webhook-secret-0123456789', DELIVERY_LEASE_MS: String(DELIVERY_LEASE_MS), DIGEST_SETTLE_MS: String(DIGEST_SETTLE_MS) } });
    let killed = 0;
    const killedAt: number[] = [];
    let killer: Promise<void> = Promise.resolve();
    const startKilling = () => {
      killer = (async () => {
      while (killed < kills) {
        await sleep(quick ? 2_500 : 1_500);
        killedAt.push(Date.now());
        await service.replaceWorker();
        killed += 1;
        if (killed % 10 === 0 || quick) log(`worker killed ${killed}×`);
      }
    })();
    };
    const campaign = await startCampaign(service, 'kill', units, { plan: escalatingPlan('kill'), timeoutMs: quick ? 100_000 : 600_000, afterDefine: startKilling });
    const retried = new Map<number, number>();
    let accepted = 0;
    let notDone: string[] = [];
    await pool(campaign.units, 10, async (unit) => {
      const base = `/campaigns/${campaign.id}/units/${unit}/tasks/study-report`;
      // A task is "not open yet" (409) while its unit's workflow recovers from a kill: asked again.
      let submit = await persistently(service, 'post', `${base}/submit`, { evidence: { text: '學習報告', links: [] } });
      for (let i = 0; i < 30 && submit.reply.status === 409 && /not open yet/.test(submit.reply.body?.message ?? ''); i += 1) {
        await sleep(2_000);
        const again = await persistently(service, 'post', `${base}/submit`, { evidence: { text: '學習報告', links: [] } });
        submit = { ...again, attempts: submit.attempts + again.attempts, statuses: [...submit.statuses, ...again.statuses] };
      }
      const approve = await persistently(service, 'post', `${base}/approve`, {});
      for (const status of [...submit.statuses, ...approve.statuses]) if (status >= 500 || status === 0) retried.set(status, (retried.get(status) ?? 0) + 1);
      const ok = (r: typeof submit) => r.reply.status === 200 || (r.attempts > 1 && r.reply.status === 409);
      accepted += Number(ok(submit)) + Number(ok(approve));
      if (!ok(submit) || !ok(approve)) notDone.push(`${unit}: submit ${submit.reply.status} ${JSON.stringify(submit.reply.body?.message ?? '').slice(0, 160)}, approve ${approve.reply.status} ${JSON.stringify(approve.reply.body?.message ?? '').slice(0, 160)}`);
    });
    await killer;
    log(`work done; ${killed} kills; waiting for the ledger`);
    // Every unit's start row, and a row for each call the API accepted.
    const expected = campaign.units.length + accepted;
    const count = async () =>
      (
        await service.db.pool.query(
          "SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND (kind = 'unit.started' OR (kind IN ('task.submitted', 'task.approved') AND payload->>'taskId' = 'study-report'))",
          [campaign.id],
        )
      ).rows[0].n as number;
    const rows = await until('every expected ledger row', async () => {
      const n = await count();
      log(`ledger ${n}/${expected}`);
      return n >= expected ? n : undefined;
    }, 60_000, 3_000).catch(count);
    const { rows: approved } = await service.db.pool.query("SELECT DISTINCT unit_id FROM ledger WHERE campaign_id = $1 AND kind = 'task.approved'", [campaign.id]);
    const incomplete = campaign.units.length - approved.length;
    const { rows: dupKeys } = await service.db.pool.query('SELECT idempotency_key FROM ledger GROUP BY campaign_id, idempotency_key HAVING count(*) > 1');
    // Each unit's digest is held DIGEST_SETTLE_MS after its last catch-up row, then leaves the outbox.
    const notices = async () => (await service.db.pool.query<{ key: string }>("SELECT key FROM outbox WHERE campaign_id = $1 AND channel = 'webhook'", [campaign.id])).rows.map((row) => row.key);
    await until('every notice of the campaign delivered', async () => {
      const delivered = deliveredOnce(receiver.received);
      return (await notices()).every((key) => delivered.has(key)) ? true : undefined;
    }, DIGEST_SETTLE_MS + 60_000, 1_000).catch(() => undefined);
    await sleep(3_000); // a duplicate, if one were coming, arrives now
    const delivery = judgeDeliveries(receiver.received, await notices(), killedAt, DELIVERY_LEASE_MS);
    log(`requests ${receiver.received.length} (${delivery.keys} keys); notices ${delivery.notices}`);
    const chain = await persistently(service, 'get', `/campaigns/${campaign.id}/ledger/verify`, undefined);
    const lost = Math.max(0, expected - rows);
    notDone = notDone.slice(0, 5);
    return {
      pass: !retried.has(500) && lost === 0 && dupKeys.length === 0 && delivery.pass && delivery.notices >= campaign.units.length && incomplete === 0 && notDone.length === 0 && chain.reply.body?.ok === true,
      figures: `${campaign.units.length} units, ${killed} SIGKILLs; ledger ${rows}/${expected} rows (lost ${lost}), duplicate keys ${dupKeys.length}, ${delivery.figures}, incomplete units ${incomplete}, chain ${chain.reply.body?.ok ? 'ok' : 'BROKEN'}, answers retried: ${[...retried].map(([k, n]) => `${k || 'no answer'}×${n}`).join(' ') || 'none'}`,
      notes: [...(notDone.length ? [`calls that did not complete: ${notDone.join('; ')}`] : []), ...delivery.notes],
    };
  },
};
