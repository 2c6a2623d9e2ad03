/**
 * Restart the Temporal dev server in the middle of a campaign's start. The
 * plan starts 20 days before today with the late-start policy `escalate`, so
 * every unit's ladder fires the moment it starts: each round starts a batch of
 * units and kills the server as soon as the start is accepted, while the fan-out
 * is still starting them (a round whose escalations all landed before the kill
 * proves nothing, so the rounds actually hit are counted). A control round without a restart
 * gives the latency of a quiet start; no escalation may be missed, and none may
 * come later than that latency plus the downtime plus 5 s.
 */
import { localToday, planStartingToday } from '../../api/support';
import type { PlanInput } from '../../../domain/plan';
import { call } from '../http';
import type { Scenario } from '../scenario';
import { startService } from '../service';
import { sleep, until } from '../stack';
import { temporalClient } from '../temporal-client';
import { campaignWorkflowId, unitWorkflowId } from '../../../contracts';
import { historyTimeline } from '../history-timeline';

export const temporalRestart: Scenario = {
  name: 'temporal-restart',
  criterion: '0 missed escalations; lateness ≤ downtime + 5 s',
  budgetMs: (quick) => (quick ? 240_000 : 900_000),
  async run({ quick, scope, log }) {
    const rounds = quick ? 2 : 10;
    const perRound = quick ? 4 : 10;
    const downtimeMs = quick ? 3_000 : 10_000;
    const service = await startService(scope, 'temporal-restart');
    const id = 'restart';
    const roots = Array.from({ length: rounds + 1 }, (_, r) => `${id}-r${r}`);
    const rows = roots.flatMap((root) => [
      { id: root, parentId: null, name: `批次${root}`, type: 'agency', secretary: { name: '書記' }, supervisors: ['sup'] },
      ...Array.from({ length: perRound - 1 }, (_, i) => ({ id: `${root}-u${i + 1}`, parentId: root, name: `支部${i + 1}`, type: 'agency', secretary: { name: '書記' }, supervisors: [] })),
    ]);
    const imported = await call(service.api.url, 'post', '/units/import', { token: service.office, body: rows, timeoutMs: 60_000 });
    if (imported.status !== 201) throw new Error(`import answered ${imported.status}`);
    const plan = { ...planStartingToday(id, localToday(-20)), id, lateStart: { policy: 'escalate' } } as PlanInput;
    const defined = await call(service.api.url, 'post', '/campaigns', { token: service.office, body: { id, plan }, timeoutMs: 60_000 });
    if (defined.status !== 201) throw new Error(`definition answered ${defined.status}: ${JSON.stringify(defined.body)}`);

    const latencies: Array<{ round: number; unit: string; ms: number }> = [];
    const missed: string[] = [];
    const downtimes: number[] = [0];
    const killedAt: number[] = [0];
    const roundStarts: number[] = [];
    for (let round = 0; round <= rounds; round += 1) {
      const root = roots[round];
      const units = rows.filter((r) => r.id === root || r.parentId === root).map((r) => r.id);
      const t0 = Date.now();
      roundStarts.push(t0);
      const started = await call(service.api.url, 'post', `/campaigns/${id}/starts`, { token: service.office, body: { subtreeRootId: root }, timeoutMs: 60_000 });
      if (started.status !== 202) throw new Error(`start answered ${started.status}`);
      if (round > 0) {
        // Killed as soon as the start is accepted (the update has completed, so the request is durable):
        // a quiet round's fan-out takes 0.2 s for the quick run's 4 units, and a kill 0.2 s after the answer
        // came after every quick round (a CI run with 0/2 rounds hit).
        const down = Date.now();
        killedAt.push(down - t0);
        await service.temporal.stop();
        await sleep(downtimeMs);
        await service.temporal.start();
        downtimes.push(Date.now() - down);
        log(`round ${round}: Temporal down ${((Date.now() - down) / 1000).toFixed(1)} s`);
      }
      const firstRungs = async () =>
        (
          await service.db.pool.query(
            "SELECT unit_id, min(recorded_at) AS at FROM ledger WHERE campaign_id = $1 AND kind = 'escalation.rung' AND unit_id = ANY($2) GROUP BY unit_id",
            [id, units],
          )
        ).rows as Array<{ unit_id: string; at: Date }>;
      const found = await until(`round ${round} escalations`, async () => {
        const r = await firstRungs();
        return r.length === units.length ? r : undefined;
      }, 90_000, 500).catch(firstRungs);
      for (const unit of units) {
        const row = found.find((f) => f.unit_id === unit);
        if (!row) missed.push(unit);
        else latencies.push({ round, unit, ms: row.at.getTime() - t0 });
      }
      const slowest = Math.max(0, ...latencies.filter((l) => l.round === round).map((l) => l.ms));
      log(`round ${round}: ${found.length}/${units.length} escalations, slowest ${(slowest / 1000).toFixed(1)} s after the start (down ${(downtimes[round] / 1000).toFixed(1)} s)`);
    }
    const baseline = Math.max(...latencies.filter((l) => l.round === 0).map((l) => l.ms), 0);
    const late = latencies.filter((l) => l.round > 0 && l.ms > baseline + downtimes[l.round] + 5_000);
    const worstExcess = Math.max(...latencies.filter((l) => l.round > 0).map((l) => l.ms - baseline - downtimes[l.round]), 0);
    const units = latencies.length + missed.length;
    // Where the latest escalation's time went: its unit workflow's history, in seconds after its round began.
    const notes: string[] = missed.length ? [`no escalation for ${missed.slice(0, 5).join(', ')}`] : [];
    // The slowest escalation of the restarted rounds, late or not: a pass close to the bound shows its path too.
    const latest = [...latencies.filter((l) => l.round > 0)].sort((a, b) => b.ms - a.ms)[0];
    if (latest) {
      const client = await temporalClient(scope, service.temporal.address);
      const history = await client.workflow.getHandle(unitWorkflowId(id, latest.unit)).fetchHistory();
      notes.push(`latest, ${latest.unit} (round ${latest.round}, killed at +${(killedAt[latest.round] / 1000).toFixed(1)} s, down ${(downtimes[latest.round] / 1000).toFixed(1)} s): ${historyTimeline(history, roundStarts[latest.round], 14)}`);
      const fanOut = await client.workflow.getHandle(campaignWorkflowId(id)).fetchHistory();
      notes.push(`the campaign's fan-out in that round: ${historyTimeline(fanOut, roundStarts[latest.round], 14)}`);
    }
    const roundsHit = new Set(latencies.filter((l) => l.round > 0 && l.ms > killedAt[l.round]).map((l) => l.round)).size;
    return {
      pass: missed.length === 0 && late.length === 0 && roundsHit > 0,
      figures: `${rounds} restarts (down ${(Math.max(...downtimes) / 1000).toFixed(1)} s max), ${units} units; missed escalations ${missed.length}; quiet latency ${(baseline / 1000).toFixed(1)} s; worst lateness beyond downtime ${(worstExcess / 1000).toFixed(1)} s; late beyond +5 s ${late.length}; rounds with escalations still to come at the kill ${roundsHit}/${rounds}`,
      notes,
    };
  },
};
