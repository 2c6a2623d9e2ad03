/**
 * 通報表揚 for a phase done on time (plan `commendation.praiseOnTimePhases`), on the time-skipping
 * server: a unit that ends a phase with every task approved and none ever overdue is praised in the
 * ledger (`praise.circulated`) and by a notice; a unit with one late task is not.
 */
import { parsePlan, type Plan } from '../../domain/plan';
import { defineAndStartCampaign, eventually, sleepUntil, unitHandle } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'praise';
const ON_TIME = 'committee-b00001';
const LATE = 'committee-b00002';
const fixture = useTimeSkippingHarness(2);
let Y: number;
let plan: Plan;

beforeAll(async () => {
  Y = new Date(await fixture.env.currentTimeMs()).getUTCFullYear() + 1;
  const task = (id: string, date: string) => ({ id, title: { zh: `任務${id}`, en: `task ${id}` }, due: { kind: 'date' as const, date: `${Y}-${date}` } });
  plan = parsePlan({
    id: 'praise-plan',
    name: { zh: '通報表揚測試', en: 'praise test' },
    phases: [
      { id: 'mobilization', name: { zh: '廣泛發動', en: 'mobilization' }, window: { start: `${Y}-03-01`, end: `${Y}-03-31` }, tasks: [task('plan', '03-20'), task('meeting', '03-25')] },
      { id: 'advancement', name: { zh: '扎實推進', en: 'advancement' }, window: { start: `${Y}-04-01`, end: `${Y}-04-30` }, tasks: [task('report', '04-20')] },
    ],
    commendation: { praiseOnTimePhases: true },
  });
  await defineAndStartCampaign(fixture.h, CAMPAIGN, plan, { subtreeRootId: 'committee' });
}, 120_000);

test('when one unit does every task of each phase on time and another is late with one, then each is praised at the end of only the phases it did wholly on time, with a notice to its secretary, supervisor and the office', async () => {
  const { env, h } = fixture;
  const onTime = unitHandle(h, CAMPAIGN, ON_TIME);
  const late = unitHandle(h, CAMPAIGN, LATE);
  await sleepUntil(env, `${Y}-03-10`);
  for (const taskId of ['plan', 'meeting']) {
    await onTime.submit(taskId);
    await onTime.approve(taskId);
  }
  await late.submit('plan');
  await late.approve('plan');
  // 'meeting' is overdue for the late unit on 03-26; done afterwards, the phase is still not on time.
  await sleepUntil(env, `${Y}-03-27`);
  await late.submit('meeting');
  await late.approve('meeting');
  await sleepUntil(env, `${Y}-04-05`);
  await onTime.submit('report');
  await onTime.approve('report');
  await late.submit('report');
  await late.approve('report');
  await sleepUntil(env, `${Y}-05-03`);

  const praise = async (unitId: string) => (await h.ledger.list({ campaignId: CAMPAIGN, unitId, limit: 1000 })).filter((e) => e.kind === 'praise.circulated');
  const praised = await eventually(async () => {
    const rows = await praise(ON_TIME);
    return rows.length === 2 ? rows : undefined;
  });
  expect(praised.map((e) => [e.payload.phaseId, e.payload.tasks, e.payload.reason, e.occurredAt.slice(0, 10)])).toEqual([
    ['mobilization', ['plan', 'meeting'], 'phase_on_time', `${Y}-03-31`],
    ['advancement', ['report'], 'phase_on_time', `${Y}-04-30`],
  ]);
  expect(praised[0].payload.label).toEqual({ zh: '通報表揚', en: 'circulated praise' });
  // The late unit did the second phase on time: praised for it, not for the first.
  expect((await praise(LATE)).map((e) => e.payload.phaseId)).toEqual(['advancement']);
  const overdue = (await h.ledger.list({ campaignId: CAMPAIGN, unitId: LATE, limit: 1000 })).filter((e) => e.kind === 'task.overdue');
  expect(overdue.map((e) => e.payload.taskId)).toEqual(['meeting']);

  const notices = await h.db.pool.query<{ recipient_role: string; subject: string }>('SELECT recipient_role, subject FROM outbox WHERE draft_key = $1 ORDER BY key', [`${CAMPAIGN}/${ON_TIME}/praise/phase/mobilization`]);
  expect(notices.rows.map((r) => r.recipient_role).sort()).toEqual(['office', 'secretary', 'supervisor']);
  expect(notices.rows[0].subject).toBe('【通報表揚 (circulated praise)】廣泛發動 (mobilization)');
  expect((await h.ledger.verifyChain(CAMPAIGN)).ok).toBe(true);
}, 180_000);
