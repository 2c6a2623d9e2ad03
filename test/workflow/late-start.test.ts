/**
 * The late-start policy (遲啟動): a unit started after a task's deadline has
 * passed. By default (grace) the deadline moves to the start plus ten working
 * days and nothing is chased for the time before; `waive` drops the deadline;
 * `escalate` keeps today's behaviour on purpose, with the catch-up notices
 * folded into one digest per recipient role. On the time-skipping server.
 */
import { addDays, localDateOf } from '../../domain/calendar';
import { parsePlan, type Plan } from '../../domain/plan';
import { defineAndStartCampaign, eventually, sleepUntil, unitHandle } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const fixture = useTimeSkippingHarness(1);
const UNIT = 'committee-b00001';
let today: string;
/** The task's deadline: 40 days before the units start. */
let passedDue: string;

function latePlan(id: string, lateStart: Record<string, unknown>): Plan {
  return parsePlan({
    id,
    name: { zh: '遲啟動測試', en: 'late start test' },
    phases: [
      {
        id: 'advancement',
        name: { zh: '全面爭創', en: 'advancement' },
        window: { start: addDays(today, -60), end: addDays(today, 200) },
        tasks: [{ id: 'work-plan', title: { zh: '工作方案', en: 'work plan' }, due: { kind: 'date', date: passedDue } }],
      },
    ],
    lateStart,
  });
}

async function ledgerOf(campaignId: string) {
  return fixture.h.ledger.list({ campaignId, unitId: UNIT, limit: 1000 });
}

async function outboxOf(campaignId: string): Promise<Array<{ kind: string; recipient_role: string; draft_key: string }>> {
  const { rows } = await fixture.h.db.pool.query('SELECT kind, recipient_role, draft_key FROM outbox WHERE campaign_id = $1 AND unit_id = $2 ORDER BY key', [campaignId, UNIT]);
  return rows;
}

beforeAll(async () => {
  await fixture.h.db.pool.query("INSERT INTO users (id, name, role, email) VALUES ('office', '活動辦', 'admin', 'office@example.test')");
  today = localDateOf(await fixture.env.currentTimeMs());
  passedDue = addDays(today, -40);
  await defineAndStartCampaign(fixture.h, 'late-grace', latePlan('late-grace', {}), { unitIds: [UNIT] });
  await defineAndStartCampaign(fixture.h, 'late-waive', latePlan('late-waive', { policy: 'waive' }), { unitIds: [UNIT] });
  await defineAndStartCampaign(fixture.h, 'late-escalate', latePlan('late-escalate', { policy: 'escalate' }), { unitIds: [UNIT] });
  for (const id of ['late-grace', 'late-waive', 'late-escalate']) {
    await eventually(async () => (await unitHandle(fixture.h, id, UNIT).state()).tasks.some((t) => t.status === 'open'));
  }
}, 120_000);

describe('late start, default policy grace (寬限)', () => {
  test('when a unit starts after the deadline, then the deadline is the start plus ten working days, recorded once, and no rung fires', async () => {
    // These campaigns carry no holiday calendar: ten working days are ten weekdays, walked here by hand.
    let graceDue = today;
    for (let counted = 0; counted < 10; ) {
      graceDue = addDays(graceDue, 1);
      const weekday = new Date(`${graceDue}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) counted += 1;
    }
    const state = await unitHandle(fixture.h, 'late-grace', UNIT).state();
    expect(state.tasks.find((t) => t.taskId === 'work-plan')?.dueDate).toBe(graceDue);
    const rows = await ledgerOf('late-grace');
    const late = rows.filter((r) => r.kind === 'unit.late_start');
    expect(late).toHaveLength(1);
    expect(late[0].payload).toMatchObject({ policy: 'grace', tasks: [{ taskId: 'work-plan', passedDueDate: passedDue, graceDueDate: graceDue }] });
    expect(rows.filter((r) => r.kind === 'escalation.rung')).toHaveLength(0);
  });

});

describe('late start, policy waive (免除)', () => {
  test('when the deadline had passed, then the task has no deadline and nothing is chased', async () => {
    const state = await unitHandle(fixture.h, 'late-waive', UNIT).state();
    expect(state.tasks.find((t) => t.taskId === 'work-plan')?.dueDate ?? null).toBeNull();
    const rows = await ledgerOf('late-waive');
    expect(rows.filter((r) => r.kind === 'unit.late_start')[0]?.payload).toMatchObject({ policy: 'waive', tasks: [{ taskId: 'work-plan', passedDueDate: passedDue }] });
    expect(rows.filter((r) => r.kind === 'escalation.rung' || r.kind === 'task.overdue')).toHaveLength(0);
  });
});

describe('late start, policy escalate (照常督辦)', () => {
  test('when the deadline had passed, then every rung owed so far is recorded at once, but each role is told once, in a digest', async () => {
    const rows = await eventually(async () => {
      const found = (await ledgerOf('late-escalate')).filter((r) => r.kind === 'escalation.rung');
      return found.length === 4 && found;
    });
    // 40 days late: reminder (+1), warning (+7), listed supervision (+14), circulated criticism (+30).
    expect(rows.map((r) => r.payload.rung)).toEqual(['reminder', 'warning', 'listed_supervision', 'circulated_criticism']);
    const outbox = await eventually(async () => {
      const found = await outboxOf('late-escalate');
      return found.some((row) => row.recipient_role === 'office') && found;
    });
    expect(outbox.every((row) => row.kind === 'digest')).toBe(true);
    // One digest per role the rungs notify (secretary, supervisor, office), each to its recipients.
    const draftsByRole = new Map(outbox.map((row) => [row.recipient_role, row.draft_key]));
    expect([...draftsByRole.keys()].sort()).toEqual(['office', 'secretary', 'supervisor']);
    expect(new Set(outbox.map((row) => row.draft_key)).size).toBe(3);
  });
});

describe('late start, grace, later on', () => {
  test('when the grace date passes too, then the ladder climbs from the grace date, not from the passed one', async () => {
    const state = await unitHandle(fixture.h, 'late-grace', UNIT).state();
    const graceDue = state.tasks.find((t) => t.taskId === 'work-plan')!.dueDate!;
    await sleepUntil(fixture.env, addDays(graceDue, 8));
    const rungs = await eventually(async () => {
      const found = (await ledgerOf('late-grace')).filter((r) => r.kind === 'escalation.rung');
      return found.length >= 2 && found;
    }, 180_000);
    expect(rungs.map((r) => r.payload.rung)).toEqual(['reminder', 'warning']);
    expect(rungs.every((r) => r.payload.dueDate === graceDue)).toBe(true);
  }, 300_000);
});
