/**
 * `npm run bench:compare` interrupted half-way stops and removes everything it
 * started: its embedded PostgreSQL and Temporal dev server (no process of its
 * group, or on its folders, outlives it), their temporary folders, and its
 * throw-away database on the external PostgreSQL. Small sizes, so that a run
 * is under a minute; the interrupt comes once the log shows the servers up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { eventually } from '../support/campaign-script';
import { adminUrl } from '../support/database';

const ROOT = path.resolve(__dirname, '..', '..');
const SMALL_RUN = ['--units', '20', '--samples', '5', '--board-units', '1000', '--board-samples', '20', '--storage', 'both', '--skip-history'];
const folders: string[] = [];

interface BenchRun {
  child: ChildProcess;
  /** The bench's own temporary folder (its TMPDIR), where its bench-pg-* and bench-temporal-* folders go. */
  tmpDir: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBench(): BenchRun {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-interrupted-'));
  folders.push(tmpDir);
  // As /tmp is: the embedded PostgreSQL runs as the user postgres, which must reach its folder in here.
  fs.chmodSync(tmpDir, 0o755);
  let output = '';
  const { DATABASE_URL: _db, ...inherited } = process.env;
  const child = spawn('npm', ['run', 'bench:compare', '--', ...SMALL_RUN], {
    cwd: ROOT,
    env: { ...inherited, TMPDIR: tmpDir, TEST_PG_ADMIN_URL: adminUrl() },
    // Its own process group, as a terminal gives it: Ctrl-C goes to the whole group.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // 'close', not 'exit': npm may exit on Ctrl-C before the bench under it has done its cleanup and
  // said so; the pipes close only when every process holding them (the bench's node included) is gone.
  // Bounded: a process of the bench's that kept the pipes open would otherwise hang the test, not fail it.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const giveUp = setTimeout(() => resolve({ code: null, signal: null }), 120_000);
    child.once('close', (code, signal) => {
      clearTimeout(giveUp);
      resolve({ code, signal });
    });
  });
  return { child, tmpDir, output: () => output, exited };
}

interface ProcessInfo {
  pid: number;
  groupId: number;
  command: string;
}

/** Every live process (zombies, which hold nothing, left out). */
function processes(): ProcessInfo[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (fields[0] === 'Z') return [];
        return [{ pid: Number(entry), groupId: Number(fields[2]), command: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ') }];
      } catch {
        return [];
      }
    });
}

/** What the bench started: its process group, and anything working on its temporary folder (had it left the group). */
function startedBy(run: BenchRun): ProcessInfo[] {
  return processes().filter((p) => p.groupId === run.child.pid || p.command.includes(run.tmpDir));
}

function benchFolders(run: BenchRun): string[] {
  return fs.readdirSync(run.tmpDir).filter((name) => /^bench-(pg|temporal)-/.test(name));
}

async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

/** The throw-away database the bench said it creates, if it got that far. */
function throwAwayDatabase(run: BenchRun): string | undefined {
  return /creating the throw-away database (bench_[0-9a-f]+)/.exec(run.output())?.[1];
}

async function expectNothingLeft(run: BenchRun) {
  // The bench's own exit comes after its cleanup; npm's shell may still be going.
  await eventually(async () => startedBy(run).length === 0, 15_000).catch(() => undefined);
  expect(startedBy(run).map((p) => `${p.pid} ${p.command}`)).toEqual([]);
  expect(benchFolders(run)).toEqual([]);
  const database = throwAwayDatabase(run);
  if (database) expect(await databaseExists(database)).toBe(false);
}

/** Waits for a line of the bench's log, or its exit (which fails the test with its output). */
async function waitForLine(run: BenchRun, line: RegExp) {
  await eventually(async () => line.test(run.output()) || run.child.exitCode !== null, 240_000);
  if (!line.test(run.output())) throw new Error(`the bench exited before "${line.source}":\n${run.output()}`);
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

test('when Ctrl-C reaches the bench while it measures on its embedded PostgreSQL, then it exits and leaves no server, folder or database behind', async () => {
  const run = startBench();
  try {
    await waitForLine(run, /\[bench\] embedded: PostgreSQL at /);
    // The servers are up: a postgres on the bench's folder and the Temporal dev server.
    expect(startedBy(run).some((p) => p.command.includes('bench-pg-'))).toBe(true);
    expect(startedBy(run).some((p) => p.command.includes('start-dev'))).toBe(true);
    const interruptedAt = Date.now();
    process.kill(-run.child.pid!, 'SIGINT');
    await run.exited;
    expect(Date.now() - interruptedAt).toBeLessThan(60_000);
    expect(run.output()).toContain('SIGINT: stopping what the bench started');
    await expectNothingLeft(run);
  } finally {
    for (const p of startedBy(run)) process.kill(p.pid, 'SIGKILL');
  }
}, 300_000);

test('when the bench alone is sent SIGTERM while it measures on its throw-away database, then it drops that database and stops its Temporal', async () => {
  const run = startBench();
  try {
    await waitForLine(run, /\[bench\] external: PostgreSQL at /);
    const database = throwAwayDatabase(run);
    expect(database).toBeDefined();
    expect(await databaseExists(database!)).toBe(true);
    // Only the node process that runs the bench (as `kill <pid>` or a CI timeout sends it), not npm or tsx around it.
    const bench = startedBy(run).filter((p) => p.command.includes('tsx/dist/loader.mjs') && p.command.includes('bench/compare.ts'));
    expect(bench).toHaveLength(1);
    const interruptedAt = Date.now();
    process.kill(bench[0].pid, 'SIGTERM');
    await run.exited;
    expect(Date.now() - interruptedAt).toBeLessThan(60_000);
    expect(run.output()).toContain('SIGTERM: stopping what the bench started');
    await expectNothingLeft(run);
  } finally {
    for (const p of startedBy(run)) process.kill(p.pid, 'SIGKILL');
  }
}, 300_000);

test('when the bench is sent SIGTERM while its Temporal dev server is still starting, then that server is stopped as soon as it is up, and nothing more is started', async () => {
  const run = startBench();
  try {
    await waitForLine(run, /\[bench\] units 20, /);
    await eventually(async () => startedBy(run).some((p) => p.command.includes('start-dev')) || run.child.exitCode !== null, 120_000);
    const bench = startedBy(run).filter((p) => p.command.includes('tsx/dist/loader.mjs') && p.command.includes('bench/compare.ts'));
    expect(bench).toHaveLength(1);
    process.kill(bench[0].pid, 'SIGTERM');
    await run.exited;
    expect(run.output()).toContain('SIGTERM: stopping what the bench started');
    expect(run.output()).not.toContain('embedded: PostgreSQL at');
    expect(throwAwayDatabase(run)).toBeUndefined();
    await expectNothingLeft(run);
  } finally {
    for (const p of startedBy(run)) process.kill(p.pid, 'SIGKILL');
  }
}, 300_000);
