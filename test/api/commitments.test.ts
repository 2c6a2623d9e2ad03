/**
 * Public commitments (公開承諾, issue 13) over REST: publish, report, review,
 * rate, coverage (JSON and CSV); who may do what across subtrees; and every
 * bad input refused with what to do, nothing recorded.
 *
 *   committee (li)            other (wang)
 *   ├── committee-b1 (u1)     └── other-b1 (u3)
 *   └── committee-b2 (u2)
 */
import request from 'supertest';
import { eventually } from '../support/campaign-script';
import { localToday, planStartingToday, startApiTestEnv, type ApiTestEnv, type Person } from './support';

let t: ApiTestEnv;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });
const CAMPAIGN = 'commitments-api';
const C = `/campaigns/${CAMPAIGN}`;
const U = (unit: string) => `${C}/units/${unit}`;
const commitment = (commitmentId: string, extra: Record<string, unknown> = {}) => ({
  commitmentId,
  content: '為群眾辦好一件實事',
  dueDate: localToday(20),
  audience: 'masses',
  channels: ['notice_board', 'broadcast'],
  ...extra,
});
const ledgerOf = async (unitId: string) => (await api().get(`${C}/ledger`).set(as('office')).query({ unitId, limit: '1000' })).body.entries as Array<{ kind: string; payload: Record<string, unknown> }>;

beforeAll(async () => {
  t = await startApiTestEnv();
  expect((await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: { ...planStartingToday('commitments-plan'), commitments: { coverageTargetPercent: 100 } } })).status).toBe(201);
  expect((await api().post('/units/committee-b1/members/import').set(as('u1')).send([{ id: 'k-m1', name: '黨員甲' }, { id: 'k-m2', name: '黨員乙' }])).status).toBe(201);
  expect((await api().post('/units/committee-b2/members/import').set(as('u2')).send([{ id: 'k-m3', name: '黨員丙' }])).status).toBe(201);
  // Flowed out of other-b1 into committee-b1: committee-b1 runs the campaign, other-b1 reads it.
  expect((await api().post('/units/committee-b1/members/import').set(as('u1')).send([{ id: 'k-float', name: '流動黨員', floating: true, outflowUnitId: 'other-b1' }])).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('publishing and keeping a commitment', () => {
  test('when a unit publishes its own and its members’ commitments, then coverage of its units and members is 100 %, and the supervisor sees the subtree’s share', async () => {
    expect((await api().post(`${U('committee-b1')}/commitments`).set(as('u1')).send(commitment('unit-1'))).status).toBe(201);
    const member = await api().post(`${U('committee-b1')}/commitments`).set(as('u1')).send(commitment('m1-1', { memberId: 'k-m1', audience: 'organisation', channels: ['meeting'] }));
    expect(member.status).toBe(201);
    expect(member.body).toEqual({ campaignId: CAMPAIGN, unitId: 'committee-b1', commitmentId: 'm1-1', memberId: 'k-m1', dueDate: localToday(20), status: 'published' });
    expect((await api().post(`${U('committee-b1')}/commitments`).set(as('u1')).send(commitment('m2-1', { memberId: 'k-m2' }))).status).toBe(201);
    expect((await api().post(`${U('committee-b1')}/commitments`).set(as('u1')).send(commitment('float-1', { memberId: 'k-float' }))).status).toBe(201);

    const own = await eventually(async () => {
      const res = await api().get(`${C}/commitments/coverage`).set(as('u1')).query({ subtreeRootId: 'committee-b1' });
      return res.body.members?.withCommitments === 3 ? res : undefined;
    });
    expect(own.body).toMatchObject({ units: { total: 1, withCommitments: 1, percent: 100 }, members: { total: 3, withCommitments: 3, percent: 100 }, targetPercent: 100, unitsMet: true, membersMet: true });

    // committee (no commitment), b1 (yes), b2 (no): 1 of 3 units; 3 of 4 members.
    const subtree = await api().get(`${C}/commitments/coverage`).set(as('li')).query({ subtreeRootId: 'committee' });
    expect(subtree.body).toMatchObject({ units: { total: 3, withCommitments: 1, percent: 33.33 }, members: { total: 4, withCommitments: 3, percent: 75 }, unitsMet: false, membersMet: false });
    const csv = await api().get(`${C}/commitments/coverage`).set(as('li')).query({ subtreeRootId: 'committee', format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.replace(/^\uFEFF/, '').trim().split('\n')).toEqual(['what,total,with_commitments,percent,target_percent,met', 'units,3,1,33.33,100,no', 'members,4,3,75,100,no']);
  });

  test('when the unit reports, the supervisor reviews and enters the masses’ counts, then the commitment is fulfilled and the ledger has each step with the member id', async () => {
    const base = `${U('committee-b1')}/commitments/m1-1`;
    expect((await api().post(`${base}/report`).set(as('u1')).send({ evidence: { text: '已完成', links: [] } })).status).toBe(200);
    expect((await api().post(`${base}/review`).set(as('li')).send({ rating: 'excellent', comment: '群眾認可' })).status).toBe(200);
    const rated = await api().post(`${base}/rating`).set(as('li')).send({ counts: { satisfied: 20, basically_satisfied: 5, unsatisfied: 1 } });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ status: 'fulfilled', fulfilled: true, statusLabel: { zh: '已踐諾' } });
    const kinds = (await ledgerOf('committee-b1')).filter((e) => e.payload.commitmentId === 'm1-1');
    expect(kinds.map((e) => e.kind)).toEqual(['commitment.published', 'commitment.reported', 'commitment.reviewed', 'commitment.rated', 'commitment.fulfilled']);
    expect(kinds.every((e) => e.payload.memberId === 'k-m1')).toBe(true);
    // A fulfilled commitment takes nothing more.
    expect((await api().post(`${base}/rating`).set(as('li')).send({ counts: { satisfied: 1, basically_satisfied: 0, unsatisfied: 0 } })).status).toBe(409);
  });
});

describe('who may act on commitments', () => {
  test("when a floating member's outflow unit reads the member's commitments, then it sees them; another unit gets 404", async () => {
    const outflow = await api().get(`${C}/members/k-float/commitments`).set(as('u3'));
    expect(outflow.status).toBe(200);
    expect(outflow.body.commitments).toEqual([expect.objectContaining({ commitmentId: 'float-1', unitId: 'committee-b1', memberId: 'k-float' })]);
    expect((await api().get(`${C}/members/k-m1/commitments`).set(as('u3'))).status).toBe(404);
    expect((await api().get(`${C}/members/k-m1/commitments`).set(as('u2'))).status).toBe(404);
  });

  test('when a unit publishes for a sibling, then 404 as for an unknown unit; a supervisor may not publish (403), a unit may not review (403)', async () => {
    expect((await api().post(`${U('committee-b2')}/commitments`).set(as('u1')).send(commitment('x-1'))).status).toBe(404);
    expect((await api().post(`${U('committee-b1')}/commitments`).set(as('li')).send(commitment('x-2'))).status).toBe(403);
    expect((await api().post(`${U('committee-b1')}/commitments/unit-1/review`).set(as('u1')).send({ rating: 'good' })).status).toBe(403);
  });

  test('when a supervisor of another tree reviews or reads coverage, then 404', async () => {
    expect((await api().post(`${U('committee-b1')}/commitments/unit-1/review`).set(as('wang')).send({ rating: 'good' })).status).toBe(404);
    expect((await api().get(`${C}/commitments/coverage`).set(as('wang')).query({ subtreeRootId: 'committee' })).status).toBe(404);
    expect((await api().get(`${U('committee-b1')}/commitments/unit-1`).set(as('u3'))).status).toBe(404);
  });
});

describe('bad input is refused and nothing is recorded', () => {
  const publishedIds = async () => (await ledgerOf('committee-b1')).filter((e) => e.kind === 'commitment.published').map((e) => e.payload.commitmentId);

  test('when the member belongs to another unit, then 400 naming memberId and where to publish it', async () => {
    const res = await api().post(`${U('committee-b1')}/commitments`).set(as('u1')).send(commitment('bad-member', { memberId: 'k-m3' }));
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ path: 'memberId', message: expect.stringContaining('is not a member of unit "committee-b1"') }]);
    expect(await publishedIds()).not.toContain('bad-member');
  });

  test('when the completion date is outside the campaign, then 400 naming the window', async () => {
    const res = await api().post(`${U('committee-b1')}/commitments`).set(as('u1')).send(commitment('bad-date', { dueDate: localToday(-30) }));
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ path: 'dueDate', message: expect.stringContaining('outside the campaign') }]);
    expect(await publishedIds()).not.toContain('bad-date');
  });

  test('when a commitment id is published twice, then 409 and the first stands', async () => {
    const res = await api().post(`${U('committee-b1')}/commitments`).set(as('u1')).send(commitment('unit-1', { content: '另一個內容' }));
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('choose another commitmentId');
    expect((await api().get(`${U('committee-b1')}/commitments/unit-1`).set(as('u1'))).body.content).toBe('為群眾辦好一件實事');
  });

  test('when a review rating is outside its scale, then 400 listing the scale', async () => {
    await api().post(`${U('committee-b1')}/commitments/unit-1/report`).set(as('u1')).send({ evidence: { text: '已完成', links: [] } });
    const res = await api().post(`${U('committee-b1')}/commitments/unit-1/review`).set(as('li')).send({ rating: 'superb' });
    expect(res.status).toBe(400);
    expect(res.body.problems[0]).toMatchObject({ path: 'rating', message: expect.stringContaining('excellent, good, fair, poor') });
  });

  test('when the masses’ counts are negative or not whole, then 400 for each, and no rating is recorded', async () => {
    const res = await api().post(`${U('committee-b1')}/commitments/unit-1/rating`).set(as('li')).send({ counts: { satisfied: -1, basically_satisfied: 2.5, unsatisfied: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(['counts.satisfied', 'counts.basically_satisfied']);
    expect((await ledgerOf('committee-b1')).filter((e) => e.kind === 'commitment.rated' && e.payload.commitmentId === 'unit-1')).toEqual([]);
  });

  test('when a rating is entered before any fulfilment report, then 409 saying to report first', async () => {
    const res = await api().post(`${U('committee-b1')}/commitments/m2-1/rating`).set(as('li')).send({ counts: { satisfied: 1, basically_satisfied: 0, unsatisfied: 0 } });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('no fulfilment report yet');
  });
});
