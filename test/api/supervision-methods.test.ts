/**
 * Supervision as the seeds practise it, through the API (issue 15): every
 * method a kind (聽取匯報 taken under its old value "hearing" too), leaders'
 * contact points (聯繫點) and their visits, the schedule, criticism of poor
 * effort (不重視、不得力、少創新), and the bad inputs each refuses with what to do.
 * Every reply is checked against its documented schema (test/api/support.ts).
 */
import request from 'supertest';
import { addDays } from '../../domain/calendar';
import type { PlanInput } from '../../domain/plan';
import { eventually } from '../support/campaign-script';
import { localToday, planStartingToday, startApiTestEnv, type ApiTestEnv, type Person } from './support';

const CAMPAIGN = 'supervise-api';
const [B1, B2, O1] = ['committee-b1', 'committee-b2', 'other-b1'];
/** A branch in an ethnic and religious area, imported with two tags. */
const B3 = 'committee-b3';
const TODAY = localToday();

let t: ApiTestEnv;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });
const C = `/campaigns/${CAMPAIGN}`;
const paths = (res: request.Response) => (res.body.problems ?? []).map((p: { path: string }) => p.path);

function plan(): PlanInput {
  const base = planStartingToday('supervise-api-plan', TODAY);
  return {
    ...base,
    supervisionSchedule: [{ id: 'forum', kind: 'forum', phase: 'mobilization', every: 'once', target: { kind: 'subtrees', unitIds: ['committee'] } }],
    contactPoints: { every: 'monthly', phases: ['mobilization'], graceDays: 3 },
    unitThemes: { agency: { zh: '機關作風建設', en: 'agency work style' } },
    tagThemes: { ethnic_religious_area: { zh: '落實民族和宗教政策', en: 'carry out the ethnic and religious policies' } },
  };
}

beforeAll(async () => {
  t = await startApiTestEnv();
  const imported = await api()
    .post('/units/import')
    .set(as('office'))
    .send([{ id: B3, parentId: 'committee', name: '第三黨支部', type: 'agency', secretary: { name: '馬書記' }, tags: ['ethnic_religious_area', 'border'] }]);
  expect(imported.status).toBe(201);
  expect((await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: plan() })).status).toBe(201);
  for (const subtreeRootId of ['committee', 'other']) {
    expect((await api().post(`${C}/starts`).set(as('office')).send({ subtreeRootId, requestId: `start-${subtreeRootId}` })).status).toBe(202);
  }
  await eventually(async () => (await api().get(`${C}/progress`).set(as('office'))).body.totals?.done === true, 30_000);
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

describe('a plan whose cadence a phase cannot hold', () => {
  test('when a quarterly method is scheduled in a 31-day phase, then the campaign is refused (400) naming the path and saying to choose another cadence', async () => {
    const bad = { ...planStartingToday('bad-cadence', TODAY), supervisionSchedule: [{ id: 'touring', kind: 'touring_inspection', phase: 'mobilization', every: 'quarterly' }] };
    const res = await api().post('/campaigns').set(as('office')).send({ id: 'bad-cadence', plan: bad });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['supervisionSchedule.0.phase']);
    expect(JSON.stringify(res.body)).toContain('too short for a quarterly cadence');
  });
});

describe('supervision kinds', () => {
  test('when an event of an unknown kind is sent, then 400 lists the kinds', async () => {
    const res = await api().post(`${C}/supervision-events`).set(as('li')).send({ kind: 'hearing_of_witnesses', unitIds: [B1], findings: '聽證' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['kind']);
    expect(JSON.stringify(res.body)).toContain('touring_inspection');
  });

  test('when the old value "hearing" is sent, then it is recorded as hearing reports (聽取匯報), not 聽證', async () => {
    const res = await api().post(`${C}/supervision-events`).set(as('li')).send({ eventId: 'hearing-old', kind: 'hearing', unitIds: [B1], findings: '聽取工作匯報' });
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ kind: 'hearing_reports', kindLabel: { zh: '聽取匯報/工作匯報會' } });
  });

  test('when the scheduled forum is recorded, then the event carries the occurrence it carried out and the schedule shows it recorded', async () => {
    const res = await api().post(`${C}/supervision-events`).set(as('li')).send({ eventId: 'forum-1', kind: 'forum', subtreeRootId: 'committee', findings: '座談會：支部書記發言' });
    expect(res.status).toBe(201);
    expect(res.body.event.scheduledId).toBe(`method/forum/mobilization/${TODAY}`);
    const schedule = await api().get(`${C}/supervision-schedule`).set(as('li'));
    expect(schedule.status).toBe(200);
    expect(schedule.body.obligations.find((o: { id: string }) => o.id === res.body.event.scheduledId)).toMatchObject({ recordedEventId: 'forum-1', kindLabel: { zh: '座談會' } });
  });
});

describe('contact points (聯繫點)', () => {
  test('when a supervisor designates a unit they supervise, then 200 and the contact point is theirs', async () => {
    const res = await api().post(`${C}/contact-points`).set(as('li')).send({ unitIds: [B1] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ leaderId: 'li', added: [B1], contactPoints: [{ leaderId: 'li', unitId: B1, designatedBy: 'li' }] });
  });

  test('when a supervisor designates a unit outside their subtree, then 404 word for word as for an unknown unit', async () => {
    const outside = await api().post(`${C}/contact-points`).set(as('li')).send({ unitIds: [O1] });
    const ghost = await api().post(`${C}/contact-points`).set(as('li')).send({ unitIds: ['ghost-unit'] });
    expect(outside.status).toBe(404);
    expect(outside.body.message.replace(O1, 'ghost-unit')).toBe(ghost.body.message);
  });

  test('when the office designates without a leader, or a unit outside the leader’s scope, then 400 and 409 say what to do; a unit user is 403', async () => {
    const noLeader = await api().post(`${C}/contact-points`).set(as('office')).send({ unitIds: [B2] });
    expect(noLeader.status).toBe(400);
    expect(paths(noLeader)).toEqual(['leaderId']);
    const outside = await api().post(`${C}/contact-points`).set(as('office')).send({ unitIds: [O1], leaderId: 'li' });
    expect(outside.status).toBe(409);
    expect(outside.body.message).toContain('outside the scope of leader "li"');
    expect((await api().post(`${C}/contact-points`).set(as('u1')).send({ unitIds: [B1] })).status).toBe(403);
  });

  test('when a visit is recorded for a unit that is not the leader’s contact point, then 409 says to designate it first; a visit to the contact point is recorded', async () => {
    const refused = await api().post(`${C}/supervision-events`).set(as('li')).send({ kind: 'contact_point_visit', unitIds: [B2], findings: '走訪' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(`POST /campaigns/${CAMPAIGN}/contact-points`);
    const visit = await api().post(`${C}/supervision-events`).set(as('li')).send({ eventId: 'visit-1', kind: 'contact_point_visit', unitIds: [B1], findings: '指導工作' });
    expect(visit.status).toBe(201);
    const schedule = await api().get(`${C}/supervision-schedule`).set(as('li'));
    expect(schedule.body.obligations.filter((o: { leaderId: string | null }) => o.leaderId === 'li')).toEqual([
      expect.objectContaining({ unitIds: [B1], recordedEventId: 'visit-1', kind: 'contact_point_visit', start: TODAY }),
    ]);
  });

  test('when the leader has a second contact point not yet visited, then /me/duties lists that visit as due, and not the one visited', async () => {
    expect((await api().post(`${C}/contact-points`).set(as('office')).send({ unitIds: [B2], leaderId: 'li' })).status).toBe(200);
    const duties = await eventually(async () => {
      const res = await api().get('/me/duties').query({ campaignId: CAMPAIGN }).set(as('li'));
      const visits = res.body.duties?.filter((d: { kind: string }) => d.kind === 'visit_contact_point');
      return visits?.length ? visits : undefined;
    }, 20_000);
    expect(duties).toEqual([expect.objectContaining({ unitId: B2, kindLabel: { zh: '待走訪聯繫點', en: 'visit the contact point' }, overdue: false, obligationId: expect.stringContaining(`visit/li/${B2}/`) })]);
    const wang = await api().get('/me/duties').query({ campaignId: CAMPAIGN }).set(as('wang'));
    expect(wang.body.duties.filter((d: { kind: string }) => d.kind === 'visit_contact_point')).toEqual([]);
  });

  test('when another tree’s supervisor reads the schedule, then it holds nothing of the committee’s units', async () => {
    const res = await api().get(`${C}/supervision-schedule`).set(as('wang'));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('committee');
  });
});

describe('themes (分類指導) by type and by tag', () => {
  test('when a unit of a themed type carries two tags, one of them themed, then the unit view shows both themes that apply', async () => {
    const res = await api().get(`${C}/units/${B3}`).set(as('li'));
    expect(res.status).toBe(200);
    expect(res.body.themes).toEqual([
      { by: 'unit_type', key: 'agency', theme: { zh: '機關作風建設', en: 'agency work style' } },
      { by: 'tag', key: 'ethnic_religious_area', theme: { zh: '落實民族和宗教政策', en: 'carry out the ethnic and religious policies' } },
    ]);
    expect((await api().get(`${C}/units/${B1}`).set(as('li'))).body.themes.map((th: { by: string }) => th.by)).toEqual(['unit_type']);
  });

  test('when a unit is imported with a tag that is not a slug, then 400 names the row and field', async () => {
    const res = await api().post('/units/import').set(as('office')).send([{ id: 'committee-b4', parentId: 'committee', name: '第四黨支部', type: 'agency', secretary: { name: '牛書記' }, tags: ['民族地區'] }]);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['rows.0.tags.0']);
  });
});

describe('the first responsible person (第一責任人)', () => {
  test('when nobody was named, then the unit view shows the secretary as the first responsible person', async () => {
    const res = await api().get(`${C}/units/${B1}`).set(as('u1'));
    expect(res.body.firstResponsible).toEqual({ person: { name: '王書記' }, source: 'secretary', namedBy: null, namedAt: null, reason: null });
  });

  test('when a supervisor names another person with a reason, then the ledger records the change and the unit view shows them; without a reason 400', async () => {
    const noReason = await api().put(`${C}/units/${B1}/first-responsible`).set(as('li')).send({ name: '孫副書記' });
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['reason']);
    const res = await api().put(`${C}/units/${B1}/first-responsible`).set(as('li')).send({ changeId: 'f-1', name: '孫副書記', email: 'sun@example.test', reason: '書記長期病休' });
    expect(res.status).toBe(200);
    expect(res.body.firstResponsible).toMatchObject({ person: { name: '孫副書記', email: 'sun@example.test' }, source: 'named', namedBy: 'li', reason: '書記長期病休' });
    const view = await api().get(`${C}/units/${B1}`).set(as('office'));
    expect(view.body.firstResponsible).toMatchObject({ person: { name: '孫副書記' }, source: 'named' });
    const entries = await t.h.ledger.list({ campaignId: CAMPAIGN, kinds: ['first_responsible.named'], limit: 10 });
    expect(entries.map((e) => [e.unitId, e.actor, e.payload.reason])).toEqual([[B1, 'li', '書記長期病休']]);
    expect((await api().put(`${C}/units/${B1}/first-responsible`).set(as('u1')).send({ name: '某人', reason: '自薦' })).status).toBe(403);
  });
});

describe('criticism for poor effort (不重視、不得力、少創新)', () => {
  test('when a supervisor criticises without a reason or with an unknown ground, then 400 names the field', async () => {
    const noReason = await api().post(`${C}/units/${B2}/criticisms`).set(as('li')).send({ grounds: ['not_serious'] });
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['reason']);
    const badGround = await api().post(`${C}/units/${B2}/criticisms`).set(as('li')).send({ grounds: ['lazy'], reason: '不得力' });
    expect(badGround.status).toBe(400);
    expect(paths(badGround)).toEqual(['grounds.0']);
  });

  test('when a supervisor criticises a unit with grounds, reason and evidence, then 201 with the rectification (限期整改) of source poor_effort, and the ledger records it', async () => {
    const res = await api()
      .post(`${C}/units/${B2}/criticisms`)
      .set(as('li'))
      .send({ criticismId: 'c-1', grounds: ['not_serious', 'little_innovation'], reason: '活動流於形式', evidence: { text: '兩次檢查均無記錄', links: [] }, dueDate: addDays(TODAY, 10) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      criticismId: 'c-1',
      unitId: B2,
      groundsLabels: [{ zh: '思想上不重視' }, { zh: '實施上少創新' }],
      rectification: { itemId: 'criticism-c-1', source: 'poor_effort', dueDate: addDays(TODAY, 10), status: 'open' },
    });
    const entries = await t.h.ledger.list({ campaignId: CAMPAIGN, kinds: ['criticism.poor_effort'], limit: 10 });
    expect(entries.map((e) => [e.unitId, e.actor, e.payload.reason])).toEqual([[B2, 'li', '活動流於形式']]);
  });

  test('when another tree’s supervisor criticises a committee unit, then 404 as for an unknown unit', async () => {
    const res = await api().post(`${C}/units/${B2}/criticisms`).set(as('wang')).send({ grounds: ['not_effective'], reason: '不得力' });
    expect(res.status).toBe(404);
  });
});
