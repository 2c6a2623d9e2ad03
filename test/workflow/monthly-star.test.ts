/**
 * 每月一星 on its cadence (issue 13), on the time-skipping server: a campaign
 * of three months (January to March) over a root and two branches
 *
 *   committee (root)  ├── committee-b00001 (B1, member b1m1)  └── committee-b00002 (B2)
 *
 * Starting the campaign starts its monthly-star workflow; each month a round
 * opens on the 1st, the units that have entered nothing are reminded on the
 * 22nd at 09:00 (3 days before the close on the 25th), the round closes by
 * its own timer at the end of the 25th and its results are computed. B1's
 * member is starred in January only, so B1 is reminded in February and March
 * but not in January. Time moves only through env.sleep and awaited workflow
 * results, never through real-time polling, so the server can skip.
 */
import { recordHistoriesIfAsked } from '../replay/history-manifest';
import { parseMembersJson } from '../../domain/members';
import { startOfLocalDay } from '../../domain/calendar';
import { parsePlan, type Plan } from '../../domain/plan';
import { MONTHLY_STAR } from '../../domain/templates/scoring';
import {
  campaignWorkflowId,
  enterScoresUpdate,
  monthlyStarWorkflowId,
  scoringRoundQuery,
  scoringRoundWorkflowId,
  startUnitsUpdate,
  WORKFLOW_TYPES,
} from '../../contracts';
import { monthlyStarInputFor } from '../../activities/monthly-star';
import { defineAndStartCampaign, eventually, sleepUntil } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

jest.setTimeout(240_000);

const CAMPAIGN = 'monthly-star';
const ROOT = 'committee';
const B1 = 'committee-b00001';
const B2 = 'committee-b00002';
const fixture = useTimeSkippingHarness(2);
let plan: Plan;
let Y: number;
const roundOf = (month: number) => `monthly-star-${Y}-${String(month).padStart(2, '0')}`;
const ledgerOf = (kinds: string[]) => fixture.h.ledger.list({ campaignId: CAMPAIGN, kinds, limit: 1000 });
const reminderOutbox = async () =>
  (
    await fixture.h.db.pool.query<{ draft_key: string; unit_id: string; recipient_role: string; subject: string }>(
      `SELECT draft_key, unit_id, recipient_role, subject FROM outbox WHERE campaign_id = $1 AND draft_key LIKE '%/reminded' ORDER BY unit_id COLLATE "C", draft_key COLLATE "C"`,
      [CAMPAIGN],
    )
  ).rows;

beforeAll(async () => {
  const { env, h } = fixture;
  Y = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  plan = parsePlan({
    id: 'monthly-star-plan',
    name: { zh: '每月一星', en: 'star of the month' },
    phases: [{ id: 'q1', name: { zh: '第一季度', en: 'first quarter' }, window: { start: `${Y}-01-01`, end: `${Y}-03-31` } }],
    scoring: { schemes: [MONTHLY_STAR], monthlyStar: { schemeId: 'monthly-star', closesOnDay: 25 } },
  });
  expect(plan.scoring!.monthlyStar).toEqual({ schemeId: 'monthly-star', closesOnDay: 25, remindDaysBefore: 3 });
  await h.storage.members.importMembers(parseMembersJson([{ id: 'b1m1', unitId: B1, name: '黨員甲' }]));
  await defineAndStartCampaign(h, CAMPAIGN, plan, { subtreeRootId: ROOT });
}, 180_000);

test('when a campaign with 每月一星 runs three months, then a round opens on each 1st, the units yet to enter are reminded 3 days before each close, and each round closes by itself with its results', async () => {
  const { env, h } = fixture;
  const cadence = env.client.workflow.getHandle(monthlyStarWorkflowId(CAMPAIGN));
  const firstRun = (await cadence.describe()).runId;

  // Starting again — a second start request, and a direct start of the same workflow — opens nothing new.
  const campaign = env.client.workflow.getHandle(campaignWorkflowId(CAMPAIGN));
  await campaign.executeUpdate(startUnitsUpdate, { args: [{ requestId: 'start-2', target: { unitIds: [B2] }, actor: 'office' }] });
  const again = await env.client.workflow.start(WORKFLOW_TYPES.monthlyStar, {
    workflowId: monthlyStarWorkflowId(CAMPAIGN),
    taskQueue: h.taskQueue,
    args: [monthlyStarInputFor(CAMPAIGN, plan, ROOT)!],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  expect(again.firstExecutionRunId).toBe(firstRun);

  // January: open on the 1st; B1's member is starred; B1 is not reminded on the 22nd, the root and B2 are.
  await sleepUntil(env, `${Y}-01-02`);
  const january = env.client.workflow.getHandle(scoringRoundWorkflowId(CAMPAIGN, roundOf(1)));
  expect(await january.query(scoringRoundQuery)).toMatchObject({ status: 'open', schemeId: 'monthly-star', closesAt: new Date(startOfLocalDay(`${Y}-01-26`) - 1).toISOString() });
  await january.executeUpdate(enterScoresUpdate, { args: [{ actor: 'sup-1', entries: [{ subjectType: 'member', unitId: B1, memberId: 'b1m1', itemId: 'star', value: 1 }] }] });
  await sleepUntil(env, `${Y}-01-21`);
  expect(await ledgerOf(['scoring.round_reminded'])).toHaveLength(0);
  await sleepUntil(env, `${Y}-01-23`);
  const januaryReminders = await ledgerOf(['scoring.round_reminded']);
  // At 09:00 local (01:00Z) on the 22nd, to the minute: the timer fires a few milliseconds after.
  expect(januaryReminders.map((e) => [e.unitId, e.payload.roundId, e.occurredAt.slice(0, 16)])).toEqual([
    [ROOT, roundOf(1), new Date(startOfLocalDay(`${Y}-01-22`) + 9 * 3600_000).toISOString().slice(0, 16)],
    [B2, roundOf(1), new Date(startOfLocalDay(`${Y}-01-22`) + 9 * 3600_000).toISOString().slice(0, 16)],
  ]);
  expect((await reminderOutbox()).map((r) => [r.unit_id, r.recipient_role])).toEqual([
    [ROOT, 'secretary'],
    [B2, 'secretary'],
  ]);
  expect((await reminderOutbox())[0].subject).toContain('每月一星 (star of the month)');

  // The close on the 25th is the round's own timer.
  await sleepUntil(env, `${Y}-01-26`);
  await eventually(async () => (await h.storage.scoring.getRound(CAMPAIGN, roundOf(1)))?.status === 'closed', 30_000, { what: 'January closed' });
  expect(await h.storage.scoring.listResults(CAMPAIGN, roundOf(1), '/committee/')).toMatchObject([{ unitId: B1, memberId: 'b1m1', total: 100, max: 100 }]);

  // February and March: nobody enters anything; all three units are reminded each month.
  await sleepUntil(env, `${Y}-02-02`);
  expect((await h.storage.scoring.getRound(CAMPAIGN, roundOf(2)))?.status).toBe('open');
  await sleepUntil(env, `${Y}-02-23`);
  expect((await ledgerOf(['scoring.round_reminded'])).filter((e) => e.payload.roundId === roundOf(2)).map((e) => e.unitId)).toEqual([ROOT, B1, B2]);
  await sleepUntil(env, `${Y}-03-02`);
  expect((await h.storage.scoring.getRound(CAMPAIGN, roundOf(3)))?.status).toBe('open');

  // The cadence ends with the campaign: awaiting it lets the server skip through March's reminder and close.
  expect(await cadence.result()).toEqual({ lastMonth: `${Y}-03` });
  await eventually(async () => (await h.storage.scoring.getRound(CAMPAIGN, roundOf(3)))?.status === 'closed', 30_000, { what: 'March closed' });

  const rounds = (await h.storage.scoring.listRounds(CAMPAIGN)).map((r) => [r.roundId, r.status, r.schemeId]);
  expect(rounds).toEqual([1, 2, 3].map((m) => [roundOf(m), 'closed', 'monthly-star']));
  expect((await ledgerOf(['scoring.round_opened'])).map((e) => e.payload.roundId)).toEqual([roundOf(1), roundOf(2), roundOf(3)]);
  const reminders = await ledgerOf(['scoring.round_reminded']);
  expect(reminders).toHaveLength(2 + 3 + 3);
  expect(await reminderOutbox()).toHaveLength(2 + 3 + 3);
  expect((await ledgerOf(['scoring.round_closed'])).map((e) => [e.payload.roundId, e.payload.scored, e.payload.unscoredUnits])).toEqual([
    [roundOf(1), 1, 2],
    [roundOf(2), 0, 3],
    [roundOf(3), 0, 3],
  ]);
  expect((await h.ledger.verifyChain(CAMPAIGN)).ok).toBe(true);
  await recordHistoriesIfAsked(env.client, [
    ['monthly-star', monthlyStarWorkflowId(CAMPAIGN)],
    ['scoring-round-monthly-star', scoringRoundWorkflowId(CAMPAIGN, roundOf(1))],
  ]);
});

test('when the cadence runs fourteen months, then it starts a new run after twelve and goes on where it was: fourteen rounds, each once', async () => {
  const { env, h } = fixture;
  const id = 'monthly-star-long';
  const long = parsePlan({
    id: 'monthly-star-long-plan',
    name: { zh: '每月一星', en: 'star of the month' },
    phases: [{ id: 'long', name: { zh: '全程', en: 'the whole' }, window: { start: `${Y + 1}-01-01`, end: `${Y + 2}-02-28` } }],
    scoring: { schemes: [MONTHLY_STAR], monthlyStar: { schemeId: 'monthly-star', closesOnDay: 20, remindDaysBefore: 1 } },
  });
  await defineAndStartCampaign(h, id, long, { subtreeRootId: ROOT });
  const cadence = env.client.workflow.getHandle(monthlyStarWorkflowId(id));
  const first = (await cadence.describe()).runId;
  expect(await cadence.result()).toEqual({ lastMonth: `${Y + 2}-02` });
  expect((await cadence.describe()).runId).not.toBe(first);
  const opened = (await h.ledger.list({ campaignId: id, kinds: ['scoring.round_opened'], limit: 100 })).map((e) => e.payload.roundId);
  const expected = Array.from({ length: 14 }, (_, i) => `monthly-star-${Y + 1 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  expect(opened).toEqual(expected);
  // Three units reminded each month, once.
  expect(await h.ledger.list({ campaignId: id, kinds: ['scoring.round_reminded'], limit: 100 })).toHaveLength(14 * 3);
  await recordHistoriesIfAsked(env.client, [['monthly-star-continued', monthlyStarWorkflowId(id)]]);
});
