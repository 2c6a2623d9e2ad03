/**
 * Members (黨員, issue 13): import all or nothing with every problem named by
 * row, floating members (流動黨員) read by their outflow unit, and who may
 * import and read whose members.
 *
 *   committee (li)            other (wang)
 *   ├── committee-b1 (u1)     └── other-b1 (u3)
 *   └── committee-b2 (u2)
 */
import request from 'supertest';
import { startApiTestEnv, type ApiTestEnv, type Person } from './support';

let t: ApiTestEnv;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });

beforeAll(async () => {
  t = await startApiTestEnv();
});

afterAll(async () => {
  await t?.stop();
});

const b1Members = [
  { id: 'b1-secretary', name: '王書記', role: 'secretary' },
  { id: 'b1-committee', name: '委員甲', role: 'committee_member' },
  { id: 'b1-worker', name: '黨務乙', role: 'party_worker' },
  { id: 'b1-member', name: '黨員丙' },
  // Flowed out of other-b1 into committee-b1: committee-b1 runs the campaign, other-b1 reads.
  { id: 'b1-floating', name: '流動丁', floating: true, outflowUnitId: 'other-b1' },
];

describe('importing members', () => {
  test('when a unit user imports its own members as JSON, then they are listed with bilingual roles, and the floating one also by its outflow unit', async () => {
    const res = await api().post('/units/committee-b1/members/import').set(as('u1')).send(b1Members);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ members: 5 });

    const own = await api().get('/units/committee-b1/members').set(as('u1'));
    expect(own.status).toBe(200);
    expect(own.body.members.map((m: { id: string; relation: string }) => [m.id, m.relation])).toEqual([
      ['b1-committee', 'own'],
      ['b1-floating', 'own'],
      ['b1-member', 'own'],
      ['b1-secretary', 'own'],
      ['b1-worker', 'own'],
    ]);
    expect(own.body.members.find((m: { id: string }) => m.id === 'b1-worker')).toMatchObject({ role: 'party_worker', roleLabel: { zh: '黨務工作者', en: 'party worker' } });

    const outflow = await api().get('/units/other-b1/members').set(as('u3'));
    expect(outflow.body.members).toEqual([expect.objectContaining({ id: 'b1-floating', unitId: 'committee-b1', floating: true, outflowUnitId: 'other-b1', relation: 'outflow' })]);
    expect((await api().get('/members/b1-floating').set(as('u3'))).status).toBe(200);
    expect((await api().get('/members/b1-member').set(as('u3'))).status).toBe(404);
  });

  test('when the office imports members of several units as CSV, then each lands in its unit', async () => {
    const csv = 'id,unit_id,name,role\nb2-a,committee-b2,黨員甲,member\n"b2-b",committee-b2,"黨員乙",secretary\no1-a,other-b1,社區黨員,\n';
    const res = await api().post('/members/import').set(as('office')).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ members: 3 });
    const b2 = await api().get('/units/committee-b2/members').set(as('li'));
    expect(b2.body.members.map((m: { id: string }) => m.id)).toEqual(['b2-a', 'b2-b']);
  });

  test('when a file has problems, then each is named with its row and nothing is imported', async () => {
    const res = await api()
      .post('/units/committee-b1/members/import')
      .set(as('u1'))
      .send([
        { id: 'ok-1', name: '好黨員' },
        { id: 'b1-member', name: '重複' }, // exists already
        { id: 'x-2', name: '外單位', unitId: 'committee-b2' }, // a member of another unit
        { id: 'x-3', name: '', role: 'chief' },
        { id: 'ok-1', name: '同號' },
        { id: 'x-5', name: '流出未填', floating: true },
        { id: 'x-6', name: '無此流出', floating: true, outflowUnitId: 'nowhere' },
      ]);
    expect(res.status).toBe(400);
    const paths = res.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(['rows.1.id', 'rows.2.unitId', 'rows.3.name', 'rows.3.role', 'rows.4.id', 'rows.5.outflowUnitId', 'rows.6.outflowUnitId']);
    expect(res.body.problems[1].message).toContain('POST /units/committee-b2/members/import');
    expect(res.body.problems[0].message).toContain('already exists');
    expect((await api().get('/members/ok-1').set(as('office'))).status).toBe(404);
  });

  test('when a CSV file has a bad cell, then the problem names its CSV line', async () => {
    const res = await api().post('/units/committee-b1/members/import').set(as('u1')).set('Content-Type', 'text/csv').send('id,name,floating\nc-1,甲,maybe\n');
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ path: 'rows.0.floating', message: expect.stringContaining('CSV line 2') }]);
  });

  test('when the body is neither JSON nor CSV, then 415', async () => {
    const res = await api().post('/members/import').set(as('office')).set('Content-Type', 'text/plain').send('x');
    expect(res.status).toBe(415);
  });
});

describe('who may import and read members', () => {
  test('when a unit user imports for another unit, then 404 as for an unknown unit; a supervisor may not import at all (403)', async () => {
    expect((await api().post('/units/committee-b2/members/import').set(as('u1')).send([{ id: 'n-1', name: '甲' }])).status).toBe(404);
    const supervisor = await api().post('/units/committee-b1/members/import').set(as('li')).send([{ id: 'n-1', name: '甲' }]);
    expect(supervisor.status).toBe(403);
    expect((await api().post('/members/import').set(as('u1')).send([{ id: 'n-1', unitId: 'committee-b1', name: '甲' }])).status).toBe(403);
  });

  test("when a supervisor reads members, then their subtree's are visible and another tree's are 404", async () => {
    expect((await api().get('/units/committee-b1/members').set(as('li'))).status).toBe(200);
    expect((await api().get('/members/b1-member').set(as('li'))).status).toBe(200);
    expect((await api().get('/units/committee-b1/members').set(as('wang'))).status).toBe(404);
    expect((await api().get('/members/b1-member').set(as('wang'))).status).toBe(404);
    // wang supervises other-b1, the floating member's outflow unit.
    expect((await api().get('/members/b1-floating').set(as('wang'))).status).toBe(200);
  });

  test('when a unit user reads a sibling unit or its member, then 404, word for word as for one that does not exist', async () => {
    const sibling = await api().get('/members/b1-member').set(as('u2'));
    const ghost = await api().get('/members/no-such-member').set(as('u2'));
    expect(sibling.status).toBe(404);
    expect(sibling.body.message.replace('b1-member', 'X')).toBe(ghost.body.message.replace('no-such-member', 'X'));
  });
});
