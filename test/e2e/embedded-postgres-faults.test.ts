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
import { createUsersRepository } from '../../adapters/storage/users-repository';
import { eventually } from '../support/campaign-script';
import { spawnNpmStart, type NpmStart } from '../support/npm-start';
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

/** A tmpfs mounted on a new folder (the tests run as root): read-only, or small enough to fill. */
const mounts: string[] = [];
function mountTmpfs(options: string): string {
  const dir = newDataDir();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) throw new Error(`mount -t tmpfs -o ${options} failed (these tests need root): ${mounted.stderr}`);
  mounts.push(dir);
  return dir;
}

/** Runs SQL on DATA_DIR/postgres with the embedded server, started and stopped around it, in a plain node (as npm start would, without the rest). */
function embeddedSql(dataDir: string, port: number, sql: string): unknown[] {
  const script = `const module = await import(process.argv[1]);
const { startEmbeddedPostgres } = module.default ?? module;
const { default: pg } = await import('pg');
const server = await startEmbeddedPostgres({ dataDir: process.argv[2] + '/postgres', port: Number(process.argv[3]), logFile: process.argv[2] + '/postgres.log' });
const client = new pg.Client({ connectionString: server.url });
await client.connect();
const results = await client.query(process.argv[4]);
console.log(JSON.stringify([results].flat().at(-1).rows));
await client.end();
await server.stop();`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path.join(ROOT, 'scripts', 'embedded', 'postgres.ts'), dataDir, String(port), sql], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr || run.stdout);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

/** What of `npm start` still runs once it exited: its process group, and anything on its data folder. */
function leftRunning(start: NpmStart, dataDir: string): string[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
        return fields[0] !== 'Z' && (Number(fields[2]) === start.child.pid || command.includes(dataDir)) ? [`${entry} ${command}`] : [];
      } catch {
        return [];
      }
    });
}

/** The start failed the way a user should see it: exit 1, one `[start] failed:` line, no stack trace, nothing left running. */
async function expectCleanFailure(start: NpmStart, dataDir: string): Promise<string> {
  expect(await start.exited).toBe(1);
  const failure = start.output().split('\n').filter((line) => line.startsWith('[start] failed: '));
  expect(failure).toHaveLength(1);
  expect(start.output()).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  await eventually(async () => leftRunning(start, dataDir).length === 0, 15_000).catch(() => undefined);
  expect(leftRunning(start, dataDir)).toEqual([]);
  return failure[0];
}

afterAll(() => {
  for (const dir of mounts) {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
  }
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

test('when DATA_DIR is on a read-only file system, then npm start stops with one line naming DATA_DIR and how to fix it, and leaves nothing running', async () => {
  const dataDir = mountTmpfs('ro,size=1m');
  const start = spawnNpmStart(dataDir, await ports());
  const failure = await expectCleanFailure(start, dataDir);
  expect(failure).toContain(`the data folder ${dataDir} (DATA_DIR) is on a read-only file system`);
  expect(failure).toContain('remount it read-write, or set DATA_DIR to a writable folder');
}, 60_000);

test('when the postgres user that runs PostgreSQL may not enter a folder above DATA_DIR, then npm start names that folder and how to open it, and leaves nothing running', async () => {
  // Root may write anywhere, but PostgreSQL refuses root and runs as postgres: DATA_DIR under /root is the usual case.
  const closed = newDataDir();
  fs.chmodSync(closed, 0o700);
  const dataDir = path.join(closed, 'data');
  const start = spawnNpmStart(dataDir, await ports());
  const failure = await expectCleanFailure(start, dataDir);
  expect(failure).toContain(`the embedded PostgreSQL runs as the user postgres (PostgreSQL refuses to run as root), and that user may not enter ${closed} (mode 700, owner root)`);
  expect(failure).toContain(`chmod o+x ${closed}), or set DATA_DIR (now ${dataDir}) to a folder outside ${closed}`);
  expect((fs.statSync(closed).mode & 0o777).toString(8)).toBe('700'); // the user's folder, left as it was
}, 60_000);

test('when the disk of DATA_DIR is too small for a new database, then npm start says the disk is full, naming the folder, and leaves nothing running', async () => {
  const dataDir = mountTmpfs('size=8m');
  const start = spawnNpmStart(dataDir, await ports());
  const failure = await expectCleanFailure(start, dataDir);
  expect(failure).toContain(`the disk holding ${dataDir}/postgres ran out of space while PostgreSQL created its database there ("No space left on device"`);
  expect(failure).toContain(`free some space there, or set DATA_DIR (now ${dataDir}) to a folder on a disk with room`);
  // What initdb began is gone, so that the next start, with room, begins afresh rather than meeting a half-made folder.
  expect(fs.readdirSync(path.join(dataDir, 'postgres'))).toEqual([]);
}, 60_000);

test('when the disk of DATA_DIR fills up after the database was made, then npm start says the disk is full, and once there is room the data is all there', async () => {
  const dataDir = mountTmpfs('size=100m');
  const env = await ports();
  embeddedSql(dataDir, env.EMBEDDED_PG_PORT, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('campaign data')");
  const filler = path.join(dataDir, 'filler');
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'ignore' }); // until the disk is full
  expect(fs.statfsSync(dataDir).bavail).toBe(0);

  const start = spawnNpmStart(dataDir, env);
  const failure = await expectCleanFailure(start, dataDir);
  expect(failure).toContain(`the disk holding ${dataDir}/postgres is full (0 MiB free of 100 MiB): PostgreSQL got "No space left on device"`);
  expect(failure).toContain('Nothing was lost: the next start goes on from the last committed transaction');

  fs.rmSync(filler);
  expect(embeddedSql(dataDir, env.EMBEDDED_PG_PORT, 'SELECT note FROM kept')).toEqual([{ note: 'campaign data' }]);
}, 120_000);

test('when the disk of DATA_DIR fills up while the service runs, then a write is answered 503 saying so, and every write answered 201 is kept', async () => {
  const dataDir = mountTmpfs('size=400m');
  const env = await ports();
  const start = spawnNpmStart(dataDir, env);
  const filler = path.join(dataDir, 'filler');
  try {
    await eventually(async () => start.output().includes('campaign service is running') || start.child.exitCode !== null, 180_000);
    expect(start.output()).toContain('campaign service is running');
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres`, max: 1 });
    const token = await (async () => {
      const users = createUsersRepository(pool);
      await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
      return users.issueToken('office');
    })();
    await pool.end();
    const importBatch = async (batch: number) => {
      const rows = Array.from({ length: 500 }, (_, i) => ({ id: `b${batch}-u${i}`, parentId: null, name: `第${batch}批第${i}支部${'名'.repeat(100)}`, type: 'agency', secretary: { name: '書記' }, supervisors: [] }));
      const res = await fetch(`http://127.0.0.1:${env.API_PORT}/units/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as { message?: string } | undefined };
    };
    expect((await importBatch(0)).status).toBe(201);

    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'ignore' }); // until the disk is full
    const answers: Array<{ batch: number; status: number; message?: string }> = [];
    for (let batch = 1; batch <= 20 && !answers.some((a) => a.status !== 201); batch += 1) {
      const { status, body } = await importBatch(batch);
      answers.push({ batch, status, message: body?.message });
    }
    const refused = answers.find((a) => a.status !== 201)!;
    expect(refused).toMatchObject({ status: 503, message: expect.stringContaining("PostgreSQL's disk is full (disk full), so this change was not written") });

    fs.rmSync(filler);
    // With room again, the refused import goes through, and nothing answered 201 is missing.
    await eventually(async () => (await importBatch(refused.batch)).status === 201, 60_000);
    const check = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres` });
    await check.connect();
    const { rows } = await check.query<{ batch: string; n: number }>("SELECT split_part(id, '-', 1) AS batch, count(*)::int AS n FROM units GROUP BY 1 ORDER BY 1");
    await check.end();
    const accepted = [0, ...answers.filter((a) => a.status === 201).map((a) => a.batch), refused.batch];
    expect(Object.fromEntries(rows.map((r) => [r.batch, r.n]))).toEqual(Object.fromEntries(accepted.map((batch) => [`b${batch}`, 500])));
  } finally {
    fs.rmSync(filler, { force: true });
    const gone = new Promise((resolve) => start.child.once('exit', resolve));
    if (start.child.exitCode === null) process.kill(-start.child.pid!, 'SIGINT');
    await gone;
  }
}, 300_000);

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
