/**
 * The routes around the campaigns: health, the OpenAPI document and the docs
 * page, templates, the unit tree import and reads, sign-in, and the error
 * middleware's last resort.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { createStorage } from '../../adapters/storage';
import type { Pool } from '../../adapters/storage/database';
import { hashToken } from '../../adapters/storage/users-repository';
import { openApiPath } from '../../api/route';
import { AppError } from '../../domain/errors';
import { InvalidInputError } from '../../domain/validation';
import { UNIT_ROWS, startApiTestEnv, type ApiTestEnv, type Person } from './support';

let t: ApiTestEnv;
const api = () => request(t.server.url);
const as = (person: Person) => ({ Authorization: t.auth(person) });

/** The API as specified: every route must be served and documented. */
const SPECIFIED_ROUTES = [
  'GET /health',
  'GET /ready',
  'GET /templates',
  'POST /session',
  'GET /session',
  'DELETE /session',
  'GET /templates/:id',
  'POST /plans/simulate',
  'GET /campaigns/:id/summary-report',
  'POST /campaigns',
  'GET /campaigns',
  'GET /campaigns/:id',
  'POST /campaigns/:id/starts',
  'GET /campaigns/:id/progress',
  'GET /campaigns/:id/units/:unitId',
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/submit',
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/approve',
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/reject',
  'PUT /campaigns/:id/milestones/:milestoneId',
  'POST /campaigns/:id/deadlines',
  'GET /campaigns/:id/ledger',
  'GET /campaigns/:id/ledger/verify',
  'POST /units/import',
  'GET /units/:id',
  'GET /units/:id/subtree',
  // Follow-up (issue 5): extensions, point reviews, rectifications, supervision, dashboards, calendar, routes.
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/extension-requests',
  'POST /campaigns/:id/units/:unitId/tasks/:taskId/extension-requests/decision',
  'POST /campaigns/:id/units/:unitId/reviews',
  'POST /campaigns/:id/units/:unitId/classifications',
  'POST /campaigns/:id/units/:unitId/rectifications',
  'GET /campaigns/:id/units/:unitId/rectifications',
  'GET /campaigns/:id/units/:unitId/rectifications/:itemId',
  'POST /campaigns/:id/units/:unitId/rectifications/:itemId/report',
  'POST /campaigns/:id/units/:unitId/rectifications/:itemId/verify',
  'POST /campaigns/:id/units/:unitId/rectifications/:itemId/send-back',
  'POST /campaigns/:id/supervision-events',
  'GET /campaigns/:id/overdue',
  'GET /me/duties',
  'GET /holiday-calendar',
  'PUT /holiday-calendar/years/:year',
  'GET /notification-routes',
  'PUT /notification-routes',
  'DELETE /notification-routes',
  'POST /notification-routes/test-send',
  // Members and public commitments (issue 13).
  'POST /members/import',
  'POST /units/:id/members/import',
  'GET /units/:id/members',
  'GET /members/:memberId',
  'POST /campaigns/:id/units/:unitId/commitments',
  'GET /campaigns/:id/units/:unitId/commitments',
  'GET /campaigns/:id/units/:unitId/commitments/:commitmentId',
  'POST /campaigns/:id/units/:unitId/commitments/:commitmentId/report',
  'POST /campaigns/:id/units/:unitId/commitments/:commitmentId/review',
  'POST /campaigns/:id/units/:unitId/commitments/:commitmentId/rating',
  'GET /campaigns/:id/members/:memberId/commitments',
  'GET /campaigns/:id/commitments/coverage',
  // Commendation rounds (評選表彰, issue 14), and their public notice (公示).
  'POST /campaigns/:id/commendations',
  'GET /campaigns/:id/commendations/:roundId/levels/:levelId',
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/recommendations',
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/close-recommendations',
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/assessment',
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/decision',
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/objections',
  'POST /campaigns/:id/commendations/:roundId/levels/:levelId/candidates/:candidateId/objections/:objectionId/resolution',
  'GET /public/commendations/:campaignId/:roundId/notice',
  'GET /public/commendations/:campaignId/:roundId/notice.html',
  'POST /public/commendations/:campaignId/:roundId/objections',
  'POST /campaigns/:id/scoring/schemes',
  'GET /campaigns/:id/scoring/schemes/:schemeId',
  'POST /campaigns/:id/scoring/rounds',
  'POST /campaigns/:id/scoring/rounds/:roundId/close',
  'POST /campaigns/:id/scoring/rounds/:roundId/entries',
  'GET /campaigns/:id/scoring/rounds/:roundId/results',
  'GET /campaigns/:id/scoring/upgrade-report',
  // Supervision as the seeds practise it (issue 15): contact points, the schedule, criticism, the first responsible person.
  'POST /campaigns/:id/contact-points',
  'GET /campaigns/:id/supervision-schedule',
  'GET /campaigns/:id/tree',
  'POST /campaigns/:id/units/:unitId/criticisms',
  'PUT /campaigns/:id/units/:unitId/first-responsible',
  // 每月一星 cadence (issue 13): the rounds with their cadence.
  'GET /campaigns/:id/scoring/rounds',
];

beforeAll(async () => {
  t = await startApiTestEnv();
});

afterAll(async () => {
  await t?.stop();
});

describe('GET /health and GET /ready', () => {
  test('when the process answers, then /health is 200 ok without a token, even with PostgreSQL and Temporal down', async () => {
    const brokenPool = { query: () => Promise.reject(new Error('connection refused')) } as unknown as Pool;
    const res = await request(t.appWith({ storage: createStorage(brokenPool), checkTemporal: async () => false })).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('when Temporal and PostgreSQL answer, then /ready is 200 ok without a token', async () => {
    const res = await api().get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'up', postgres: 'up' });
  });

  test('when Temporal does not answer, then 503 says Temporal is down', async () => {
    const res = await request(t.appWith({ checkTemporal: async () => false })).get('/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', temporal: 'down', postgres: 'up' });
  });

  test('when PostgreSQL does not answer, then 503 says PostgreSQL is down', async () => {
    const brokenPool = { query: () => Promise.reject(new Error('connection refused')) } as unknown as Pool;
    const res = await request(t.appWith({ storage: createStorage(brokenPool) })).get('/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', temporal: 'up', postgres: 'down' });
  });
});

describe('GET /openapi.json and /docs', () => {
  test('when the OpenAPI document is fetched, then it lists every route with its method', async () => {
    const res = await api().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = SPECIFIED_ROUTES.map((route) => {
      const [method, path] = route.split(' ');
      return `${method} ${openApiPath(path)}`;
    });
    expect(documented.sort()).toEqual(expected.sort());
    // And every route the app serves is documented.
    expect(t.app.routeTable.map((r) => `${r.method} ${openApiPath(r.path)}`).sort()).toEqual(expected.sort());
  });

  test('when a route is documented, then its request schemas come from the zod schemas', async () => {
    const res = await api().get('/openapi.json');
    const submit = res.body.paths['/campaigns/{id}/units/{unitId}/tasks/{taskId}/submit'].post;
    expect(submit.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'unitId', 'taskId']);
    expect(submit.security).toEqual([{ bearerAuth: [] }]);
    const ledger = res.body.paths['/campaigns/{id}/ledger'].get;
    const limit = ledger.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ minimum: 1, maximum: 1000, default: 100 });
    expect(res.body.paths['/health'].get.security).toBeUndefined();
    expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Shapes the domain parsers check are documented from the domain's own zod schemas.
    const createBody = res.body.components.schemas.CreateCampaign;
    expect(createBody.properties.plan.allOf).toEqual([{ $ref: '#/components/schemas/Plan' }]);
    expect(res.body.components.schemas.Plan.properties.phases).toMatchObject({ type: 'array', minItems: 1 });
    expect(res.body.components.schemas.UnitRow.properties.type.enum).toContain('agency');
  });

  test('when the docs page is opened, then Swagger UI is served from the API itself, not a CDN', async () => {
    const page = await api().get('/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
    expect(page.text).not.toMatch(/unpkg|jsdelivr|cdnjs|https?:\/\/[^"']*swagger/);
    const bundle = await api().get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    const init = await api().get('/docs/swagger-ui-init.js');
    expect(init.text).toContain('/campaigns/{id}/ledger');
  });
});

describe('GET /templates', () => {
  test('when a signed-in user lists the templates, then the three seed plans come back', async () => {
    const res = await api().get('/templates').set(as('u1'));
    expect(res.status).toBe(200);
    expect(res.body.templates.map((x: { id: string }) => x.id).sort()).toEqual(['seed-000-regiment', 'seed-001-township', 'seed-003-bureau']);
  });

  test('when one template is fetched, then its plan comes with it', async () => {
    const res = await api().get('/templates/seed-003-bureau').set(as('li'));
    expect(res.status).toBe(200);
    expect(res.body.plan.phases.map((p: { id: string }) => p.id)).toEqual(['mobilization', 'advancement', 'demonstration', 'summary']);
  });

  test('when the template does not exist, then 404 lists the ones that do', async () => {
    const res = await api().get('/templates/seed-999').set(as('office'));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('seed-003-bureau');
  });

  test('when there is no token, then 401', async () => {
    expect((await api().get('/templates')).status).toBe(401);
  });
});

describe('sign-in', () => {
  test('when the token is unknown, then 401 says to ask for a new one', async () => {
    const res = await api().get('/templates').set('Authorization', 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('unknown or has been revoked');
  });

  test('when a token is revoked, then it no longer signs in; a new one does', async () => {
    const token = await t.users.issueToken('wang');
    expect((await api().get('/templates').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect(await t.users.revokeToken(token)).toBe(true);
    expect((await api().get('/templates').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await api().get('/templates').set(as('wang'))).status).toBe(200);
  });

  test('when a token is issued, then only its SHA-256 is stored', async () => {
    const token = await t.users.issueToken('li');
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const { rows } = await t.h.db.pool.query('SELECT token_hash FROM api_tokens WHERE user_id = $1', ['li']);
    const hashes = rows.map((row) => row.token_hash);
    expect(hashes).toContain(hashToken(token));
    expect(hashes).not.toContain(token);
  });

  test('when a unit user is created without a unit, then it is refused with the field named', async () => {
    await expect(t.users.createUser({ id: 'nobody', name: '無名', role: 'unit' })).rejects.toMatchObject({
      problems: [expect.objectContaining({ path: 'unitId' })],
    });
    await expect(t.users.createUser({ id: 'nobody', name: '無名', role: 'unit' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  test('when a user id is taken, then creating it again is a conflict', async () => {
    await expect(t.users.createUser({ id: 'li', name: '另一個李', role: 'supervisor' })).rejects.toBeInstanceOf(AppError);
    await expect(t.users.createUser({ id: 'li', name: '另一個李', role: 'supervisor' })).rejects.toMatchObject({ type: 'Conflict' });
  });
});

describe('POST /units/import', () => {
  test('when the office imports JSON rows under an existing unit, then 201 counts the units and supervisor links', async () => {
    const rows = [
      { id: 'committee-b3', parentId: 'committee', name: '第三黨支部', type: 'agency', secretary: { name: '周書記' }, supervisors: ['zhou'] },
      { id: 'committee-b3-g1', parentId: 'committee-b3', name: '第三支部第一黨小組', type: 'agency', secretary: { name: '吳組長' } },
    ];
    const res = await api().post('/units/import').set(as('office')).send(rows);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ units: 2, supervisors: 1 });
    const unit = await t.h.units.get('committee-b3-g1');
    expect(unit?.path).toBe('/committee/committee-b3/committee-b3-g1/');
  });

  test('when the office imports a CSV file, then 201 and the units exist', async () => {
    const csv = [
      'id,parent_id,name,type,secretary_name,secretary_email,secretary_phone,supervisors',
      'school,,學校黨委,school,孫書記,sun@example.test,,li;wang',
      'school-b1,school,教師黨支部,school,錢書記,,010-1234567,',
    ].join('\n');
    const res = await api().post('/units/import').set(as('office')).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ units: 2, supervisors: 2 });
    expect((await t.h.units.get('school'))?.supervisors).toEqual(['li', 'wang']);
  });

  test('when rows have problems, then 400 lists each with its row and nothing is imported', async () => {
    const rows = [
      { id: 'new-root', parentId: null, name: '新黨委', type: 'agency', secretary: { name: '甲' } },
      { id: 'new-b1', parentId: 'new-root', name: '新支部', type: 'factory', secretary: { name: '乙' } },
      { id: 'new-b2', parentId: 'nowhere', name: '新支部二', type: 'agency', secretary: { name: '丙' } },
      { id: 'new-b3', parentId: 'new-root', name: 'no chinese', type: 'agency', secretary: { name: '丁' } },
    ];
    const res = await api().post('/units/import').set(as('office')).send(rows);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('InvalidInput');
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(['rows.1.type', 'rows.2.parentId', 'rows.3.name']);
    expect(await t.h.units.get('new-root')).toBeNull();
  });

  test('when CSV rows have problems, then 400 lists each, the unknown parent included, and nothing is imported', async () => {
    const csv = [
      'id,parent_id,name,type,secretary_name,secretary_email,secretary_phone,supervisors',
      'csv-root,,新黨委,agency,甲,,,',
      'csv-b1,csv-root,新支部,agency,乙,not-an-email,,',
      'csv-b2,committee,掛靠支部,agency,丙,,,',
      'csv-b3,nowhere,新支部三,agency,丁,,,',
    ].join('\n');
    const res = await api().post('/units/import').set(as('office')).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(['rows.1.secretary.email', 'rows.3.parentId']);
    expect(await t.h.units.get('csv-root')).toBeNull();
  });

  test('when a row repeats a unit that exists, then 400 names the row and nothing is imported', async () => {
    const rows = [
      { id: 'fresh', parentId: null, name: '新單位', type: 'agency', secretary: { name: '甲' } },
      { ...UNIT_ROWS[1], parentId: 'fresh' },
    ];
    const res = await api().post('/units/import').set(as('office')).send(rows);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ path: 'rows.1.id' })]);
    expect(res.body.problems[0].message).toContain('already exists');
    expect(await t.h.units.get('fresh')).toBeNull();
  });

  test('when the CSV header is wrong, then 400 names the missing columns', async () => {
    const res = await api().post('/units/import').set(as('office')).set('Content-Type', 'text/csv').send('id,name\nx,某單位\n');
    expect(res.status).toBe(400);
    expect(res.body.problems[0]).toMatchObject({ path: 'header' });
    expect(res.body.problems[0].message).toContain('parent_id');
  });

  test('when the body is neither JSON nor CSV, then 415 says what to send', async () => {
    const res = await api().post('/units/import').set(as('office')).set('Content-Type', 'application/xml').send('<units/>');
    expect(res.status).toBe(415);
    expect(res.body.message).toContain('text/csv');
  });

  test.each(['li', 'u1'] as const)('when %s imports units, then 403 and nothing is imported', async (person) => {
    const rows = [{ id: `by-${person}`, parentId: null, name: '某單位', type: 'agency', secretary: { name: '甲' } }];
    const res = await api().post('/units/import').set(as(person)).send(rows);
    expect(res.status).toBe(403);
    expect(await t.h.units.get(`by-${person}`)).toBeNull();
  });
});

describe('GET /units/:id and /units/:id/subtree', () => {
  test('when the office reads a unit, then it comes with its path and supervisors', async () => {
    const res = await api().get('/units/committee').set(as('office'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'committee', name: '機關黨委', path: '/committee/', depth: 0, supervisors: ['li'] });
  });

  test('when a supervisor reads a unit under the one they supervise, then 200', async () => {
    expect((await api().get('/units/committee-b1').set(as('li'))).status).toBe(200);
  });

  test('when a supervisor reads a unit outside their subtree, then 404, the answer for a unit that does not exist', async () => {
    const res = await api().get('/units/committee-b1').set(as('wang'));
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('活動領導小組辦公室');
    const ghost = await api().get('/units/ghost-unit').set(as('wang'));
    expect(ghost.body.message.replace('ghost-unit', 'committee-b1')).toBe(res.body.message);
  });

  test('when a unit reads itself, then 200 without the units above it; another unit, 404', async () => {
    const own = await api().get('/units/committee-b1').set(as('u1'));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: 'committee-b1', parentId: null, path: '/committee-b1/', secretary: { name: '王書記' } });
    expect((await api().get('/units/committee-b2').set(as('u1'))).status).toBe(404);
  });

  test('when the unit does not exist, then 404; when the id is malformed, 400', async () => {
    expect((await api().get('/units/ghost').set(as('office'))).status).toBe(404);
    const malformed = await api().get('/units/has%20space').set(as('office'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.problems[0]).toMatchObject({ path: 'id', in: 'params' });
  });

  test('when a supervisor pages through a subtree, then the pages join up in tree order', async () => {
    const first = await api().get('/units/committee/subtree').query({ limit: 2 }).set(as('li'));
    expect(first.status).toBe(200);
    expect(first.body.units.map((u: { id: string }) => u.id)).toEqual(['committee', 'committee-b1']);
    expect(first.body.nextAfterId).toBe('committee-b1');
    const rest = await api().get('/units/committee/subtree').query({ limit: 100, afterId: first.body.nextAfterId }).set(as('li'));
    expect(rest.body.units.map((u: { id: string }) => u.id)[0]).toBe('committee-b2');
    expect(rest.body.nextAfterId).toBeNull();
  });

  test('when afterId is outside the subtree, then 400 names it', async () => {
    const res = await api().get('/units/committee/subtree').query({ afterId: 'other-b1' }).set(as('office'));
    expect(res.status).toBe(400);
    expect(res.body.problems[0].path).toBe('afterId');
  });

  test('when the limit is out of range, then 400 names it', async () => {
    const res = await api().get('/units/committee/subtree').query({ limit: 0 }).set(as('office'));
    expect(res.status).toBe(400);
    expect(res.body.problems[0]).toMatchObject({ path: 'limit', in: 'query' });
  });

  test("when a unit pages through its parent's subtree, then 404; through its own, it finds itself only", async () => {
    expect((await api().get('/units/committee/subtree').set(as('u1'))).status).toBe(404);
    const own = await api().get('/units/committee-b1/subtree').set(as('u1'));
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ units: [expect.objectContaining({ id: 'committee-b1', parentId: null })], nextAfterId: null });
  });

  test('when the subtree root does not exist, then 404', async () => {
    expect((await api().get('/units/ghost/subtree').set(as('office'))).status).toBe(404);
  });
});

describe('the error middleware', () => {
  test('when a route does not exist, then 404 JSON points at the docs', async () => {
    const res = await api().get('/no/such/route').set(as('office'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'NotFound' });
    expect(res.body.message).toContain('/docs');
  });

  test('when something unexpected fails, then 500 without internals, and the error is logged', async () => {
    const logged = t.logger.errors.length;
    const failingPool = { query: () => Promise.reject(new Error('secret internal detail at db.internal:5432')) } as unknown as Pool;
    const res = await request(t.appWith({ storage: createStorage(failingPool) })).get('/templates').set(as('office'));
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('Internal');
    expect(typeof res.body.message).toBe('string');
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    expect(t.logger.errors.length).toBe(logged + 1);
    expect(String(t.logger.errors.at(-1)?.context?.error)).toContain('secret internal detail');
  });
});

describe('api/main.ts, the standalone entry', () => {
  const ROOT = path.resolve(__dirname, '..', '..');
  const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

  function run(env: NodeJS.ProcessEnv) {
    const child = spawn(TSX, ['api/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  test('when started with its configuration, then it serves the API and closes cleanly on SIGTERM', async () => {
    const api = run({ DATABASE_URL: t.h.db.url, TEMPORAL_ADDRESS: t.env.address, TEMPORAL_TASK_QUEUE: t.h.taskQueue, API_PORT: '0', API_HOST: '127.0.0.1' });
    try {
      // Waits for the line that says it listens (generously: tsx compiles on a loaded machine), or its exit.
      const deadline = Date.now() + 90_000;
      let url: string | undefined;
      let exited = false;
      void api.exited.then(() => (exited = true));
      while (!url && !exited && Date.now() < deadline) {
        url = /listening on (http:\/\/\S+)/.exec(api.output().stdout)?.[1];
        if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!url) throw new Error(`the API did not say it was listening: ${JSON.stringify(api.output())}`);
      const ready = await request(url!).get('/ready');
      expect(ready.body).toEqual({ status: 'ok', temporal: 'up', postgres: 'up' });
      expect((await request(url!).get('/templates').set(as('office'))).status).toBe(200);
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      expect(api.output().stdout).toContain('SIGTERM: closing the API');
    } finally {
      api.child.kill('SIGKILL');
    }
  }, 150_000);

  test('when TEMPORAL_ADDRESS is missing, then it stops at once naming the variable', async () => {
    const env = { DATABASE_URL: t.h.db.url, TEMPORAL_ADDRESS: '' };
    const api = run(env);
    expect(await api.exited).toBe(1);
    expect(api.output().stderr).toContain('TEMPORAL_ADDRESS');
  });
});
