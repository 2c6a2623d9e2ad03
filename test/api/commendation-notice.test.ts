/**
 * A commendation round end to end through the REST API, on the time-skipping
 * server (the notice runs for days of timers, skipped by `sleepUntil`):
 *
 *   committee (li; member cm-m5)
 *   ├── committee-b1 (u1; member cm-m1; classified advanced, five-goods 88/100)
 *   └── committee-b2 (u2; member cm-m3; classified average, five-goods 60/100)
 *
 * Grades come through the classification route (`unit.classified`); scores are
 * written to the ledger as issue 13's scoring writes `score.computed`. The
 * office closes recommendations early, an open objection blocks the approval
 * and, after the window, the commendation of its candidate; the two members
 * commended at the branch level take the committee's one place.
 */
import request from 'supertest';
import { addDays } from '../../domain/calendar';
import { parseMembersJson } from '../../domain/members';
import type { PlanInput } from '../../domain/plan';
import { commendationRoundWorkflowId } from '../../contracts';
import { eventually, sleepUntil } from '../support/campaign-script';
import { startApiTestEnv, type ApiTestEnv, type Person } from './support';

const CAMPAIGN = 'commend-ts';
const C = `/campaigns/${CAMPAIGN}`;
const LEVEL = (levelId: string) => `${C}/commendations/exemplars/levels/${levelId}`;
const PUBLIC = `/public/commendations/${CAMPAIGN}/exemplars`;
const B1 = 'advanced_organisation--committee-b1';
const M1 = 'excellent_member--cm-m1';
const M3 = 'excellent_member--cm-m3';

let t: ApiTestEnv;
let Y: number;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });
const post = (person: Person, url: string, body: Record<string, unknown>) => api().post(url).set(as(person)).send(body);
const level = async (levelId: string) => (await api().get(LEVEL(levelId)).set(as('office'))).body as { stage: string; candidates: Array<{ candidateId: string; status: string; recommendedBy: string; fromLevel?: string }>; notice?: { closesOn: string } };
const statuses = async (levelId: string) => Object.fromEntries((await level(levelId)).candidates.map((c) => [c.candidateId, c.status]));
const ledger = async () => (await t.h.ledger.list({ campaignId: CAMPAIGN, limit: 10_000 })).filter((e) => e.kind.startsWith('commendation.') || e.kind === 'praise.circulated');

function plan(): PlanInput {
  const lv = (id: string, depth: number, month: string) => ({
    id,
    name: { zh: `${id}層級`, en: `${id} level` },
    depth,
    quotas: { advanced_organisation: 1, excellent_member: 1 },
    recommendBy: `${Y}-${month}-10`,
    assessBy: `${Y}-${month}-15`,
    approveBy: `${Y}-${month}-20`,
  });
  return {
    id: 'commend-ts-plan',
    name: { zh: '評選表彰接口測試', en: 'commendation API test' },
    milestones: [{ id: 'july-1', name: { zh: '七一', en: 'July 1' }, kind: 'yearly', month: 7, day: 1 }],
    phases: [{ id: 'summary', name: { zh: '總結表彰', en: 'summary and commendation' }, window: { start: `${Y}-01-05`, end: `${Y}-12-31` } }],
    publicNoticeDays: 7,
    commendation: {
      rounds: [
        {
          id: 'exemplars',
          name: { zh: '評選表彰先進典型', en: 'commendation of exemplars' },
          categories: [
            { id: 'advanced_organisation', name: { zh: '先進基層黨組織', en: 'advanced primary party organisation' }, subject: 'unit', eligibility: { minGrade: 'average', minScoreShare: 0.8, scoreSchemeId: 'five-goods' } },
            { id: 'excellent_member', name: { zh: '優秀共產黨員', en: 'excellent member' }, subject: 'member' },
          ],
          reportTo: { zh: '上級黨委', en: 'the party committee above' },
          levels: [lv('branch', 1, '03'), lv('committee', 0, '04')],
        },
      ],
    },
  } as PlanInput;
}

beforeAll(async () => {
  t = await startApiTestEnv({ timeSkipping: true });
  Y = new Date(await t.env.currentTimeMs()).getUTCFullYear() + 1;
  await t.h.storage.members.importMembers(
    parseMembersJson([
      { id: 'cm-m1', unitId: 'committee-b1', name: '張優秀' },
      { id: 'cm-m3', unitId: 'committee-b2', name: '李同志' },
      { id: 'cm-m5', unitId: 'committee', name: '王委員' },
    ]),
  );
  expect((await post('office', '/campaigns', { id: CAMPAIGN, plan: plan() })).status).toBe(201);
  expect((await post('office', `${C}/starts`, { subtreeRootId: 'committee', requestId: 'start-1' })).status).toBe(202);
  await eventually(async () => (await api().get(`${C}/progress`).set(as('office'))).body.totals?.done, 60_000);
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

test('when grades come through the classification route and scores from the ledger, then a unit below the score share is refused with the ledger seqs, and one above it is recommended', async () => {
  for (const [unitId, grade] of [['committee-b1', 'advanced'], ['committee-b2', 'average']]) {
    const classified = await post('li', `${C}/units/${unitId}/classifications`, { round: String(Y - 1), grade, basis: '五個好考評' });
    expect(classified.status).toBe(201);
  }
  const score = async (unitId: string, total: number) =>
    t.h.ledger.append({
      key: `${CAMPAIGN}/${unitId}/score/${Y - 1}/five-goods`,
      campaignId: CAMPAIGN,
      unitId,
      kind: 'score.computed',
      actor: 'system',
      payload: { roundId: String(Y - 1), schemeId: 'five-goods', schemeVersion: 1, unitId, total, max: 100, grade: total >= 85 ? 'advanced' : 'average' },
      occurredAt: new Date(await t.env.currentTimeMs()).toISOString(),
    });
  await score('committee-b1', 88);
  const low = await score('committee-b2', 60);

  expect((await post('office', `${C}/commendations`, { roundId: 'exemplars' })).status).toBe(201);
  await eventually(async () => (await api().get(LEVEL('branch')).set(as('office'))).status === 200, 30_000);
  const recommend = (person: Person, unitId: string, categoryId: string, subject: Record<string, unknown>) => post(person, `${LEVEL('branch')}/recommendations`, { recommendingUnitId: unitId, categoryId, subject, reason: '表現突出' });
  expect((await recommend('u1', 'committee-b1', 'advanced_organisation', { kind: 'unit', unitId: 'committee-b1' })).status).toBe(201);
  expect((await recommend('u1', 'committee-b1', 'excellent_member', { kind: 'member', memberId: 'cm-m1' })).status).toBe(201);
  expect((await recommend('u2', 'committee-b2', 'excellent_member', { kind: 'member', memberId: 'cm-m3' })).status).toBe(201);
  const refused = await recommend('u2', 'committee-b2', 'advanced_organisation', { kind: 'unit', unitId: 'committee-b2' });
  expect(refused.status).toBe(409);
  expect(refused.body.message).toContain('量化考評得分率不低於要求');
  expect(refused.body.message).toContain(`60 of 100 (60 %); at least 80 % is required [ledger seq ${low.seq}]`);
  expect(refused.body.message).not.toContain('分類定級');
  expect(refused.body.ineligible).toEqual({
    candidateId: 'advanced_organisation--committee-b2',
    failures: [
      {
        rule: 'minScoreShare',
        label: { zh: '量化考評得分率不低於要求', en: 'score at least the required share of its maximum' },
        message: expect.stringContaining('60 of 100'),
        facts: [{ seq: low.seq, kind: 'score.computed', key: `${CAMPAIGN}/committee-b2/score/${Y - 1}/five-goods` }],
      },
    ],
  });
}, 60_000);

test('when the office closes recommendations early, then the ledger says who and why, assessment opens and a late recommendation is 409; without a reason it is 400, for a unit 403', async () => {
  const close = (person: Person, body: Record<string, unknown>) => post(person, `${LEVEL('branch')}/close-recommendations`, body);
  const early = await post('li', `${LEVEL('branch')}/candidates/${M1}/assessment`, { recommendingUnitId: 'committee-b1', comment: '考核優秀', score: 90 });
  expect(early.status).toBe(409);
  expect((await close('office', { reason: ' ' })).status).toBe(400);
  expect((await close('u1', { reason: '都已推薦' })).status).toBe(403);
  const closed = await close('office', { reason: '各支部均已推薦' });
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ stage: 'assessing', recommendationsClosedEarly: { by: 'office', reason: '各支部均已推薦' } });
  expect((await close('office', { reason: '再次' })).status).toBe(409);
  const late = await post('u2', `${LEVEL('branch')}/recommendations`, { recommendingUnitId: 'committee-b2', categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: 'committee-b2' }, reason: '補報' });
  expect(late.status).toBe(409);
  expect(late.body.message).toContain('closed early by the office');
  const row = (await ledger()).find((e) => e.kind === 'commendation.recommendations_closed');
  expect(row).toMatchObject({ actor: 'office', payload: { early: true, reason: '各支部均已推薦', candidates: [B1, M1, M3] } });
});

test('when an objection is open, then the office cannot approve (409); dismissed with a reason, the decision opens the notice', async () => {
  for (const [candidateId, unitId] of [[B1, 'committee-b1'], [M1, 'committee-b1'], [M3, 'committee-b2']]) {
    expect((await post('li', `${LEVEL('branch')}/candidates/${candidateId}/assessment`, { recommendingUnitId: unitId, comment: '考核優秀', score: 90 })).status).toBe(200);
  }
  const letter = await post('office', `${LEVEL('branch')}/candidates/${M1}/objections`, { text: '來信反映：考勤不實', contact: '信件' });
  expect(letter.status).toBe(201);
  const votes = { meeting: '黨委會集中審議', present: 9, votes: [B1, M1, M3].map((candidateId) => ({ candidateId, for: 8, against: 1, abstain: 0 })) };
  const blocked = await post('office', `${LEVEL('branch')}/decision`, votes);
  expect(blocked.status).toBe(409);
  expect(blocked.body.message).toContain(`resolve the open objections first: ${M1} (${letter.body.receipt})`);
  expect((await post('office', `${LEVEL('branch')}/candidates/${M1}/objections/${letter.body.objectionId}/resolution`, { outcome: 'dismissed', reason: '經核實考勤無誤' })).status).toBe(200);
  const decided = await post('office', `${LEVEL('branch')}/decision`, votes);
  expect(decided.status).toBe(200);
  expect(decided.body.stage).toBe('notice');
});

test('when a public objection is still open as the notice closes, then its candidate is held and nothing is commended; a later objection is 409; upheld, the rest is commended and carried up', async () => {
  const objection = await api().post(`${PUBLIC}/objections`).send({ levelId: 'branch', candidateId: B1, text: '群眾反映：材料不實', contact: '13900000001' });
  expect(objection.status).toBe(201);
  const notice = await api().get(`${PUBLIC}/notice`);
  expect(notice.body.levels[0].candidates.find((c: { candidateId: string }) => c.candidateId === B1)).toMatchObject({ status: 'held', openObjections: 1 });
  const { notice: window } = await level('branch');
  await sleepUntil(t.env, addDays(window!.closesOn, 2));
  await eventually(async () => (await level('branch')).stage === 'commending');
  expect(await statuses('branch')).toEqual({ [B1]: 'held', [M1]: 'on_notice', [M3]: 'on_notice' });
  expect((await ledger()).filter((e) => e.kind === 'commendation.commended')).toEqual([]);
  expect((await api().get(LEVEL('committee')).set(as('office'))).status).toBe(404);
  const late = await api().post(`${PUBLIC}/objections`).send({ levelId: 'branch', candidateId: M1, text: '遲到的異議' });
  expect(late.status).toBe(409);
  expect(late.body.message).toContain('closed on');

  const open = (await api().get(LEVEL('branch')).set(as('office'))).body.candidates.find((c: { candidateId: string }) => c.candidateId === B1).objections[0];
  expect((await post('office', `${LEVEL('branch')}/candidates/${B1}/objections/${open.objectionId}/resolution`, { outcome: 'upheld', reason: '經核實反映屬實' })).status).toBe(200);
  await eventually(async () => (await api().get(LEVEL('committee')).set(as('office'))).status === 200, 30_000);
  expect(await statuses('branch')).toEqual({ [B1]: 'withdrawn', [M1]: 'commended', [M3]: 'commended' });
  const committee = await level('committee');
  expect(committee.candidates.map((c) => [c.candidateId, c.recommendedBy, c.fromLevel])).toEqual([
    [M1, 'committee', 'branch'],
    [M3, 'committee', 'branch'],
  ]);
}, 120_000);

test('when two commended members are carried up to a quota of one, then the committee may recommend no more and may approve only one; the one approved is commended and reported upward', async () => {
  const more = await post('office', `${LEVEL('committee')}/recommendations`, { recommendingUnitId: 'committee', categoryId: 'excellent_member', subject: { kind: 'member', memberId: 'cm-m5' }, reason: '表現突出' });
  expect(more.status).toBe(409);
  expect(more.body.message).toContain(`quota of 1`);
  expect(more.body.message).toContain(`carried up from the level below: ${M1}, ${M3}`);
  expect((await post('office', `${LEVEL('committee')}/close-recommendations`, { reason: '下級推薦已齊' })).status).toBe(200);
  for (const candidateId of [M1, M3]) {
    expect((await post('li', `${LEVEL('committee')}/candidates/${candidateId}/assessment`, { recommendingUnitId: 'committee', comment: '考核優秀', score: 95 })).status).toBe(200);
  }
  const both = await post('office', `${LEVEL('committee')}/decision`, { meeting: '黨委會', present: 7, votes: [M1, M3].map((candidateId) => ({ candidateId, for: 6, against: 1, abstain: 0 })) });
  expect(both.status).toBe(409);
  expect(both.body.message).toContain('the quota at level "committee" is 1');
  const one = await post('office', `${LEVEL('committee')}/decision`, {
    meeting: '黨委會',
    present: 7,
    votes: [
      { candidateId: M1, for: 6, against: 1, abstain: 0 },
      { candidateId: M3, for: 2, against: 5, abstain: 0 },
    ],
  });
  expect(one.status).toBe(200);
  await sleepUntil(t.env, addDays(one.body.notice.closesOn, 2));
  const round = t.env.client.workflow.getHandle(commendationRoundWorkflowId(CAMPAIGN, 'exemplars'));
  await eventually(async () => (await round.describe()).status.name === 'COMPLETED', 30_000);
  expect(await statuses('committee')).toEqual({ [M1]: 'commended', [M3]: 'not_approved' });
  const rows = await ledger();
  expect(rows.find((e) => e.kind === 'commendation.reported_upward')?.payload).toMatchObject({ candidates: [M1], reportTo: { zh: '上級黨委' } });
  expect(rows.filter((e) => e.kind === 'praise.circulated').map((e) => [e.payload.levelId, e.payload.candidates])).toEqual([
    ['branch', [M1, M3]],
    ['committee', [M1]],
  ]);
  expect(JSON.stringify(rows)).not.toContain('13900000001');
  expect((await t.h.ledger.verifyChain(CAMPAIGN)).ok).toBe(true);
  const page = await api().get(`${PUBLIC}/notice.html`);
  expect(page.text).toContain('張優秀');
}, 120_000);
