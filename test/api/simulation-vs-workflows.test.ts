/**
 * The plan simulation (方案模擬, POST /plans/simulate) against the real thing:
 * a tiny plan (two units, one phase, two tasks; one unit submits on time and
 * is approved at once, the other never submits) run through the real
 * workflows on the time-skipping test server, and its reminders, rungs by
 * level and notices per role counted in the ledger and the outbox, then
 * compared with what the simulation says for the same input.
 */
import request from 'supertest';
import { addDays } from '../../domain/calendar';
import { RUNGS, type Rung } from '../../domain/labels';
import type { PlanInput } from '../../domain/plan';
import { eventually, sleepUntil } from '../support/campaign-script';
import { localToday, startApiTestEnv, type ApiTestEnv, type Person } from './support';

const CAMPAIGN = 'sim-check';
const ON_TIME = 'committee-b1';
const NEVER = 'committee-b2';
const TODAY = localToday(1);
const day = (offset: number) => addDays(TODAY, offset);

const PLAN: PlanInput = {
  id: 'sim-check-plan',
  name: { zh: '模擬核對', en: 'simulation check' },
  phases: [
    {
      id: 'p1',
      name: { zh: '第一階段', en: 'phase one' },
      window: { start: TODAY, end: day(400) },
      tasks: [
        { id: 'plan-doc', title: { zh: '實施方案', en: 'implementation plan' }, due: { kind: 'date', date: day(20) } },
        { id: 'report', title: { zh: '專題報告', en: 'topical report' }, due: { kind: 'date', date: day(30) } },
      ],
    },
  ],
};

let t: ApiTestEnv;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });
const taskPath = (unitId: string, taskId: string, action: string) => `/campaigns/${CAMPAIGN}/units/${unitId}/tasks/${taskId}/${action}`;

beforeAll(async () => {
  t = await startApiTestEnv({ timeSkipping: true });
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

async function submitOnTimeAndApprove(taskId: string, dueDate: string): Promise<void> {
  // Noon of the deadline day, as the simulation hands work in: every reminder has gone out.
  await sleepUntil(t.env, dueDate);
  const submitted = await api().post(taskPath(ON_TIME, taskId, 'submit')).set(as('u1')).send({ evidence: { text: '已完成', links: [] } });
  expect(submitted.status).toBe(200);
  const approved = await api().post(taskPath(ON_TIME, taskId, 'approve')).set(as('li')).send({});
  expect(approved.status).toBe(200);
}

test('when one unit is on time and one never submits, then the real workflows send the reminders, rungs and notices per role the simulation counts', async () => {
  const simulated = await api()
    .post('/plans/simulate')
    .set(as('office'))
    .send({ plan: PLAN, assumptions: { units: { agency: 2 }, unitsPerSupervisor: 2, startDate: TODAY, behaviour: { onTimePercent: 50, neverPercent: 50 } } });
  expect(simulated.status).toBe(200);
  const expected = simulated.body.totals as { reminders: number; rungs: Record<Rung, number>; notices: Record<'secretary' | 'supervisor' | 'office', number> };

  expect((await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: PLAN })).status).toBe(201);
  await sleepUntil(t.env, TODAY);
  for (const unitId of [ON_TIME, NEVER]) {
    expect((await api().post(`/campaigns/${CAMPAIGN}/starts`).set(as('office')).send({ subtreeRootId: unitId, requestId: `start-${unitId}` })).status).toBe(202);
  }
  // Both units running with both tasks open (read in the ledger: no query to a workflow still starting).
  await eventually(async () => (await t.h.db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind = 'task.opened'", [CAMPAIGN])).rows[0].n === 4, 60_000, { what: 'both units running with their tasks open' });

  await submitOnTimeAndApprove('plan-doc', day(20));
  await submitOnTimeAndApprove('report', day(30));
  // Long enough for the unit that never submits to reach the last rung on both tasks.
  await sleepUntil(t.env, day(200));

  const pool = t.h.db.pool;
  const kinds = await pool.query<{ kind: string; rung: string | null; n: number }>(
    `SELECT kind, payload->>'rung' AS rung, count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind IN ('task.reminded', 'escalation.rung') GROUP BY 1, 2`,
    [CAMPAIGN],
  );
  const reminders = kinds.rows.filter((r) => r.kind === 'task.reminded').reduce((sum, r) => sum + r.n, 0);
  const rungs = Object.fromEntries((Object.keys(RUNGS) as Rung[]).map((rung) => [rung, kinds.rows.find((r) => r.kind === 'escalation.rung' && r.rung === rung)?.n ?? 0]));
  const notices = await pool.query<{ role: string; n: number }>(
    "SELECT recipient_role AS role, count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND kind IN ('reminder', 'rung') GROUP BY 1",
    [CAMPAIGN],
  );
  const byRole = Object.fromEntries(['secretary', 'supervisor', 'office'].map((role) => [role, notices.rows.find((r) => r.role === role)?.n ?? 0]));

  expect({ reminders, rungs, notices: byRole }).toEqual({ reminders: expected.reminders, rungs: expected.rungs, notices: expected.notices });
  // The case is not empty: both tasks reminded twice for both units, and the full ladder twice.
  expect(expected.reminders).toBe(8);
  expect(expected.rungs.accountability).toBe(2);
}, 300_000);
