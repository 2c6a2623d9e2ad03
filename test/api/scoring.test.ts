/**
 * Scoring (量化考評), computed grades and the yearly upgrade report through
 * the API, on the shared small tree:
 *
 *   committee (li)                 other (wang)
 *   ├── committee-b1 (u1)          └── other-b1 (u3)
 *   └── committee-b2 (u2)
 *
 * Real time (a dev server): the office closes rounds by hand. Figures are
 * worked out by hand in the comments.
 */
import request from 'supertest';
import type { PlanInput } from '../../domain/plan';
import { parseMembersJson } from '../../domain/members';
import { FIVE_GOODS, TEN_STARS } from '../../domain/templates/scoring';
import { scoringSchemeSchema } from '../../domain/plan-scoring';
import { scoringRoundInputFor, scoringRoundWorkflowId } from '../../contracts';
import { eventually } from '../support/campaign-script';
import { localToday, planStartingToday, startApiTestEnv, type ApiTestEnv, type Person } from './support';

const CAMPAIGN = 'scoring-api';
const C = `/campaigns/${CAMPAIGN}`;
const YEAR = Number(localToday().slice(0, 4));
let t: ApiTestEnv;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });

function plan(): PlanInput {
  return {
    ...planStartingToday('scoring-api-plan'),
    scoring: { schemes: [FIVE_GOODS, TEN_STARS], gradingSchemeId: 'five-goods', gradeThresholds: { advancedFromPercent: 85, averageFromPercent: 60 } },
    classificationTargets: { advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 },
  } as PlanInput;
}
const enter = (person: Person, roundId: string, entries: unknown[]) => api().post(`${C}/scoring/rounds/${roundId}/entries`).set(as(person)).send({ entries });
const open = (person: Person, body: Record<string, unknown>) => api().post(`${C}/scoring/rounds`).set(as(person)).send({ year: YEAR, subtreeRootId: 'committee', closesOn: localToday(10), ...body });
const ledger = async (kind: string) => t.h.storage.ledger.list({ campaignId: CAMPAIGN, kinds: [kind], limit: 1000 });
const fiveGoods = (unitId: string, v: [number, number, number, number, [number, number, number]]) => [
  { unitId, itemId: 'leadership', value: v[0] },
  { unitId, itemId: 'members', value: v[1] },
  { unitId, itemId: 'mechanisms', value: v[2] },
  { unitId, itemId: 'results', value: v[3] },
  { unitId, itemId: 'reputation', value: { satisfied: v[4][0], basically_satisfied: v[4][1], unsatisfied: v[4][2] } },
];

beforeAll(async () => {
  t = await startApiTestEnv();
  await t.h.storage.members.importMembers(parseMembersJson([{ id: 'sc-m1', unitId: 'committee-b1', name: '張黨員' }, { id: 'sc-m9', unitId: 'other-b1', name: '外單位黨員' }]));
  expect((await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: plan() })).status).toBe(201);
  expect((await api().post(`${C}/starts`).set(as('office')).send({ subtreeRootId: 'committee', requestId: 'sc-start' })).status).toBe(202);
  for (const unitId of ['committee', 'committee-b1', 'committee-b2']) await eventually(async () => (await api().get(`${C}/units/${unitId}`).set(as('office'))).status === 200, 30_000);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

test('when the office defines a scheme, then the same content is 200 unchanged, a change is version 2 in the ledger, weights that do not add up are 400, and a supervisor may not define one', async () => {
  const same = await api().post(`${C}/scoring/schemes`).set(as('office')).send(FIVE_GOODS);
  expect(same.status).toBe(200);
  expect(same.body).toMatchObject({ created: false, scheme: { id: 'five-goods', version: 1 } });
  // Version 2: leadership 30 of 30, members 10 of 10 (still 100 in all: 30 + 10 + 20 + 20 + 20).
  const changed = { ...FIVE_GOODS, items: FIVE_GOODS.items.map((i) => (i.id === 'leadership' ? { ...i, weight: 30, maximum: 30 } : i.id === 'members' ? { ...i, weight: 10, maximum: 10 } : i)) };
  const v2 = await api().post(`${C}/scoring/schemes`).set(as('office')).send(changed);
  expect(v2.status).toBe(201);
  expect(v2.body.scheme.version).toBe(2);
  expect((await api().post(`${C}/scoring/schemes`).set(as('office')).send(changed)).status).toBe(200);
  const versioned = await ledger('scoring.scheme_versioned');
  expect(versioned.map((e) => [e.payload.schemeId, e.payload.schemeVersion, e.payload.previousVersion])).toEqual([['five-goods', 2, 1]]);

  const bad = await api().post(`${C}/scoring/schemes`).set(as('office')).send({ ...FIVE_GOODS, items: FIVE_GOODS.items.slice(0, 4) });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('the weights add up to 80, not 100');
  expect((await api().post(`${C}/scoring/schemes`).set(as('li')).send(changed)).status).toBe(403);
  const versions = await api().get(`${C}/scoring/schemes/five-goods`).set(as('u1'));
  expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
});

test('when rounds are opened, then the version is frozen (the latest by default), a repeated round id is 409, an unknown scheme 404, a supervisor 403', async () => {
  const r1 = await open('office', { roundId: 'r1', schemeId: 'five-goods', schemeVersion: 1 });
  expect(r1.status).toBe(201);
  expect(r1.body).toMatchObject({ roundId: 'r1', schemeVersion: 1, status: 'open', classificationRound: String(YEAR) });
  expect((await open('office', { roundId: 'r1', schemeId: 'five-goods' })).status).toBe(409);
  expect((await open('office', { roundId: 'r9', schemeId: 'nope' })).status).toBe(404);
  expect((await open('office', { roundId: 'r9', schemeId: 'five-goods', schemeVersion: 7 })).body.message).toContain('has 1, 2');
  expect((await open('li', { roundId: 'r9', schemeId: 'five-goods' })).status).toBe(403);
  const stars = await open('office', { roundId: 'stars', schemeId: 'ten-stars' });
  expect(stars.body.schemeVersion).toBe(1);
  await eventually(async () => (await t.h.storage.scoring.getRound(CAMPAIGN, 'r1'))?.status === 'open', 30_000);
});

test('when scores are entered, then each bad input is refused with what to do and nothing is recorded; out-of-scope units are 404 as unknown', async () => {
  const before = (await ledger('score.entered')).length;
  const out = await enter('li', 'r1', [{ unitId: 'committee-b1', itemId: 'leadership', value: 25 }]);
  expect(out.status).toBe(400);
  expect(out.body.message).toBe('entries[0]: item "leadership" is scored from 0 to 20; 25 is out of range');
  const negative = await enter('li', 'r1', [{ unitId: 'committee-b1', itemId: 'reputation', value: { satisfied: -2, basically_satisfied: 0, unsatisfied: 0 } }]);
  expect(negative.status).toBe(400);
  expect(negative.body.message).toContain('not negative');
  const offScale = await enter('li', 'stars', [{ unitId: 'committee-b1', memberId: 'sc-m1', itemId: 'star-1', value: 3 }]);
  expect(offScale.status).toBe(400);
  expect(offScale.body.message).toContain('a star: 1 (awarded) or 0');
  const stranger = await enter('office', 'stars', [{ unitId: 'committee-b1', memberId: 'sc-m9', itemId: 'star-1', value: 1 }]);
  expect(stranger.status).toBe(400);
  expect(stranger.body.message).toBe('member "sc-m9" is not a member of unit "committee-b1"; score a member under the unit that runs its campaign');
  const outsideRound = await enter('office', 'r1', [{ unitId: 'other-b1', itemId: 'leadership', value: 10 }]);
  expect(outsideRound.status).toBe(400);
  expect(outsideRound.body.message).toContain("not in the round's subtree");
  // Scope: wang does not supervise committee-b1: the same 404 as for a unit that does not exist.
  const foreign = await enter('wang', 'r1', [{ unitId: 'committee-b1', itemId: 'leadership', value: 10 }]);
  const ghost = await enter('wang', 'r1', [{ unitId: 'no-such-unit', itemId: 'leadership', value: 10 }]);
  expect(foreign.status).toBe(404);
  expect(foreign.body.message).toBe(ghost.body.message.replace('no-such-unit', 'committee-b1'));
  // A unit does not score itself on the superior's items.
  const self = await enter('u1', 'r1', [{ unitId: 'committee-b1', itemId: 'leadership', value: 20 }]);
  expect(self.status).toBe(403);
  expect((await enter('office', 'nope', [{ unitId: 'committee-b1', itemId: 'leadership', value: 1 }])).status).toBe(404);
  expect((await ledger('score.entered')).length).toBe(before);
});

test('when the round is scored and closed, then results are computed by hand-checkable rules, a closed round takes nothing more (409), and results are scoped', async () => {
  // committee-b1: 18 + 17 + 20 + 16 + 20 × (8 + 2×0.6)/10 = 71 + 18.4 = 89.4 → 先進.
  expect((await enter('li', 'r1', fiveGoods('committee-b1', [18, 17, 20, 16, [8, 2, 0]]))).body).toMatchObject({ accepted: 5, batch: 1 });
  // committee-b2: 10 + 10 + 10 + 10 + 20 × (2 + 2×0.6)/10 = 40 + 6.4 = 46.4 → below 60 → 後進.
  expect((await enter('office', 'r1', fiveGoods('committee-b2', [10, 10, 10, 10, [2, 2, 6]]))).status).toBe(200);
  expect((await api().post(`${C}/scoring/rounds/r1/close`).set(as('li'))).status).toBe(403);
  const closed = await api().post(`${C}/scoring/rounds/r1/close`).set(as('office'));
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ status: 'closed', scored: 2, entries: 10 });
  expect((await api().post(`${C}/scoring/rounds/r1/close`).set(as('office'))).status).toBe(409);
  const late = await enter('li', 'r1', [{ unitId: 'committee-b1', itemId: 'leadership', value: 1 }]);
  expect(late.status).toBe(409);
  expect(late.body.message).toContain('is closed');

  const results = await api().get(`${C}/scoring/rounds/r1/results`).query({ subtreeRootId: 'committee' }).set(as('li'));
  expect(results.status).toBe(200);
  // The root was started but got no entry: flagged unscored (未評), every item missing, counted.
  expect(results.body.results.map((r: { unitId: string; total: number; grade: string; unscored: boolean }) => [r.unitId, r.total, r.grade, r.unscored])).toEqual([
    ['committee-b1', 89.4, 'advanced', false],
    ['committee-b2', 46.4, 'lagging', false],
    ['committee', 0, null, true],
  ]);
  expect(results.body.unscoredCount).toBe(1);
  expect(results.body.results[2]).toMatchObject({ max: 100, missingItems: ['leadership', 'members', 'mechanisms', 'results', 'reputation'] });
  expect(results.body.results[0].missingItems).toEqual([]);
  expect((await ledger('scoring.round_closed')).find((e) => e.payload.roundId === 'r1')?.payload).toMatchObject({ scored: 2, unscoredUnits: 1 });
  // A supervisor's narrower subtree: only its own units, none unscored.
  const branch = await api().get(`${C}/scoring/rounds/r1/results`).query({ subtreeRootId: 'committee-b2' }).set(as('li'));
  expect(branch.body).toMatchObject({ unscoredCount: 0, results: [{ unitId: 'committee-b2', unscored: false }] });
  const own = await api().get(`${C}/scoring/rounds/r1/results`).query({ subtreeRootId: 'committee-b1' }).set(as('u1'));
  expect(own.body.results.map((r: { unitId: string }) => r.unitId)).toEqual(['committee-b1']);
  const rootOwn = await api().get(`${C}/scoring/rounds/r1/results`).query({ subtreeRootId: 'committee' }).set(as('office'));
  expect(rootOwn.body.unscoredCount).toBe(1);
  expect((await api().get(`${C}/scoring/rounds/r1/results`).query({ subtreeRootId: 'committee' }).set(as('wang'))).status).toBe(404);
  expect((await ledger('score.computed')).map((e) => [e.unitId, e.payload.total, e.payload.max, e.payload.schemeVersion, e.payload.grade])).toEqual([
    ['committee-b1', 89.4, 100, 1, 'advanced'],
    ['committee-b2', 46.4, 100, 1, 'lagging'],
  ]);
});

test('when units are classified, then the proposed grade is the default, an override needs a reason, and both are in unit.classified', async () => {
  const classify = (unitId: string, body: Record<string, unknown>) => api().post(`${C}/units/${unitId}/classifications`).set(as('li')).send({ round: String(YEAR), basis: '量化考評', ...body });
  const confirmed = await classify('committee-b1', {});
  expect(confirmed.status).toBe(201);
  expect(confirmed.body.classification).toMatchObject({ grade: 'advanced', proposedGrade: 'advanced', proposedBy: 'r1', overridden: false });
  const noReason = await classify('committee-b2', { grade: 'average' });
  expect(noReason.status).toBe(400);
  expect(noReason.body.message).toBe('the score of scoring round r1 proposes 後進 (lagging); to give another grade, say why in overrideReason');
  expect((await classify('committee-b2', { grade: 'lagging', overrideReason: '無需' })).status).toBe(400);
  const overridden = await classify('committee-b2', { grade: 'average', overrideReason: '年內整改已見成效' });
  expect(overridden.status).toBe(201);
  expect(overridden.body.classification).toMatchObject({ grade: 'average', proposedGrade: 'lagging', overridden: true, overrideReason: '年內整改已見成效' });
  // No score for the root: a grade must be given.
  expect((await classify('committee', {})).status).toBe(400);
  expect((await classify('committee', { grade: 'advanced' })).status).toBe(201);
  const rows = await ledger('unit.classified');
  expect(rows.map((e) => [e.unitId, e.payload.grade, e.payload.proposedGrade, e.payload.overridden])).toEqual([
    ['committee-b1', 'advanced', 'advanced', false],
    ['committee-b2', 'average', 'lagging', true],
    ['committee', 'advanced', null, false],
  ]);
});

test('when the upgrade report is read, then this year shows the three units by grade, as JSON and as CSV, scoped to the caller', async () => {
  const report = await api().get(`${C}/scoring/upgrade-report`).query({ subtreeRootId: 'committee' }).set(as('li'));
  expect(report.status).toBe(200);
  // 3 units: committee and committee-b1 advanced (2/3 = 66.7 %), committee-b2 average (1/3 = 33.3 %); no year before, so no targets yet.
  expect(report.body.years).toEqual([
    expect.objectContaining({ year: YEAR, units: 3, classified: 3, counts: { advanced: 2, average: 1, lagging: 0 }, percents: { advanced: 66.7, average: 33.3, lagging: 0 }, targets: [], laggingNotTransformed: [] }),
  ]);
  expect(report.body.targets).toEqual({ advancedUpgradePercent: 20, averageUpgradePercent: 30, laggingTransformedPercent: 95 });
  const csv = await api().get(`${C}/scoring/upgrade-report`).query({ subtreeRootId: 'committee', format: 'csv' }).set(as('office'));
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toContain('text/csv');
  expect(csv.text).toContain(`${YEAR},grade 等次,先進 advanced,2,66.7,,`);
  const own = await api().get(`${C}/scoring/upgrade-report`).query({ subtreeRootId: 'committee-b1' }).set(as('u1'));
  expect(own.body.years[0]).toMatchObject({ units: 1, counts: { advanced: 1, average: 0, lagging: 0 } });
  expect((await api().get(`${C}/scoring/upgrade-report`).query({ subtreeRootId: 'committee' }).set(as('wang'))).status).toBe(404);
});

test('when the rounds are listed, then each carries its cadence (每月一星 monthly_star with its month, or manual), scoped to the caller; a cadence round id cannot be opened by hand', async () => {
  const month = `${YEAR + 1}-01`;
  // A round of the cadence as the monthly-star workflow opens it (this campaign's plan has no cadence of its own).
  const plain = await t.h.storage.campaigns.get(CAMPAIGN);
  await t.h.env.client.workflow.start('scoringRoundWorkflow', {
    workflowId: scoringRoundWorkflowId(CAMPAIGN, `monthly-star-${month}`),
    taskQueue: t.h.taskQueue,
    args: [scoringRoundInputFor(plain!.plan, scoringSchemeSchema.parse(TEN_STARS), { campaignId: CAMPAIGN, roundId: `monthly-star-${month}`, year: YEAR + 1, subtreeRootId: 'committee', closesOn: `${month}-25`, openedBy: 'system' })],
  });
  await eventually(async () => (await t.h.storage.scoring.getRound(CAMPAIGN, `monthly-star-${month}`))?.status === 'open', 30_000);

  const listed = await api().get(`${C}/scoring/rounds`).set(as('office'));
  expect(listed.status).toBe(200);
  expect(listed.body.monthlyStar).toBeNull();
  const cadences = Object.fromEntries(listed.body.rounds.map((r: { roundId: string; cadence: string; month: string | null }) => [r.roundId, [r.cadence, r.month]]));
  expect(cadences).toMatchObject({ r1: ['manual', null], stars: ['manual', null], [`monthly-star-${month}`]: ['monthly_star', month] });
  // A supervisor names one of their units: the rounds over the committee cover it; the root is theirs, so named.
  const li = await api().get(`${C}/scoring/rounds`).query({ subtreeRootId: 'committee-b1' }).set(as('li'));
  expect(li.body.rounds.map((r: { roundId: string }) => r.roundId)).toEqual(listed.body.rounds.map((r: { roundId: string }) => r.roundId));
  // wang's tree has no round; another tree's unit is 404 as unknown; a unit must name itself.
  expect((await api().get(`${C}/scoring/rounds`).query({ subtreeRootId: 'other' }).set(as('wang'))).body.rounds).toEqual([]);
  expect((await api().get(`${C}/scoring/rounds`).query({ subtreeRootId: 'committee' }).set(as('wang'))).status).toBe(404);
  const unit = await api().get(`${C}/scoring/rounds`).set(as('u1'));
  expect(unit.status).toBe(400);
  expect(unit.body.message).toContain('give subtreeRootId');
  const u1 = await api().get(`${C}/scoring/rounds`).query({ subtreeRootId: 'committee-b1' }).set(as('u1'));
  expect(u1.body.rounds[0].subtreeRootId).toBe('committee-b1');
  expect((await api().get(`${C}/scoring/rounds`).query({ subtreeRootId: 'committee-b1', extra: 1 }).set(as('office'))).status).toBe(400);

  const byHand = await open('office', { roundId: 'monthly-star-2099-01', schemeId: 'ten-stars' });
  expect(byHand.status).toBe(400);
  expect(byHand.body.message).toContain('每月一星 cadence');
});
