/**
 * The README's start command, as a newcomer runs it: `npm start` with no
 * DATABASE_URL and no TEMPORAL_ADDRESS brings up the embedded PostgreSQL and
 * Temporal, the worker and the API; Ctrl-C stops it all; a second start finds
 * the data where it was, and so does a start after a `kill -9` of everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { eventually } from '../support/campaign-script';

const ROOT = path.resolve(__dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-start-'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startService(ports: Record<string, number>) {
  let output = '';
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _t, ...env } = process.env;
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...env, DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await eventually(async () => output.includes('campaign service is running') || child.exitCode !== null, 120_000);
  if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
  return { child, output: () => output };
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

test('when the service is started with nothing configured, then /health reports Temporal and PostgreSQL up, Ctrl-C stops it, and a restart keeps the data', async () => {
  const ports = { API_PORT: await freePort(), TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), EMBEDDED_PG_PORT: await freePort() };
  const api = `http://127.0.0.1:${ports.API_PORT}`;
  const first = await startService(ports);
  expect(first.output()).toContain(`API          ${api}`);
  expect(await (await fetch(`${api}/health`)).json()).toEqual({ status: 'ok', temporal: 'up', postgres: 'up' });
  expect((await fetch(`${api}/docs/`)).status).toBe(200);
  const openapi = (await (await fetch(`${api}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/campaigns', '/campaigns/{id}/starts', '/health']));
  await interrupt(first.child);
  expect(first.output()).toContain('SIGINT: shutting down');
  expect(await allStopped(ports)).toBe(true);
  expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);

  const second = await startService(ports);
  expect(second.output()).toContain('database schema is up to date');
  expect(second.output()).toContain('embedded PostgreSQL 18');
  expect((await fetch(`${api}/health`)).status).toBe(200);
  const [{ server_version_num }] = await query<{ server_version_num: string }>(ports.EMBEDDED_PG_PORT, 'SHOW server_version_num');
  expect(Number(server_version_num)).toBeGreaterThanOrEqual(180000);
  await query(ports.EMBEDDED_PG_PORT, "INSERT INTO users (id, name, role) VALUES ('before-kill', '活動辦', 'admin')");

  await killEverything(second.child);
  expect(await allStopped(ports)).toBe(true);
  expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

  const third = await startService(ports);
  expect(third.output()).toContain('stale');
  expect((await fetch(`${api}/health`)).status).toBe(200);
  expect(await query(ports.EMBEDDED_PG_PORT, "SELECT id FROM users WHERE id = 'before-kill'")).toEqual([{ id: 'before-kill' }]);
  await interrupt(third.child);
  expect(await allStopped(ports)).toBe(true);
}, 360_000);
