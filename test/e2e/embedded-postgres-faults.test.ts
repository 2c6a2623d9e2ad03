/**
 * The embedded PostgreSQL's faults, as `npm start` meets them: each gets a
 * message that says what to change, and nothing of the data folder is lost.
 * A postmaster left running by a `kill -9` of `npm start` alone is stopped
 * and replaced by the next start.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { eventually } from '../support/campaign-script';
import { spawnNpmStart } from '../support/npm-start';
import { reservePorts, SERVICE_PORTS } from '../support/ports';

const ROOT = path.resolve(__dirname, '..', '..');
const folders: string[] = [];

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-pg-fault-'));
  folders.push(dir);
  return dir;
}

const ports = () => reservePorts(SERVICE_PORTS);


/** Pids of the processes in `npm start`'s group whose command line matches. */
function groupMembers(groupId: number, matches: (command: string) => boolean): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === groupId && matches(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
      } catch {
        return false;
      }
    });
}

/** Alive and not a zombie waiting for its new parent to reap it. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Runs SQL on a PGlite data folder as the earlier default did (in a plain node: PGlite loads its WebAssembly by dynamic import, which jest's sandbox refuses). */
function pglite(dataDir: string, sql: string): unknown[] {
  const script = `import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(process.argv[1]);
const results = await db.exec(process.argv[2]);
console.log(JSON.stringify(results.at(-1)?.rows ?? []));
await db.close();`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, dataDir, sql], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

test('when the embedded PostgreSQL port is taken, then npm start stops with a message naming EMBEDDED_PG_PORT', async () => {
  const env = await ports();
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(env.EMBEDDED_PG_PORT, '127.0.0.1', resolve));
  try {
    const start = spawnNpmStart(newDataDir(), env);
    expect(await start.exited).toBe(1);
    expect(start.output()).toContain(`port ${env.EMBEDDED_PG_PORT} on 127.0.0.1 is already in use`);
    expect(start.output()).toContain('set EMBEDDED_PG_PORT to a free port');
  } finally {
    squatter.close();
  }
}, 60_000);

test('when the data folder was written by the earlier PGlite default, then npm start refuses it, says how to move it, and leaves it as it was', async () => {
  const dataDir = newDataDir();
  fs.mkdirSync(path.join(dataDir, 'postgres'));
  pglite(path.join(dataDir, 'postgres'), "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('campaign data')");

  const start = spawnNpmStart(dataDir, await ports());
  expect(await start.exited).toBe(1);
  expect(start.output()).toContain('was written by the earlier embedded default (PGlite)');
  expect(start.output()).toContain(`mv ${dataDir} ${dataDir}-pglite`);

  expect(pglite(path.join(dataDir, 'postgres'), 'SELECT note FROM kept')).toEqual([{ note: 'campaign data' }]);
}, 60_000);

test('when a PostgreSQL that this service did not start still runs on the data folder, then npm start stops and leaves its pid file in place', async () => {
  const dataDir = newDataDir();
  const pgDir = path.join(dataDir, 'postgres');
  fs.mkdirSync(pgDir);
  // A live process that calls itself postgres, started on another path: not recognisably ours.
  const other = spawn('sleep', ['600'], { argv0: 'postgres', stdio: 'ignore' });
  try {
    const pidFile = path.join(pgDir, 'postmaster.pid');
    fs.writeFileSync(pidFile, `${other.pid}\n/elsewhere/postgres\n`);
    const start = spawnNpmStart(dataDir, await ports());
    expect(await start.exited).toBe(1);
    expect(start.output()).toContain(`a PostgreSQL (pid ${other.pid}) still runs on ${pgDir}`);
    expect(fs.existsSync(pidFile)).toBe(true); // the guard against two servers on one folder stays
  } finally {
    other.kill('SIGKILL');
  }
}, 60_000);

test('when DATABASE_URL points nowhere, then npm start stops with a message naming DATABASE_URL', async () => {
  const env = await ports();
  let output = '';
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: newDataDir(), DATABASE_URL: `postgres://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/nowhere`, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
  expect(output).toContain(`PostgreSQL at 127.0.0.1:${env.EMBEDDED_PG_PORT}/nowhere (DATABASE_URL) cannot be reached`);
}, 120_000);

test('when npm start alone is killed with kill -9, leaving its PostgreSQL running, then the next start stops that one and finds the data', async () => {
  const dataDir = newDataDir();
  const env = await ports();
  const first = spawnNpmStart(dataDir, env);
  await eventually(async () => first.output().includes('campaign service is running') || first.child.exitCode !== null, 120_000);
  expect(first.output()).toContain('campaign service is running');
  const db = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres` });
  await db.connect();
  await db.query("INSERT INTO users (id, name, role) VALUES ('kept', '活動辦', 'admin')");
  await db.end();

  const embedded = (command: string) => command.includes('bin/postgres') || command.includes('start-dev');
  const leftBehind = groupMembers(first.child.pid!, embedded);
  expect(leftBehind.length).toBeGreaterThanOrEqual(2);
  for (const pid of groupMembers(first.child.pid!, (command) => !embedded(command))) process.kill(pid, 'SIGKILL');
  await first.exited;

  const second = spawnNpmStart(dataDir, env);
  try {
    await eventually(async () => second.output().includes('campaign service is running') || second.child.exitCode !== null, 120_000);
    expect(second.output()).toContain('a PostgreSQL left running on');
    const again = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres` });
    await again.connect();
    expect((await again.query("SELECT id FROM users WHERE id = 'kept'")).rows).toEqual([{ id: 'kept' }]);
    await again.end();
    for (const pid of leftBehind) expect(isRunning(pid)).toBe(false);
  } finally {
    const gone = new Promise((resolve) => second.child.once('exit', resolve));
    process.kill(-second.child.pid!, 'SIGINT');
    await gone;
  }
}, 300_000);
