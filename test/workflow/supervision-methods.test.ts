/**
 * Supervision as the seeds practise it (督促檢查), through one advancement
 * phase: a scheduled touring inspection (巡迴檢查) that is recorded, a
 * scheduled forum (座談會) that is missed and chased up the review ladder, a
 * leader's contact point (聯繫點) visited one month and missed the next, and a
 * unit criticised for poor effort (不重視、不得力) whose rectification climbs to
 * circulated criticism (通報批評).
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { parsePlan, type Plan } from '../../domain/plan';
import {
  criticiseUnitUpdate,
  designateContactPointsUpdate,
  recordSupervisionUpdate,
  rectificationStateQuery,
  rectificationWorkflowId,
  supervisionScheduleQuery,
} from '../../contracts';
import { defineAndStartCampaign, eventually, sleepUntil } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'supervise';
const [B1, B2] = ['committee-b00001', 'committee-b00002'];
const fixture = useTimeSkippingHarness(2);
let plan: Plan;
let year: number;

const campaign = () => fixture.h.env.client.workflow.getHandle(`campaign:${CAMPAIGN}`);
const ledgerOf = async (kinds: string[]) => fixture.h.ledger.list({ campaignId: CAMPAIGN, kinds, limit: 1000 });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
  return { type: cause.type, message: cause.message };
};

beforeAll(async () => {
  const { env, h } = fixture;
  year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  plan = parsePlan({
    id: 'supervise-plan',
    name: { zh: '全面爭創、扎實推進', en: 'advancement' },
    phases: [
      { id: 'advancement', name: { zh: '全面爭創', en: 'advancement' }, window: { start: `${year}-03-01`, end: `${year}-06-30` } },
      { id: 'summary', name: { zh: '系統總結', en: 'summary' }, window: { start: `${year}-07-01`, end: `${year}-12-31` } },
    ],
    supervisionSchedule: [
      { id: 'touring', kind: 'touring_inspection', phase: 'advancement', every: 'once', target: { kind: 'subtrees', unitIds: ['committee'] }, graceDays: 5 },
      { id: 'forum', kind: 'forum', phase: 'advancement', every: 'monthly', target: { kind: 'subtrees', unitIds: ['committee'] }, graceDays: 3 },
    ],
    contactPoints: { every: 'monthly', phases: ['advancement'], graceDays: 3 },
    rectification: { defaultDays: 30 },
  });
  await defineAndStartCampaign(h, CAMPAIGN, plan, { subtreeRootId: 'committee' });
  await sleepUntil(env, `${year}-03-02`);
}, 120_000);

test('when a scheduled touring inspection is recorded in its phase, then it is carried out by that event and never chased', async () => {
  const recorded = await campaign().executeUpdate(recordSupervisionUpdate, {
    args: [{ eventId: 'touring-1', kind: 'touring_inspection', actor: 'sup-1', unitIds: [B1, B2], findings: '巡迴檢查：台帳齊全' }],
  });
  expect(recorded.scheduledId).toBe(`method/touring/advancement/${year}-03-01`);
  const schedule = await campaign().query(supervisionScheduleQuery);
  expect(schedule.obligations.find((o) => o.entryId === 'touring')).toMatchObject({ recordedEventId: 'touring-1', rung: null, dueDate: `${year}-07-05` });
  expect((await ledgerOf(['supervision.carried_out'])).map((e) => e.payload.obligationId)).toEqual([`method/touring/advancement/${year}-03-01`]);
});

test('when a leader designates a contact point and visits it, then a visit to a unit that is not a contact point is refused (409) saying to designate it first', async () => {
  const designated = await campaign().executeUpdate(designateContactPointsUpdate, { args: [{ leaderId: 'sup-1', unitIds: [B1], actor: 'sup-1' }] });
  expect(designated.added).toEqual([B1]);
  expect((await ledgerOf(['contact_point.designated'])).map((e) => [e.unitId, e.payload.leaderId])).toEqual([[B1, 'sup-1']]);

  const notAPoint = await refusal(
    campaign().executeUpdate(recordSupervisionUpdate, { args: [{ eventId: 'visit-b2', kind: 'contact_point_visit', actor: 'sup-1', unitIds: [B2], findings: '走訪' }] }),
  );
  expect(notAPoint.type).toBe('InvalidTransition');
  expect(notAPoint.message).toContain('contact-points');

  await campaign().executeUpdate(recordSupervisionUpdate, { args: [{ eventId: 'visit-march', kind: 'contact_point_visit', actor: 'sup-1', unitIds: [B1], findings: '指導工作' }] });
  expect((await ledgerOf(['contact_point.visited'])).map((e) => e.payload.obligationId)).toEqual([`visit/sup-1/${B1}/advancement/${year}-03-01`]);
});

test('when a supervisor criticises a unit without a reason, then it is refused; with grounds and evidence it is a ledger event and its rectification (限期整改) is opened', async () => {
  const noReason = await refusal(
    campaign().executeUpdate(criticiseUnitUpdate, { args: [{ criticismId: 'c0', unitId: B2, grounds: ['not_serious'], reason: '  ', evidence: { text: '', links: [] }, actor: 'sup-1' }] }),
  );
  expect(noReason.type).toBe('InvalidInput');

  const criticism = await campaign().executeUpdate(criticiseUnitUpdate, {
    args: [{ criticismId: 'c1', unitId: B2, grounds: ['not_serious', 'not_effective'], reason: '三個月未開展活動', evidence: { text: '會議記錄缺失', links: [] }, dueDate: `${year}-03-20`, actor: 'sup-1' }],
  });
  expect(criticism.rectification).toMatchObject({ itemId: 'criticism-c1', source: 'poor_effort', dueDate: `${year}-03-20`, status: 'open' });
  const [entry] = await ledgerOf(['criticism.poor_effort']);
  expect(entry).toMatchObject({ unitId: B2, actor: 'sup-1', payload: { grounds: ['not_serious', 'not_effective'], reason: '三個月未開展活動', evidence: { text: '會議記錄缺失', links: [] } } });
});

test('when the March forum is not recorded, then it is chased up the review ladder; the criticised unit, not rectified, reaches circulated criticism (通報批評)', async () => {
  const { env, h } = fixture;
  await sleepUntil(env, `${year}-04-08`);
  const forumId = `method/forum/advancement/${year}-03-01`;
  const missed = await eventually(async () => {
    const rows = (await ledgerOf(['supervision.missed'])).filter((e) => e.payload.obligationId === forumId);
    return rows.length ? rows : undefined;
  });
  // Due 04-03 (March plus 3 days); the review ladder's reminder comes the day after, the warning a week after.
  expect(missed.map((e) => e.payload.rung)).toEqual(['reminder']);
  expect((await ledgerOf(['supervision.missed'])).some((e) => String(e.payload.obligationId).startsWith('method/touring'))).toBe(false);
  const forum = (await campaign().query(supervisionScheduleQuery)).obligations.find((o) => o.id === forumId);
  expect(forum).toMatchObject({ recordedEventId: null, rung: 'reminder', unitIds: ['committee'] });
  const outbox = await h.db.pool.query<{ subject: string }>("SELECT subject FROM outbox WHERE campaign_id = $1 AND kind = 'supervision' ORDER BY subject", [CAMPAIGN]);
  expect(outbox.rows.some((r) => r.subject.includes('座談會'))).toBe(true);

  // Criticism: due 03-20, the plan's rectification ladder reaches 通報批評 15 days after it.
  const item = h.env.client.workflow.getHandle(rectificationWorkflowId(CAMPAIGN, B2, 'criticism-c1'));
  const state = await eventually(async () => {
    const s = await item.query(rectificationStateQuery);
    return s.rung === 'circulated_criticism' ? s : undefined;
  });
  expect(state.status).toBe('open');

  await sleepUntil(env, `${year}-04-12`);
  await eventually(async () => ((await ledgerOf(['supervision.missed'])).filter((e) => e.payload.obligationId === forumId).length === 2 ? true : undefined));
}, 120_000);

test('when the contact point is visited in March but not in April, then only the April visit is chased', async () => {
  const { env } = fixture;
  await sleepUntil(env, `${year}-05-06`);
  const missed = await eventually(async () => {
    const rows = await ledgerOf(['contact_point.visit_missed']);
    return rows.length ? rows : undefined;
  });
  expect(missed.map((e) => [e.unitId, e.payload.obligationId, e.payload.rung])).toEqual([[B1, `visit/sup-1/${B1}/advancement/${year}-04-01`, 'reminder']]);
  const visits = (await campaign().query(supervisionScheduleQuery)).obligations.filter((o) => o.leaderId === 'sup-1');
  expect(visits.map((o) => [o.start, o.recordedEventId, o.rung])).toEqual([
    [`${year}-03-01`, 'visit-march', null],
    [`${year}-04-01`, null, 'reminder'],
    [`${year}-05-01`, null, null],
  ]);
}, 120_000);
