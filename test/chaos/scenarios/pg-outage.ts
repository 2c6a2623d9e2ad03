/**
 * PostgreSQL unavailable for the service, again and again: its processes reach
 * the database through a loopback proxy, which is cut (every connection dropped,
 * the port closed) and restored. Just before each cut every unit submits a
 * task, so ledger writes are in flight when the database goes; meanwhile a
 * steady stream of API calls records what the edge answers. The machine's
 * shared PostgreSQL is never stopped.
 */
import { adminUrl } from '../../support/database';
import { call, type Reply } from '../http';
import { startProxy } from '../proxy';
import type { Scenario } from '../scenario';
import { TASKS, persistently, startCampaign, startService } from '../service';
import { sleep, until, viaPort } from '../stack';
import { badlyEnded, temporalClient } from '../temporal-client';

export const pgOutage: Scenario = {
  name: 'postgres-outage',
  criterion: '0 failed workflows, 0 lost rows; the API answers 503 meanwhile, no 500s, no hangs',
  budgetMs: (quick) => (quick ? 300_000 : 900_000),
  async run({ quick, scope, log }) {
    const cycles = quick ? 2 : 5;
    const outageMs = quick ? 8_000 : 60_000;
    const target = new URL(adminUrl());
    const proxy = await startProxy(scope, { host: target.hostname, port: Number(target.port || 5432) });
    const service = await startService(scope, 'pg-outage', { databaseUrl: (db) => viaPort(db.url, proxy.port) });
    const campaign = await startCampaign(service, 'outage', quick ? 6 : 20);
    const client = await temporalClient(scope, service.temporal.address);
    const replies: Reply[] = [];
    const submitted: Array<ReturnType<typeof persistently>> = [];
    let restoredAt = Date.now();
    for (let cycle = 0; cycle < cycles; cycle += 1) {
      const task = TASKS[cycle % TASKS.length];
      const cycleStart = submitted.length;
      for (const unit of campaign.units) {
        submitted.push(persistently(service, 'post', `/campaigns/${campaign.id}/units/${unit}/tasks/${task}/submit`, { evidence: { text: `第${cycle}輪`, links: [] } }, outageMs + 120_000));
      }
      await sleep(300);
      await proxy.cut();
      const until = Date.now() + outageMs;
      const probes: Array<Promise<void>> = [];
      let i = 0;
      while (Date.now() < until) {
        const unit = campaign.units[i % campaign.units.length];
        const path = [`/campaigns/${campaign.id}/units/${unit}`, `/campaigns/${campaign.id}/progress`, '/health', `/units/${unit}`][i % 4];
        probes.push(call(service.api.url, 'get', path, { token: service.office, timeoutMs: 10_000 }).then((r) => void replies.push(r)));
        i += 1;
        await sleep(200);
      }
      await Promise.all(probes);
      await proxy.restore();
      restoredAt = Date.now();
      log(`outage ${cycle + 1}/${cycles}: ${i} calls during ${outageMs / 1000} s`);
      // The next cut only once this cycle's submissions are answered (at most 90 s): outages with the
      // database back in between, not one long outage that outlasts every caller's patience.
      if (cycle < cycles - 1) await Promise.race([Promise.all(submitted.slice(cycleStart)), sleep(90_000)]);
    }
    // Submissions still unanswered well after the last outage are a finding, not a time-out of the suite.
    let answered = 0;
    const finalStatuses = new Map<number, number>();
    for (const p of submitted) void p.then((r) => {
      answered += 1;
      finalStatuses.set(r.reply.status, (finalStatuses.get(r.reply.status) ?? 0) + 1);
    });
    await until('every submission answered', async () => answered === submitted.length, 90_000, 250).catch(() => undefined);
    const answeredAfter = (Date.now() - restoredAt) / 1000;
    log(`submissions answered ${answered}/${submitted.length}: ${[...finalStatuses].map(([k, n]) => `${k}×${n}`).join(' ')}`);
    const expected = campaign.units.length * (cycles + 1); // unit.started + one submission per cycle
    const count = async () =>
      (await service.db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind IN ('unit.started', 'task.submitted')", [campaign.id])).rows[0].n as number;
    const rows = await until('the submissions reach the ledger', async () => ((await count()) >= expected ? count() : undefined), 60_000, 250).catch(count);
    const ledgeredAfter = (Date.now() - restoredAt) / 1000;
    // A process killed by the cut (an unhandled 'error' of a pg client) is a failure even if its work is later redone.
    const crashed = [service.worker.child.exitCode !== null || service.worker.child.signalCode !== null ? 'worker' : '', (await call(service.api.url, 'get', '/health', { timeoutMs: 5_000 })).status === 200 ? '' : 'api'].filter(Boolean);
    const failed = await badlyEnded(client);
    const byStatus = new Map<string, number>();
    for (const r of replies) {
      const key = r.hung ? 'hung' : r.status === 0 ? 'refused' : String(r.status);
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    const n503 = byStatus.get('503') ?? 0;
    const n500 = [...byStatus].filter(([k]) => /^5/.test(k) && k !== '503').reduce((s, [, n]) => s + n, 0);
    const hung = byStatus.get('hung') ?? 0;
    const lost = Math.max(0, expected - rows);
    const statuses = [...byStatus].sort().map(([k, n]) => `${k}×${n}`).join(' ');
    return {
      pass: crashed.length === 0 && answered === submitted.length && failed === 0 && lost === 0 && n500 === 0 && hung === 0 && n503 > 0,
      figures: `${cycles}× ${outageMs / 1000} s; submissions answered ${answered}/${submitted.length} (all by ${answeredAfter.toFixed(1)} s after the last restore, in the ledger by ${ledgeredAfter.toFixed(1)} s); processes crashed: ${crashed.join(', ') || 'none'}; failed workflows ${failed}; ledger ${rows}/${expected} (lost ${lost}); API during outages: ${statuses}`,
      notes: n500 || hung ? [`${n500} non-503 5xx and ${hung} hangs while PostgreSQL was down`] : [],
    };
  },
};
