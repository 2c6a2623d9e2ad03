/**
 * The authorisation matrix (issue 10), generated from the route declarations:
 * every declared route × every caller (the office, three supervisors, two unit
 * users) × the caller's relation to the target unit (own, descendant,
 * ancestor, sibling, other tree). A route declared without an entry here makes
 * the first test fail.
 *
 *   bureau-a (li)                          county-b (wang)
 *   ├── bureau-a-team1 (u1)                └── county-b-village1
 *   │    └── bureau-a-team1-cell
 *   ├── bureau-a-team2
 *   └── bureau-a-team3 (zhou)
 *        └── bureau-a-team3-cell (u4)
 *
 * Each case checks: a role the route does not admit is 403; a unit outside the
 * caller's scope is 404, word for word the answer for a unit that does not
 * exist; anything else is let through (the route's own statuses, e.g. 409 for a
 * task not submitted). Every body (2xx or not) is walked for the ids, names and
 * secretaries' contacts of units outside the caller's scope.
 */
import request from 'supertest';
import { parseMembersJson } from '../../domain/members';
import { parseUnitsJson } from '../../domain/units';
import { eventually } from '../support/campaign-script';
import { ALL_ROWS, ALL_UNITS, C, CALLERS, CAMPAIGN, CASES, DECLARED, GHOST, MATRIX, PERIOD, ROWS, TARGETS, U, callerOf, day, evidence, expected, keyOf, matrixPlan, type Call, type Caller, type Case } from './authorization-matrix.cases';
import { startApiTestEnv, type ApiTestEnv } from './support';

// ------------------------------------------------------------------ the leak walk

interface Secret {
  unitId: string;
  what: string;
  test: (text: string) => boolean;
}

const idPattern = (id: string) => new RegExp(`(?<![A-Za-z0-9_-])${id.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`);

/** Everything about the units outside the caller's scope that no body may carry. */
function secretsFor(caller: Caller, allowed: string[] = []): Secret[] {
  const sees = new Set([...callerOf(caller).sees, ...allowed]);
  return ALL_ROWS.filter((row) => !sees.has(row.id)).flatMap((row) => {
    const secretary = row.secretary as { name: string; email?: string; phone?: string };
    const values = [
      { what: 'id', test: (text: string) => idPattern(row.id).test(text) },
      { what: 'name', test: (text: string) => text.includes(row.name) },
      { what: 'secretary name', test: (text: string) => text.includes(secretary.name) },
      ...(secretary.email ? [{ what: 'secretary e-mail', test: (text: string) => text.includes(secretary.email!) }] : []),
      ...(secretary.phone ? [{ what: 'secretary phone', test: (text: string) => text.includes(secretary.phone!) }] : []),
    ];
    // An id that is only the request's own echo is allowed (see `allowed`); a name never is.
    return values.filter((v) => !(allowed.includes(row.id) && v.what === 'id')).map((v) => ({ unitId: row.id, ...v }));
  });
}

/** Every string in a body (keys included), with its JSON path. */
function strings(value: unknown, path = '$'): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [{ path: `${path}.${k} (key)`, text: k }, ...strings(v, `${path}.${k}`)]);
  }
  return [];
}

function leaks(body: unknown, caller: Caller, allowed: string[] = []): string[] {
  const secrets = secretsFor(caller, allowed);
  return strings(body).flatMap(({ path, text }) => secrets.filter((s) => s.test(text)).map((s) => `${path}: the ${s.what} of "${s.unitId}" in ${JSON.stringify(text).slice(0, 160)}`));
}

// ------------------------------------------------------------------ set-up

let t: ApiTestEnv;
const tokens = {} as Record<Caller, string>;
const api = () => request(t.server.url);
const as = (caller: Caller) => ({ Authorization: `Bearer ${tokens[caller]}` });

async function send(caller: Caller, call: Call): Promise<request.Response> {
  let req = api()[call.method](call.url).set(as(caller));
  if (call.query) req = req.query(call.query);
  return call.body === undefined ? req : req.send(call.body as object);
}

beforeAll(async () => {
  // The shared cast's office and supervisors (li, wang), over this file's own tree.
  t = await startApiTestEnv({ importUnits: false });
  await t.h.units.importTree(parseUnitsJson(ROWS));
  await t.users.createUser({ id: 'zhou', name: '周部長', role: 'supervisor' });
  await t.users.createUser({ id: 'u1', name: '一隊聯絡員', role: 'unit', unitId: 'bureau-a-team1' });
  await t.users.createUser({ id: 'u4', name: '三隊聯絡員', role: 'unit', unitId: 'bureau-a-team3-cell' });
  for (const caller of CALLERS) tokens[caller.id] = caller.id in t.tokens ? t.tokens[caller.id as keyof typeof t.tokens] : await t.users.issueToken(caller.id);

  expect((await api().post('/campaigns').set(as('office')).send({ id: CAMPAIGN, plan: matrixPlan() })).status).toBe(201);
  for (const subtreeRootId of ['bureau-a', 'county-b']) {
    expect((await api().post(`${C}/starts`).set(as('office')).send({ subtreeRootId, requestId: `mx-start-${subtreeRootId}` })).status).toBe(202);
  }
  await t.h.storage.members.importMembers(parseMembersJson(ALL_UNITS.map((unitId) => ({ id: `mx-m-${unitId}`, unitId, name: '測試黨員' }))));
  for (const unitId of ALL_UNITS) {
    await eventually(async () => (await api().get(U(unitId)).set(as('office'))).status === 200, 30_000);
    const item = await api().post(`${U(unitId)}/rectifications`).set(as('office')).send({ itemId: 'mx-base', description: '基礎整改事項' });
    expect(item.status).toBe(201);
    const commitment = await api().post(`${U(unitId)}/commitments`).set(as('office')).send({ commitmentId: 'mx-kbase', content: '基礎承諾', dueDate: day(20), audience: 'masses', channels: ['meeting'] });
    expect(commitment.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

// ------------------------------------------------------------------ the tests

describe('the matrix covers the declared routes', () => {
  test('when a route is declared, then it has a matrix entry, and every entry is a declared route', () => {
    const declared = DECLARED.map(keyOf).sort();
    expect(declared.filter((key) => !MATRIX[key])).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !declared.includes(key))).toEqual([]);
    expect(declared.length).toBeGreaterThan(30);
  });

  test('when the cases are generated, then each unit-scoped route has every caller at every relation it has, and the rest every caller', () => {
    const relations = Object.values(TARGETS).reduce((n, targets) => n + Object.keys(targets).length, 0);
    const scoped = DECLARED.filter((r) => MATRIX[keyOf(r)]?.unitScoped).length;
    const plainRoutes = DECLARED.filter((r) => MATRIX[keyOf(r)] && !MATRIX[keyOf(r)].unitScoped).length;
    expect(CASES).toHaveLength(scoped * relations + plainRoutes * CALLERS.length);
    // The dimensions: three roles, five relations.
    expect(new Set(CALLERS.map((c) => c.role))).toEqual(new Set(['admin', 'supervisor', 'unit']));
    expect(new Set(CASES.map((c) => c.relation))).toEqual(new Set(['own', 'descendant', 'ancestor', 'sibling', 'other tree', 'none']));
  });
});

const title = (c: Case) =>
  `${c.caller} (${callerOf(c.caller).about})${c.relation === 'none' ? '' : `, ${c.relation} unit ${c.target}`}: ${
    { role: '403 for the role', scope: '404 as for an unknown unit', through: 'let through' }[expected(c)]
  }`;

describe.each(DECLARED.filter((r) => MATRIX[keyOf(r)]).map((r) => [keyOf(r), r] as const))('%s', (key) => {
  test.each(CASES.filter((c) => keyOf(c.route) === key).map((c) => [title(c), c] as const))('%s', async (_title, c) => {
    const call = c.entry.call(c.target, c.n);
    const res = await send(c.caller, call);
    const outcome = expected(c);
    const where = `${call.method.toUpperCase()} ${call.url} ${JSON.stringify(call.query ?? {})} as ${c.caller}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;

    if (outcome === 'role') {
      expect({ where, status: res.status, error: res.body.error }).toEqual({ where, status: 403, error: 'Forbidden' });
    } else if (outcome === 'scope') {
      expect({ where, status: res.status }).toEqual({ where, status: 404 });
      // The same answer, word for word, as for a unit that does not exist.
      const ghost = await send(c.caller, c.entry.call(GHOST, c.n));
      expect({ status: ghost.status, body: JSON.parse(JSON.stringify(ghost.body).split(GHOST).join(c.target)) }).toEqual({ status: res.status, body: res.body });
    } else {
      expect({ where, ok: c.entry.ok.includes(res.status) }).toEqual({ where, ok: true });
    }
    // Whatever the answer, nothing about units outside the caller's scope (the unit asked about may be echoed).
    expect(leaks(res.body, c.caller, outcome === 'scope' ? [c.target] : [])).toEqual([]);
    expect(leaks(res.headers, c.caller, outcome === 'scope' ? [c.target] : [])).toEqual([]);
  });
});

// ------------------------------------------------------------------ the leaks of the probe, one by one

describe('the leaks the probe found', () => {
  test('when a supervisor of another tree reads the progress, then only their subtree is counted and no unit of the other tree is named', async () => {
    const office = await api().get(`${C}/progress`).set(as('office'));
    const wang = await api().get(`${C}/progress`).set(as('wang'));
    const zhou = await api().get(`${C}/progress`).set(as('zhou'));
    expect(office.status).toBe(200);
    expect(office.body.requests.length).toBeGreaterThan(0);
    expect(office.body.scope).toEqual({ kind: 'campaign', rootUnitIds: null });
    expect(office.body.startedUnits).toBeGreaterThanOrEqual(ALL_UNITS.length);
    expect(wang.status).toBe(200);
    expect(wang.body).toMatchObject({ requests: [], startedUnits: 2, totals: { started: 2, requested: null }, scope: { kind: 'subtrees', rootUnitIds: ['county-b'] } });
    expect(wang.body.phaseCounts.reduce((n: number, p: { units: number }) => n + p.units, 0)).toBe(2);
    expect(zhou.body).toMatchObject({ startedUnits: 2, scope: { rootUnitIds: ['bureau-a-team3'] } });
    expect(leaks(wang.body, 'wang')).toEqual([]);
    expect(leaks(zhou.body, 'zhou')).toEqual([]);
  });

  test("when a unit user lists its subtree, then it holds only itself, as GET /units/:child is 404 for it", async () => {
    const page = await api().get('/units/bureau-a-team1/subtree').set(as('u1'));
    expect(page.status).toBe(200);
    expect(page.body.units.map((u: { id: string }) => u.id)).toEqual(['bureau-a-team1']);
    expect(page.body.units[0]).toMatchObject({ parentId: null, path: '/bureau-a-team1/', secretary: { name: '王隊書記' } });
    const child = await api().get('/units/bureau-a-team1-cell').set(as('u1'));
    expect(child.status).toBe(404);
    expect(JSON.stringify(child.body)).not.toContain('孫組長');
    // The supervisor of the tree still lists the child with its secretary's contact details.
    const li = await api().get('/units/bureau-a-team1/subtree').set(as('li'));
    expect(li.body.units.map((u: { id: string }) => u.id)).toEqual(['bureau-a-team1', 'bureau-a-team1-cell']);
    expect(li.body.units[1].secretary).toEqual({ name: '孫組長', email: 'sun@example.test', phone: '13800000001' });
  });

  test('when a unit user asks for an unknown unit and for an existing one outside its scope, then both are the same 404', async () => {
    const unknown = await api().get(`/units/${GHOST}`).set(as('u1'));
    const existing = await api().get('/units/county-b-village1').set(as('u1'));
    expect(unknown.status).toBe(404);
    expect(existing.status).toBe(404);
    expect(existing.body.message.replace('county-b-village1', GHOST)).toBe(unknown.body.message);
    // The office still learns that a unit does not exist.
    expect((await api().get(`/units/${GHOST}`).set(as('office'))).status).toBe(404);
  });

  test('when a supervisor records an event on their own subtree naming an out-of-scope unit for a rectification, then the answer is the one acting on that unit directly gets, and nothing is recorded', async () => {
    const event = await api()
      .post(`${C}/supervision-events`)
      .set(as('zhou'))
      .send({ eventId: 'mx-cross-scope', kind: 'open_visit', subtreeRootId: 'bureau-a-team3', findings: '明查', rectifications: [{ unitId: 'bureau-a-team2', description: '越權整改' }] });
    const direct = await api().post(`${U('bureau-a-team2')}/rectifications`).set(as('zhou')).send({ description: '越權整改' });
    expect(direct.status).toBe(404);
    expect({ status: event.status, body: event.body }).toEqual({ status: direct.status, body: direct.body });
    const recorded = await t.h.db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE idempotency_key LIKE '%/supervision/mx-cross-scope%'");
    expect(recorded.rows[0].n).toBe(0);
    // A unit of the subtree that the event does not concern is still 400, naming the field.
    const notConcerned = await api()
      .post(`${C}/supervision-events`)
      .set(as('zhou'))
      .send({ eventId: 'mx-not-concerned', kind: 'open_visit', unitIds: ['bureau-a-team3'], findings: '明查', rectifications: [{ unitId: 'bureau-a-team3-cell', description: '整改' }] });
    expect(notConcerned.status).toBe(400);
    expect(notConcerned.body.problems.map((p: { path: string }) => p.path)).toEqual(['rectifications.0.unitId']);
  });

  test('when a supervisor pages the overdue board after a unit outside their scope, then it is refused as an unknown unit is', async () => {
    const outside = await api().get(`${C}/overdue`).query({ subtreeRootId: 'bureau-a-team3', afterUnitId: 'county-b-village1' }).set(as('zhou'));
    const unknown = await api().get(`${C}/overdue`).query({ subtreeRootId: 'bureau-a-team3', afterUnitId: GHOST }).set(as('zhou'));
    expect(outside.status).toBe(400);
    expect(JSON.parse(JSON.stringify(outside.body).split('county-b-village1').join(GHOST))).toEqual(unknown.body);
  });
});

// ------------------------------------------------------------------ positive controls

describe('each caller can still do its own work', () => {
  test('when u4 submits its task and zhou approves it, then it is approved; u4 reads it back and its own ledger', async () => {
    const submitted = await api().post(`${U('bureau-a-team3-cell')}/tasks/public-commitment/submit`).set(as('u4')).send(evidence);
    expect(submitted.status).toBe(200);
    const approved = await api().post(`${U('bureau-a-team3-cell')}/tasks/public-commitment/approve`).set(as('zhou')).send({ comment: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const view = await api().get(U('bureau-a-team3-cell')).set(as('u4'));
    expect(view.body.tasks.find((task: { taskId: string }) => task.taskId === 'public-commitment').status).toBe('approved');
    const ledger = await api().get(`${C}/ledger`).set(as('u4'));
    expect(ledger.status).toBe(200);
    expect(new Set(ledger.body.entries.map((e: { unitId: string }) => e.unitId))).toEqual(new Set(['bureau-a-team3-cell']));
  });

  test('when li reviews a unit deep in the tree and wang reads his overdue board, then both succeed within their scope', async () => {
    const review = await api()
      .post(`${U('bureau-a-team1-cell')}/reviews`)
      .set(as('li'))
      .send({ periodId: PERIOD, comment: '扎實', strengths: '學習扎實', weaknesses: '記錄不全', rating: 'excellent' });
    expect([201, 409]).toContain(review.status);
    const board = await api().get(`${C}/overdue`).query({ subtreeRootId: 'county-b' }).set(as('wang'));
    expect(board.status).toBe(200);
    expect(board.body.counts.units).toBe(2);
    expect(leaks(board.body, 'wang')).toEqual([]);
  });

  test("when each caller reads their duties, then every duty is about one of their units", async () => {
    for (const caller of CALLERS) {
      const res = await api().get('/me/duties').set(as(caller.id));
      expect(res.status).toBe(200);
      for (const duty of res.body.duties as Array<{ unitId: string }>) expect(caller.sees).toContain(duty.unitId);
    }
  });
});
