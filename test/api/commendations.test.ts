/**
 * Commendation rounds (評選表彰) through the API, on the shared small tree:
 *
 *   committee (li)                 other (wang)
 *   ├── committee-b1 (u1)          └── other-b1 (u3)
 *   └── committee-b2 (u2)
 *
 * Real time (a dev server, no time skipping): recommendations are open for ten
 * days, so what follows the recommendation close (assessment, the decision,
 * the notice) is refused here with 409; the same routes past the close, through
 * the notice and up a level, are in test/api/commendation-notice.test.ts (the
 * time-skipping server) and test/workflow/commendation-round.test.ts.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { PlanInput } from '../../domain/plan';
import { parseMembersJson } from '../../domain/members';
import { commendationLevelWorkflowId } from '../../contracts';
import { eventually } from '../support/campaign-script';
import { localToday, planStartingToday, startApiTestEnv, type ApiTestEnv } from './support';

const CAMPAIGN = 'commend-api';
const C = `/campaigns/${CAMPAIGN}`;
const L = `${C}/commendations/exemplars/levels/branch`;
const PUBLIC = `/public/commendations/${CAMPAIGN}/exemplars`;
const CONTACT = 'objector-13900000000@example.test';

let t: ApiTestEnv;
const api = () => request(t.server.url);

function plan(): PlanInput {
  const base = planStartingToday('commend-api-plan');
  const round = (id: string) => ({
    id,
    name: { zh: '評選表彰先進典型', en: 'commendation of exemplars' },
    categories: [
      { id: 'advanced_organisation', name: { zh: '先進基層黨組織', en: 'advanced primary party organisation' }, subject: 'unit' },
      { id: 'excellent_member', name: { zh: '優秀共產黨員', en: 'excellent member' }, subject: 'member' },
    ],
    levels: [{ id: 'branch', name: { zh: '支部層級', en: 'branch level' }, depth: 1, quotas: { advanced_organisation: 1, excellent_member: 1 }, recommendBy: localToday(10), assessBy: localToday(15), approveBy: localToday(20) }],
  });
  return { ...base, publicNoticeDays: 7, commendation: { rounds: [round('exemplars'), round('late')] } } as PlanInput;
}

const recommend = (person: 'office' | 'u1' | 'u2' | 'u3' | 'li', body: Record<string, unknown>) => api().post(`${L}/recommendations`).set('Authorization', t.auth(person)).send({ reason: '表現突出', ...body });
const member = (memberId: string) => ({ kind: 'member', memberId });

beforeAll(async () => {
  t = await startApiTestEnv();
  await t.h.storage.members.importMembers(
    parseMembersJson([
      { id: 'cm-m1', unitId: 'committee-b1', name: '張優秀' },
      { id: 'cm-m2', unitId: 'committee-b1', name: '李同志' },
      { id: 'cm-m9', unitId: 'other-b1', name: '外單位黨員' },
    ]),
  );
  expect((await api().post('/campaigns').set('Authorization', t.auth('office')).send({ id: CAMPAIGN, plan: plan() })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

test('when the office starts a round of the plan, then it is 201 with its levels; a second start is 409, a unit may not start one, an unknown round is 404', async () => {
  const started = await api().post(`${C}/commendations`).set('Authorization', t.auth('office')).send({ roundId: 'exemplars' });
  expect(started.status).toBe(201);
  expect(started.body.levels).toEqual([{ levelId: 'branch', levelName: { zh: '支部層級', en: 'branch level' }, depth: 1, recommendBy: localToday(10) }]);
  expect((await api().post(`${C}/commendations`).set('Authorization', t.auth('office')).send({ roundId: 'exemplars' })).status).toBe(409);
  expect((await api().post(`${C}/commendations`).set('Authorization', t.auth('u1')).send({ roundId: 'exemplars' })).status).toBe(403);
  const unknown = await api().post(`${C}/commendations`).set('Authorization', t.auth('office')).send({ roundId: 'nope' });
  expect(unknown.status).toBe(404);
  expect(unknown.body.message).toContain('exemplars, late');
  expect((await api().post(`${C}/commendations`).set('Authorization', t.auth('office')).send({ roundId: 'exemplars', extra: 1 })).status).toBe(400);
  await eventually(async () => (await api().get(L).set('Authorization', t.auth('office'))).status === 200, 30_000);
});

test('when units recommend, then a duplicate and an exceeded quota are 409, a candidate outside the subtree is 400, and a unit outside the caller\'s scope is 404 as an unknown one', async () => {
  const unit = await recommend('u1', { recommendingUnitId: 'committee-b1', categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: 'committee-b1' } });
  expect(unit.status).toBe(201);
  expect(unit.body).toMatchObject({ candidateId: 'advanced_organisation--committee-b1', status: 'recommended', recommendedBy: 'committee-b1' });
  const m1 = await recommend('u1', { recommendingUnitId: 'committee-b1', categoryId: 'excellent_member', subject: member('cm-m1') });
  expect(m1.status).toBe(201);
  expect(m1.body.name).toBe('張優秀');

  const duplicate = await recommend('u1', { recommendingUnitId: 'committee-b1', categoryId: 'excellent_member', subject: member('cm-m1') });
  expect(duplicate.status).toBe(409);
  expect(duplicate.body.message).toContain('already recommended');
  const quota = await recommend('u1', { recommendingUnitId: 'committee-b1', categoryId: 'excellent_member', subject: member('cm-m2') });
  expect(quota.status).toBe(409);
  expect(quota.body.message).toContain('quota of 1');
  const outside = await recommend('u2', { recommendingUnitId: 'committee-b2', categoryId: 'excellent_member', subject: member('cm-m9') });
  expect(outside.status).toBe(400);
  expect(outside.body.message).toContain('not in the subtree of committee-b2');

  // Scope: u1 for committee-b2, u3 for committee-b1: the same 404 as for a unit that does not exist.
  const foreign = await recommend('u1', { recommendingUnitId: 'committee-b2', categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: 'committee-b2' } });
  const ghost = await recommend('u1', { recommendingUnitId: 'no-such-unit', categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: 'no-such-unit' } });
  expect(foreign.status).toBe(404);
  expect(foreign.body.message).toBe(ghost.body.message.replace('no-such-unit', 'committee-b2'));
  expect((await recommend('li', { recommendingUnitId: 'committee-b1', categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: 'committee-b1' } })).status).toBe(403);
  expect((await recommend('u1', { recommendingUnitId: 'committee-b1', categoryId: 'advanced_organisation', subject: { kind: 'unit', unitId: 'committee-b1' }, score: 3 })).status).toBe(400);
});

test('when a supervisor assesses before recommendations close, then it is 409; another tree\'s supervisor gets 404, a unit 403; the decision before assessment is 409', async () => {
  const assess = (person: 'li' | 'wang' | 'u1', recommendingUnitId: string) =>
    api().post(`${L}/candidates/advanced_organisation--committee-b1/assessment`).set('Authorization', t.auth(person)).send({ recommendingUnitId, comment: '考核合格', score: 92 });
  const early = await assess('li', 'committee-b1');
  expect(early.status).toBe(409);
  expect(early.body.message).toContain('assessment (考核) opens when recommendations close');
  expect((await assess('wang', 'committee-b1')).status).toBe(404);
  expect((await assess('u1', 'committee-b1')).status).toBe(403);
  const decision = await api().post(`${L}/decision`).set('Authorization', t.auth('office')).send({ meeting: '黨委會', present: 7, votes: [] });
  expect(decision.status).toBe(409);
  expect(decision.body.message).toContain('approval (審定) follows assessment');
});

test("when the office enters a letter's objection, then it has a receipt; the office sees the objector's contact, the unit sees its candidates without it, other units see none", async () => {
  const letter = await api().post(`${L}/candidates/excellent_member--cm-m1/objections`).set('Authorization', t.auth('office')).send({ text: '來信反映：考勤不實', contact: CONTACT });
  expect({ status: letter.status, body: letter.body }).toMatchObject({ status: 201 });
  expect(letter.body.receipt).toMatch(/^EXEMPLARS-BRANCH-\d{4}$/);
  const office = await api().get(L).set('Authorization', t.auth('office'));
  expect(office.body.candidates).toHaveLength(2);
  expect(JSON.stringify(office.body)).toContain(CONTACT);
  const u1 = await api().get(L).set('Authorization', t.auth('u1'));
  expect(u1.status).toBe(200);
  expect(u1.body.candidates.map((c: { candidateId: string }) => c.candidateId).sort()).toEqual(['advanced_organisation--committee-b1', 'excellent_member--cm-m1']);
  expect(JSON.stringify(u1.body)).not.toContain(CONTACT);
  expect((await api().get(L).set('Authorization', t.auth('u2'))).body.candidates).toEqual([]);
  expect((await api().get(L).set('Authorization', t.auth('wang'))).body.candidates).toEqual([]);
  const ledger = await api().get(`${C}/ledger`).set('Authorization', t.auth('office')).query({ limit: '1000' });
  expect(ledger.status).toBe(200);
  expect(JSON.stringify(ledger.body)).toContain('commendation.objection_received');
  expect(JSON.stringify(ledger.body)).not.toContain(CONTACT);
});

test('when anyone reads the public notice without a token, then the JSON and the HTML page list the levels with their window, no candidate before the decision and no contact; a public objection before the notice is 409', async () => {
  const notice = await api().get(`${PUBLIC}/notice`);
  expect(notice.status).toBe(200);
  expect(notice.body).toMatchObject({ campaignId: CAMPAIGN, roundId: 'exemplars', levels: [{ levelId: 'branch', stage: 'recommending', candidates: [] }] });
  expect(JSON.stringify(notice.body)).not.toContain(CONTACT);
  const page = await api().get(`${PUBLIC}/notice.html`);
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.text).toContain('公示');
  expect(page.text).toContain('public notice');
  expect(page.text).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/);
  expect(page.text).not.toContain(CONTACT);
  // The page's own Content-Security-Policy admits exactly its inline script, by hash (the edge's policy would block it).
  const inline = /<script>([\s\S]*?)<\/script>/.exec(page.text)?.[1] ?? '';
  const hash = createHash('sha256').update(inline).digest('base64');
  expect(page.headers['content-security-policy']).toContain(`script-src 'sha256-${hash}'`);
  const early = await api().post(`${PUBLIC}/objections`).send({ levelId: 'branch', candidateId: 'excellent_member--cm-m1', text: '群眾反映' });
  expect(early.status).toBe(409);
  expect(early.body.message).toContain('has not opened yet');
  expect((await api().post(`${PUBLIC}/objections`).send({ levelId: 'branch', candidateId: 'excellent_member--cm-m1', text: '群眾反映', name: 'x' })).status).toBe(400);
});

test("when a level has closed, then an objection, public or by letter, is 409 'the public notice window has closed'", async () => {
  expect((await api().post(`${C}/commendations`).set('Authorization', t.auth('office')).send({ roundId: 'late' })).status).toBe(201);
  const level = t.env.client.workflow.getHandle(commendationLevelWorkflowId(CAMPAIGN, 'late', 'branch'));
  await eventually(async () => (await api().get(`${C}/commendations/late/levels/branch`).set('Authorization', t.auth('office'))).status === 200, 30_000);
  // Closed, as a level is after 表彰 (the workflow is no longer running).
  await level.terminate('the level has closed');
  const late = await api().post(`/public/commendations/${CAMPAIGN}/late/objections`).send({ levelId: 'branch', candidateId: 'excellent_member--cm-m1', text: '群眾反映' });
  expect(late.status).toBe(409);
  expect(late.body.message).toContain('the public notice window has closed');
  const letter = await api().post(`${C}/commendations/late/levels/branch/candidates/excellent_member--cm-m1/objections`).set('Authorization', t.auth('office')).send({ text: '來信' });
  expect(letter.status).toBe(409);
  expect(letter.body.message).toContain('the public notice window has closed');
});

test('when one address sends more public objections than the limit, then it gets 429 with Retry-After', async () => {
  const app = t.appWith({});
  const send = () => request(app).post(`${PUBLIC}/objections`).send({ levelId: 'branch', candidateId: 'excellent_member--cm-m1', text: '群眾反映' });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i += 1) statuses.push((await send()).status);
  expect(statuses).toEqual([409, 409, 409, 409, 409]);
  const limited = await send();
  expect(limited.status).toBe(429);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  expect(limited.body.error).toBe('TooManyRequests');
});
