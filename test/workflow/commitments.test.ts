/**
 * Public commitments (公開承諾, 承諾踐諾; issue 13) through a year, on the
 * time-skipping server: one unit with 10 members publishes its commitments
 * (coverage 100 %); one is reminded, reported, reviewed and rated and counts as
 * kept; one goes overdue, climbs the ladder and is still unfulfilled when the
 * demonstration phase ends: listed supervision (掛牌督辦).
 */
import {
  commitmentInputFor,
  commitmentStateQuery,
  commitmentWorkflowId,
  rateCommitmentUpdate,
  reportCommitmentUpdate,
  reviewCommitmentUpdate,
  WORKFLOW_TYPES,
} from '../../contracts';
import { coverageOf } from '../../domain/commitments';
import { parseMembersJson } from '../../domain/members';
import { parsePlan } from '../../domain/plan';
import { eventually, sleepUntil } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'commitments-year';
const UNIT = 'committee-b00001';
const MEMBERS = Array.from({ length: 10 }, (_, i) => `cm-${String(i + 1).padStart(2, '0')}`);
const fixture = useTimeSkippingHarness(1);

test('when a unit and its 10 members publish commitments, then coverage is 100 %, a kept one is fulfilled after report, review and rating, and an overdue one reaches listed supervision at the end of the demonstration phase', async () => {
  const { env, h } = fixture;
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const plan = parsePlan({
    id: 'commitment-plan',
    name: { zh: '承諾踐諾', en: 'commitments' },
    phases: [
      { id: 'mobilization', name: { zh: '動員', en: 'mobilization' }, window: { start: `${year}-03-01`, end: `${year}-03-31` } },
      { id: 'advancement', name: { zh: '推進', en: 'advancement' }, window: { start: `${year}-04-01`, end: `${year}-06-30` } },
      { id: 'demonstration', name: { zh: '示範帶動、整改提高', en: 'demonstration' }, window: { start: `${year}-07-01`, end: `${year}-09-30` } },
    ],
    commitments: { coverageTargetPercent: 100, remindDaysBefore: [7], listUnfulfilledAtEndOf: 'demonstration' },
  });
  await h.storage.members.importMembers(parseMembersJson(MEMBERS.map((id, i) => ({ id, unitId: UNIT, name: `黨員${i + 1}` }))));
  await sleepUntil(env, `${year}-03-05`);

  const publish = async (commitmentId: string, memberId: string | null, dueDate: string) => {
    const input = commitmentInputFor(
      plan,
      { campaignId: CAMPAIGN, unitId: UNIT, commitmentId, memberId, content: `承諾事項 ${commitmentId}`, dueDate, audience: 'masses', channels: ['notice_board', 'meeting'], publishedBy: 'u-1' },
      await env.currentTimeMs(),
    );
    return h.env.client.workflow.start(WORKFLOW_TYPES.commitment, { workflowId: commitmentWorkflowId(CAMPAIGN, UNIT, commitmentId), taskQueue: h.taskQueue, args: [input] });
  };
  await publish('unit-service', null, `${year}-08-31`);
  const kept = await publish('c-cm-01', 'cm-01', `${year}-05-31`);
  const overdue = await publish('c-cm-02', 'cm-02', `${year}-06-15`);
  for (const member of MEMBERS.slice(2)) await publish(`c-${member}`, member, `${year}-09-15`);

  const unitPath = (await h.storage.units.get(UNIT))!.path;
  const coverage = await eventually(async () => {
    const figures = coverageOf(await h.storage.commitments.coverageCounts(CAMPAIGN, unitPath, true), 100);
    return figures.members.withCommitments === 10 ? figures : undefined;
  });
  expect(coverage).toEqual({
    units: { total: 1, withCommitments: 1, percent: 100 },
    members: { total: 10, withCommitments: 10, percent: 100 },
    targetPercent: 100,
    unitsMet: true,
    membersMet: true,
  });

  const ledger = (kinds: string[]) => h.ledger.list({ campaignId: CAMPAIGN, unitId: UNIT, kinds });
  // Reminded 7 days before its date (05-24).
  await sleepUntil(env, `${year}-05-26`);
  const reminded = await eventually(async () => (await ledger(['commitment.reminded'])).filter((r) => r.payload.commitmentId === 'c-cm-01'));
  expect(reminded).toEqual([expect.objectContaining({ payload: expect.objectContaining({ memberId: 'cm-01', daysBefore: 7 }) })]);

  await kept.executeUpdate(reportCommitmentUpdate, { args: [{ actor: 'u-1', evidence: { text: '已為群眾修通道路', links: [] } }] });
  expect((await kept.query(commitmentStateQuery)).fulfilled).toBe(false);
  await kept.executeUpdate(reviewCommitmentUpdate, { args: [{ actor: 'sup-1', rating: 'good', comment: '兌現及時' }] });
  const rated = await kept.executeUpdate(rateCommitmentUpdate, { args: [{ actor: 'sup-1', counts: { satisfied: 30, basically_satisfied: 10, unsatisfied: 5 } }] });
  expect(rated).toMatchObject({ status: 'fulfilled', fulfilled: true, review: { rating: 'good' }, massRating: { counts: { satisfied: 30, basically_satisfied: 10, unsatisfied: 5 } } });
  expect(await kept.result()).toMatchObject({ status: 'fulfilled' });
  const keptRows = (await ledger(['commitment.published', 'commitment.reported', 'commitment.reviewed', 'commitment.rated', 'commitment.fulfilled'])).filter((r) => r.payload.commitmentId === 'c-cm-01');
  expect(keptRows.map((r) => r.kind)).toEqual(['commitment.published', 'commitment.reported', 'commitment.reviewed', 'commitment.rated', 'commitment.fulfilled']);
  expect(keptRows.every((r) => r.payload.memberId === 'cm-01')).toBe(true);
  // Members' names never reach the ledger: workflows carry member ids only.
  const everything = await h.ledger.list({ campaignId: CAMPAIGN, unitId: UNIT });
  expect(everything.length).toBeGreaterThan(11);
  expect(JSON.stringify(everything)).not.toContain('黨員1');

  // Overdue: the ladder climbs after 06-15 while nothing is reported.
  await sleepUntil(env, `${year}-06-25`);
  const rungs = await eventually(async () => {
    const rows = (await ledger(['commitment.rung'])).filter((r) => r.payload.commitmentId === 'c-cm-02');
    return rows.length >= 2 ? rows : undefined;
  });
  expect(rungs.map((r) => r.payload.rung)).toEqual(['reminder', 'warning']);
  expect((await overdue.query(commitmentStateQuery)).light).not.toBe('green');

  // Still unfulfilled when the demonstration phase ends (09-30): listed supervision.
  await sleepUntil(env, `${year}-10-02`);
  const listed = await eventually(async () => (await ledger(['commitment.listed'])).find((r) => r.payload.commitmentId === 'c-cm-02'));
  expect(listed.payload).toMatchObject({ memberId: 'cm-02', rung: 'listed_supervision' });
  expect(new Date(listed.occurredAt).getTime()).toBeGreaterThan(Date.parse(`${year}-09-30T23:59:59.999+08:00`));
  expect(await overdue.query(commitmentStateQuery)).toMatchObject({ listedUnderSupervision: true, fulfilled: false, light: 'red' });
  const row = await eventually(async () => {
    const found = await h.storage.commitments.get(CAMPAIGN, UNIT, 'c-cm-02');
    return found?.listed ? found : undefined;
  });
  expect(row).toMatchObject({ listed: true, fulfilled: false, memberId: 'cm-02' });
  // The kept one is not listed.
  expect((await ledger(['commitment.listed'])).some((r) => r.payload.commitmentId === 'c-cm-01')).toBe(false);
}, 120_000);
