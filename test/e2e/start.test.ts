/**
 * The README's start command, as a newcomer runs it: `npm start` with no
 * DATABASE_URL and no TEMPORAL_ADDRESS brings up the embedded PostgreSQL and
 * Temporal, the worker and the API; Ctrl-C stops it all; a second start finds
 * the data where it was, and so does a start after a `kill -9` of everything.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createUsersRepository } from '../../adapters/storage/users-repository';
import { addDays, localDateOf } from '../../domain/calendar';
import { eventually } from '../support/campaign-script';
import { spawnNpmStart } from '../support/npm-start';
import { reservePorts, SERVICE_PORTS } from '../support/ports';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-start-'));

async function startService(ports: Record<string, number>) {
  const start = spawnNpmStart(dataDir, ports);
  await eventually(async () => start.output().includes('campaign service is running') || start.child.exitCode !== null, 120_000);
  if (start.child.exitCode !== null) throw new Error(`npm start exited:\n${start.output()}`);
  return start;
}

/** Ctrl-C: SIGINT to the whole process group, as a terminal sends it. */
function interrupt(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGINT');
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Everything the service started is gone: nothing listens on its ports any more. */
async function allStopped(ports: Record<string, number>): Promise<boolean> {
  return eventually(async () => (await Promise.all(Object.values(ports).map(portIsFree))).every(Boolean), 30_000);
}

/** kill -9 of every process of `npm start`, the embedded servers with it, as a power cut would. */
function killEverything(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}

async function query<T>(port: number, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A user and a token, written as `npm run users` writes them (through the same repository). */
async function createUser(port: number, user: { id: string; name: string; role: 'admin' | 'supervisor' | 'unit'; unitId?: string }): Promise<string> {
  const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, max: 1 });
  try {
    const users = createUsersRepository(pool);
    await users.createUser(user);
    return await users.issueToken(user.id);
  } finally {
    await pool.end();
  }
}

/** A JSON request to the API; returns status and body. */
async function call(api: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** What a first day leaves behind: people, a unit tree, a campaign started for a unit, and a submission. */
async function recordAFirstDay(api: string, pgPort: number): Promise<{ office: string; unit: string }> {
  const office = await createUser(pgPort, { id: 'office', name: '活動辦', role: 'admin' });
  const units = [
    { id: 'bureau', parentId: null, name: '局黨委', type: 'state_enterprise', secretary: { name: '張書記' }, supervisors: [] },
    { id: 'team-1', parentId: 'bureau', name: '第一地質隊黨委', type: 'state_enterprise', secretary: { name: '王書記' }, supervisors: [] },
  ];
  expect((await call(api, office, 'POST', '/units/import', units)).status).toBe(201);
  const unit = await createUser(pgPort, { id: 'team1', name: '第一地質隊', role: 'unit', unitId: 'team-1' });
  const today = localDateOf(Date.now());
  const plan = {
    id: 'restart-plan',
    name: { zh: '重啟測試', en: 'restart check' },
    phases: [{ id: 'mobilization', name: { zh: '廣泛發動', en: 'Mobilization' }, window: { start: addDays(today, -1), end: addDays(today, 30) }, tasks: [{ id: 'implementation-plan', title: { zh: '實施方案', en: 'Implementation plan' }, due: { kind: 'phase_end' } }] }],
  };
  expect((await call(api, office, 'POST', '/campaigns', { id: 'restart-check', plan })).status).toBe(201);
  expect((await call(api, office, 'POST', '/campaigns/restart-check/starts', { unitIds: ['team-1'] })).status).toBe(202);
  await eventually(async () => (await call(api, office, 'GET', '/campaigns/restart-check/progress')).body?.totals?.done, 60_000);
  await eventually(async () => (await call(api, unit, 'GET', '/campaigns/restart-check/units/team-1')).body?.tasks?.[0]?.status === 'open', 60_000);
  const submitted = await call(api, unit, 'POST', '/campaigns/restart-check/units/team-1/tasks/implementation-plan/submit', { evidence: { text: '實施方案已經黨委會通過', links: [] } });
  expect(submitted.status).toBe(200);
  return { office, unit };
}

/** Everything the first day wrote, read back through the API with the same tokens. */
async function expectTheFirstDay(api: string, tokens: { office: string; unit: string }): Promise<void> {
  expect((await call(api, tokens.office, 'GET', '/units/team-1')).body).toMatchObject({ id: 'team-1', name: '第一地質隊黨委', parentId: 'bureau' });
  expect((await call(api, tokens.office, 'GET', '/campaigns/restart-check')).body).toMatchObject({ id: 'restart-check', createdBy: 'office' });
  const view = await call(api, tokens.unit, 'GET', '/campaigns/restart-check/units/team-1');
  expect(view.status).toBe(200);
  expect(view.body.tasks[0]).toMatchObject({ taskId: 'implementation-plan', status: 'submitted', submissions: 1 });
  const verify = await call(api, tokens.office, 'GET', '/campaigns/restart-check/ledger/verify');
  expect(verify.body).toMatchObject({ ok: true });
}

test('when the service is started with nothing configured, then /ready reports Temporal and PostgreSQL up, Ctrl-C stops it, and a restart keeps the data', async () => {
  const ports = await reservePorts(SERVICE_PORTS);
  const api = `http://127.0.0.1:${ports.API_PORT}`;
  const first = await startService(ports);
  expect(first.output()).toContain(`API          ${api}`);
  expect(await (await fetch(`${api}/ready`)).json()).toEqual({ status: 'ok', temporal: 'up', postgres: 'up' });
  expect((await fetch(`${api}/docs/`)).status).toBe(200);
  const openapi = (await (await fetch(`${api}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/campaigns', '/campaigns/{id}/starts', '/health']));
  const tokens = await recordAFirstDay(api, ports.EMBEDDED_PG_PORT);
  await interrupt(first.child);
  expect(first.output()).toContain('SIGINT: shutting down');
  expect(await allStopped(ports)).toBe(true);
  expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);

  const second = await startService(ports);
  expect(second.output()).toContain('database schema is up to date');
  expect(second.output()).toContain('embedded PostgreSQL 18');
  expect((await fetch(`${api}/ready`)).status).toBe(200);
  const [{ server_version_num }] = await query<{ server_version_num: string }>(ports.EMBEDDED_PG_PORT, 'SHOW server_version_num');
  expect(Number(server_version_num)).toBeGreaterThanOrEqual(180000);
  // A restart keeps what the first day wrote: the people, the tree, the campaign and the unit's submission.
  await expectTheFirstDay(api, tokens);
  await query(ports.EMBEDDED_PG_PORT, "INSERT INTO users (id, name, role) VALUES ('before-kill', '活動辦', 'admin')");

  await killEverything(second.child);
  expect(await allStopped(ports)).toBe(true);
  expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

  const third = await startService(ports);
  expect(third.output()).toContain('stale');
  expect((await fetch(`${api}/ready`)).status).toBe(200);
  expect(await query(ports.EMBEDDED_PG_PORT, "SELECT id FROM users WHERE id = 'before-kill'")).toEqual([{ id: 'before-kill' }]);
  await expectTheFirstDay(api, tokens);
  await interrupt(third.child);
  expect(await allStopped(ports)).toBe(true);
}, 360_000);
