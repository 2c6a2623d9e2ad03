/**
 * Scoring rounds (量化考評) on the time-skipping server, one branch with 10
 * members through a year:
 *
 *   committee (root)  └── committee-b00001 (B, members bm01–bm10)
 *
 * Round s1 (五個好, version 1) opens in February and closes by its timer on
 * March 1; the scheme changes (version 2) while s1 is open, and round s2
 * scores with version 2; s1 keeps version 1. A 十星 round scores the ten
 * members. The grade proposed from the score is confirmed for B and
 * overridden, with a reason, for the root. Figures are worked out by hand.
 */
import { recordHistoriesIfAsked } from '../replay/history-manifest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { parseMembersJson } from '../../domain/members';
import { parsePlan, type Plan } from '../../domain/plan';
import { scoringSchemeSchema, type ScoringScheme } from '../../domain/plan-scoring';
import { FIVE_GOODS, TEN_STARS } from '../../domain/templates/scoring';
import {
  classifyUnitUpdate,
  closeScoringRoundUpdate,
  enterScoresUpdate,
  scoringRoundInputFor,
  scoringRoundQuery,
  scoringRoundWorkflowId,
  unitWorkflowId,
  type ScoreEntryInput,
  type ScoringRoundView,
} from '../../contracts';
import { defineAndStartCampaign, eventually, sleepUntil } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'scoring';
const B = 'committee-b00001';
const ROOT = 'committee';
const fixture = useTimeSkippingHarness(1);
let plan: Plan;
let Y: number;
const v1 = scoringSchemeSchema.parse(FIVE_GOODS);
// Version 2: leadership weighs 30 (of 30 points) and members 10 (of 10).
const v2: ScoringScheme = {
  ...v1,
  version: 2,
  items: v1.items.map((i) => (i.id === 'leadership' ? { ...i, weight: 30, maximum: 30 } : i.id === 'members' ? { ...i, weight: 10, maximum: 10 } : i)),
};
const stars = scoringSchemeSchema.parse(TEN_STARS);

const round = (roundId: string) => fixture.h.env.client.workflow.getHandle(scoringRoundWorkflowId(CAMPAIGN, roundId));
const start = (roundId: string, scheme: ScoringScheme, closesOn: string) =>
  fixture.h.env.client.workflow.start('scoringRoundWorkflow', {
    workflowId: scoringRoundWorkflowId(CAMPAIGN, roundId),
    taskQueue: fixture.h.taskQueue,
    args: [scoringRoundInputFor(plan, scheme, { campaignId: CAMPAIGN, roundId, year: Y, subtreeRootId: ROOT, closesOn, openedBy: 'office' })],
  });
const unitScores = (unitId: string, values: Record<string, ScoreEntryInput['value']>): ScoreEntryInput[] =>
  Object.entries(values).map(([itemId, value]) => ({ subjectType: 'unit', unitId, itemId, value }));
const enter = (roundId: string, entries: ScoreEntryInput[]) => round(roundId).executeUpdate(enterScoresUpdate, { args: [{ actor: 'sup-1', entries }] });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
};
const ledgerOf = (kinds: string[]) => fixture.h.ledger.list({ campaignId: CAMPAIGN, kinds, limit: 1000 });

beforeAll(async () => {
  const { env, h } = fixture;
  Y = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  plan = parsePlan({
    id: 'scoring-plan',
    name: { zh: '考核評議', en: 'assessment' },
    phases: [{ id: 'year', name: { zh: '年度', en: 'the year' }, window: { start: `${Y}-01-10`, end: `${Y}-12-31` } }],
    scoring: { schemes: [FIVE_GOODS, TEN_STARS], gradingSchemeId: 'five-goods', gradeThresholds: { advancedFromPercent: 85, averageFromPercent: 60 } },
    classificationTargets: { advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 },
  });
  await defineAndStartCampaign(h, CAMPAIGN, plan, { subtreeRootId: ROOT });
  await h.storage.members.importMembers(parseMembersJson(Array.from({ length: 10 }, (_, i) => ({ id: `bm${String(i + 1).padStart(2, '0')}`, unitId: B, name: `黨員${i + 1}` }))));
}, 180_000);

test('when a round is scored and the scheme changes while it is open, then the round closes on its timer with its own version, and the next round scores with the new one', async () => {
  const { h } = fixture;
  await sleepUntil(fixture.env, `${Y}-02-01`);
  const s1 = await start('s1', v1, `${Y}-03-01`);
  // B: 18 + 17 + 20 + 16 + 20 × (8×1 + 2×0.6)/10 = 71 + 18.4 = 89.4 → ≥ 85 → 先進.
  await enter('s1', unitScores(B, { leadership: 18, members: 17, mechanisms: 20, results: 16, reputation: { satisfied: 8, basically_satisfied: 2, unsatisfied: 0 } }));
  // Root: 20 + 20 + 15 + 10 + 20 × (5 + 3×0.6)/10 = 65 + 13.6 = 78.6 → ≥ 60 → 一般.
  await enter('s1', unitScores(ROOT, { leadership: 20, members: 20, mechanisms: 15, results: 10, reputation: { satisfied: 5, basically_satisfied: 3, unsatisfied: 2 } }));

  const tooHigh = await refusal(enter('s1', unitScores(B, { leadership: 25 })));
  expect(tooHigh).toEqual({ type: 'InvalidInput', message: 'entries[0]: item "leadership" is scored from 0 to 20; 25 is out of range' });
  const negative = await refusal(enter('s1', unitScores(B, { reputation: { satisfied: -1, basically_satisfied: 0, unsatisfied: 0 } })));
  expect(negative.message).toContain('not negative');

  // The scheme changes while s1 is open: s2 opens with version 2; s1 keeps version 1.
  const s2 = await start('s2', v2, `${Y}-06-30`);
  // Under version 2 a leadership score of 25 fits (of 30) — but not in s1.
  expect((await refusal(enter('s1', unitScores(B, { leadership: 25 })))).type).toBe('InvalidInput');
  // B in s2: 27 + 9 + 18 + 18 + 20 × 10/10 = 92 → 先進.
  await enter('s2', unitScores(B, { leadership: 27, members: 9, mechanisms: 18, results: 18, reputation: { satisfied: 10, basically_satisfied: 0, unsatisfied: 0 } }));

  await sleepUntil(fixture.env, `${Y}-03-02`);
  // Polled, not awaited: awaiting a result lets the test server skip on to the next timer (s2's close).
  await eventually(async () => (await h.storage.scoring.getRound(CAMPAIGN, 's1'))?.status === 'closed');
  const closed: ScoringRoundView = await s1.query(scoringRoundQuery);
  // The refused batches were refused by the validator, before the handler: only the 2 accepted ones count (5 + 5 entries).
  expect(closed).toMatchObject({ status: 'closed', schemeVersion: 1, batches: 2, entries: 10, scored: 2 });

  const view = await s2.query(scoringRoundQuery);
  expect(view).toMatchObject({ status: 'open', schemeVersion: 2, entries: 5 });
  const s2closed = await s2.executeUpdate(closeScoringRoundUpdate, { args: [{ actor: 'office' }] });
  expect(s2closed).toMatchObject({ status: 'closed', scored: 1 });

  const computed = await ledgerOf(['score.computed']);
  const figures = computed.map((e) => [e.payload.roundId, e.unitId, e.payload.schemeVersion, e.payload.total, e.payload.max, e.payload.grade]);
  expect(figures).toEqual([
    ['s1', B, 1, 89.4, 100, 'advanced'],
    ['s1', ROOT, 1, 78.6, 100, 'average'],
    ['s2', B, 2, 92, 100, 'advanced'],
  ]);
  // Every figure names the entries it comes from.
  const entered = await ledgerOf(['score.entered']);
  const b1 = computed[0].payload.items as Array<{ itemId: string; points: number; entryKey: string }>;
  expect(b1.find((i) => i.itemId === 'reputation')!.points).toBe(18.4);
  for (const item of b1) expect(entered.map((e) => e.key)).toContain(item.entryKey);
  const proposed = await ledgerOf(['grade.proposed']);
  expect(proposed.map((e) => [e.payload.roundId, e.unitId, e.payload.grade])).toEqual([['s1', B, 'advanced'], ['s1', ROOT, 'average'], ['s2', B, 'advanced']]);
  expect((await ledgerOf(['scoring.round_opened', 'scoring.round_closed'])).map((e) => [e.kind, e.payload.roundId, e.payload.schemeVersion])).toEqual([
    ['scoring.round_opened', 's1', 1],
    ['scoring.round_opened', 's2', 2],
    ['scoring.round_closed', 's1', 1],
    ['scoring.round_closed', 's2', 2],
  ]);
  expect((await h.storage.scoring.getRound(CAMPAIGN, 's1'))).toMatchObject({ status: 'closed', schemeVersion: 1, scored: 2 });
  // s1 closed on its timer, s2 by the office.
  await recordHistoriesIfAsked(h.env.client, [
    ['scoring-round-timer', scoringRoundWorkflowId(CAMPAIGN, 's1')],
    ['scoring-round-closed', scoringRoundWorkflowId(CAMPAIGN, 's2')],
  ]);
});

test('when the ten members are rated on the ten stars, then each gets ten points a star and no grade', async () => {
  const s3 = await start('stars', stars, `${Y}-07-31`);
  // Member bm01 … bm10 earn 1 … 10 stars: member n scores 10 × n.
  const entries: ScoreEntryInput[] = [];
  for (let n = 1; n <= 10; n++) {
    for (let s = 1; s <= 10; s++) entries.push({ subjectType: 'member', unitId: B, memberId: `bm${String(n).padStart(2, '0')}`, itemId: `star-${s}`, value: s <= n ? 1 : 0 });
  }
  expect(await s3.executeUpdate(enterScoresUpdate, { args: [{ actor: 'sup-1', entries }] })).toMatchObject({ accepted: 100 });
  expect((await refusal(s3.executeUpdate(enterScoresUpdate, { args: [{ actor: 'sup-1', entries: unitScores(B, { 'star-1': 1 }) }] }))).message).toContain('scores members, not units');
  await s3.executeUpdate(closeScoringRoundUpdate, { args: [{ actor: 'office' }] });
  const members = (await fixture.h.storage.scoring.listResults(CAMPAIGN, 'stars', '/committee/')).map((r) => [r.memberId, r.total, r.grade]);
  expect(members).toEqual(Array.from({ length: 10 }, (_, i) => [`bm${String(i + 1).padStart(2, '0')}`, 10 * (i + 1), null]));
  const computed = (await ledgerOf(['score.computed'])).filter((e) => e.payload.roundId === 'stars');
  expect(computed).toHaveLength(10);
  expect(computed[0].payload).toMatchObject({ subjectType: 'member', memberId: 'bm01', unitId: B, total: 10, max: 100, grade: null, schemeId: 'ten-stars' });
});

test('when a unit is classified, then the grade proposed by its latest closed round is confirmed, and another grade needs a reason and is recorded as overridden', async () => {
  const { h, env } = fixture;
  const unit = (unitId: string) => env.client.workflow.getHandle(unitWorkflowId(CAMPAIGN, unitId));
  // B's latest closed round for the year is s2 (closes June 30): advanced.
  const forB = await h.storage.scoring.proposedGrade(CAMPAIGN, B, String(Y));
  expect(forB).toEqual({ roundId: 's2', grade: 'advanced', percent: 92 });
  const confirmed = await unit(B).executeUpdate(classifyUnitUpdate, { args: [{ actor: 'sup-1', round: String(Y), grade: 'advanced', basis: '量化考評 92 分', proposal: { grade: forB!.grade, roundId: forB!.roundId } }] });
  expect(confirmed).toMatchObject({ grade: 'advanced', proposedGrade: 'advanced', overridden: false, overrideReason: null });

  const forRoot = await h.storage.scoring.proposedGrade(CAMPAIGN, ROOT, String(Y));
  expect(forRoot).toEqual({ roundId: 's1', grade: 'average', percent: 78.6 });
  const proposal = { grade: forRoot!.grade, roundId: forRoot!.roundId };
  const noReason = await refusal(unit(ROOT).executeUpdate(classifyUnitUpdate, { args: [{ actor: 'office', round: String(Y), grade: 'advanced', basis: '綜合評定', proposal }] }));
  expect(noReason).toEqual({ type: 'InvalidInput', message: 'the score of round s1 proposes 一般 (average); to give another grade, say why in overrideReason' });
  const overridden = await unit(ROOT).executeUpdate(classifyUnitUpdate, {
    args: [{ actor: 'office', round: String(Y), grade: 'advanced', basis: '綜合評定', proposal, overrideReason: '年內承擔搶險任務，表現突出' }],
  });
  expect(overridden).toMatchObject({ grade: 'advanced', proposedGrade: 'average', proposedBy: 's1', overridden: true, overrideReason: '年內承擔搶險任務，表現突出' });

  const classified = await ledgerOf(['unit.classified']);
  expect(classified.map((e) => [e.unitId, e.payload.grade, e.payload.proposedGrade, e.payload.overridden, e.payload.overrideReason])).toEqual([
    [B, 'advanced', 'advanced', false, null],
    [ROOT, 'advanced', 'average', true, '年內承擔搶險任務，表現突出'],
  ]);
  expect((await h.ledger.verifyChain(CAMPAIGN)).ok).toBe(true);
});
