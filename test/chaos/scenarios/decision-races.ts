/**
 * Approve and reject sent at the same moment for every submission: exactly one
 * decision may win, the other must be refused (409), and the ledger must hold
 * exactly one decision per submission.
 */
import { pool } from '../http';
import { call } from '../http';
import type { Scenario } from '../scenario';
import { TASKS, persistently, startCampaign } from '../service';
import { until } from '../stack';

export const decisionRaces: Scenario = {
  name: 'decision-races',
  criterion: 'exactly one decision per submission',
  budgetMs: (quick) => (quick ? 240_000 : 900_000),
  async run({ quick, shared, log }) {
    const service = await shared();
    const campaign = await startCampaign(service, 'races', quick ? 19 : 199); // 20 or 200 units × 5 tasks
    const submissions = campaign.units.flatMap((unit) => TASKS.map((task) => ({ unit, task })));
    const path = (s: { unit: string; task: string }) => `/campaigns/${campaign.id}/units/${s.unit}/tasks/${s.task}`;
    const refused: string[] = [];
    await pool(submissions, 20, async (s) => {
      const { reply } = await persistently(service, 'post', `${path(s)}/submit`, { evidence: { text: '材料', links: [] } });
      if (reply.status !== 200) refused.push(`${s.unit}/${s.task} submit ${reply.status}`);
    });
    log(`${submissions.length} submissions made; racing approve against reject`);
    const started = Date.now();
    const calls = submissions.flatMap((s) => [
      { s, verb: 'approve', body: {} },
      { s, verb: 'reject', body: { reason: '材料不全' } },
    ]);
    const answers = await pool(calls, 200, (c) => call(service.api.url, 'post', `${path(c.s)}/${c.verb}`, { token: service.office, body: c.body, timeoutMs: 60_000 }));
    const raceSeconds = (Date.now() - started) / 1000;
    let wonTwice = 0;
    let wonNone = 0;
    let odd = 0;
    for (let i = 0; i < submissions.length; i += 1) {
      const [a, r] = [answers[2 * i], answers[2 * i + 1]];
      const wins = [a, r].filter((x) => x.status === 200).length;
      if (wins === 2) wonTwice += 1;
      if (wins === 0) wonNone += 1;
      if ([a, r].some((x) => x.status !== 200 && x.status !== 409)) odd += 1;
    }
    const decisions = async () =>
      (
        await service.db.pool.query(
          "SELECT unit_id, payload->>'taskId' AS task, count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind IN ('task.approved', 'task.rejected') GROUP BY 1, 2",
          [campaign.id],
        )
      ).rows as Array<{ unit_id: string; task: string; n: number }>;
    const rows = await until('one ledger decision per submission', async () => {
      const d = await decisions();
      return d.length >= submissions.length ? d : undefined;
    }, 60_000, 1_000).catch(decisions);
    const ledgerTwice = rows.filter((r) => r.n > 1).length;
    const ledgerNone = submissions.length - rows.length;
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    return {
      pass: refused.length === 0 && wonTwice === 0 && wonNone === 0 && odd === 0 && ledgerTwice === 0 && ledgerNone === 0,
      figures: `${submissions.length} races (${calls.length} calls in ${raceSeconds.toFixed(1)} s): answers ${[...statuses].map(([k, n]) => `${k}×${n}`).join(' ')}; two winners ${wonTwice}, no winner ${wonNone}; ledger: 2+ decisions ${ledgerTwice}, none ${ledgerNone}`,
      notes: refused.length ? [`submissions refused: ${refused.slice(0, 5).join('; ')}`] : [],
    };
  },
};
