/**
 * The real processes a chaos scenario runs and breaks: a Temporal dev server
 * (restartable, persisting to a file), a throw-away database on the machine's
 * PostgreSQL, worker processes, the API as its own process (`api/main.ts`),
 * and the people with their tokens. Everything binds to 127.0.0.1 and is
 * registered with a Scope, which stops it in reverse order, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createUsersRepository } from '../../adapters/storage/users-repository';
import { resolveTemporalCli } from '../../config/temporal-binaries';
import type { Role } from '../../domain/labels';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { reservePorts } from '../support/ports';
import { eventually } from '../support/campaign-script';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** What a scenario started, stopped in reverse order by close(). */
export class Scope {
  private readonly stops: Array<() => Promise<unknown>> = [];
  defer(stop: () => Promise<unknown>): void {
    this.stops.push(stop);
  }
  async close(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch(() => undefined);
    this.stops.length = 0;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` gives a value, or throws after `timeoutMs` naming `what`. */
export const until = <T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> =>
  eventually(check, timeoutMs, { what, everyMs });

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, signal);
    } catch {
      child.kill(signal);
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, graceMs).unref();
  });
}

export interface TemporalServer {
  address: string;
  /** Stops the server (SIGKILL when `hard`), keeping its database file. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port and file. */
  start(): Promise<void>;
}

/** A Temporal dev server persisting to a file, so a restart finds every workflow where it was. */
export async function startTemporal(scope: Scope, dataDir: string): Promise<TemporalServer> {
  const cli = resolveTemporalCli();
  if (cli.executable.type !== 'existing-path') throw new Error('no Temporal CLI: run `npm install`');
  const executable = cli.executable.path;
  const { port, ui } = await reservePorts(['port', 'ui'] as const);
  let child: ChildProcess | undefined;
  const start = async () => {
    const log = fs.openSync(path.join(dataDir, 'temporal.log'), 'a');
    child = spawn(
      executable,
      ['server', 'start-dev', '--db-filename', path.join(dataDir, 'temporal.db'), '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(ui), '--headless', '--log-level', 'error'],
      { stdio: ['ignore', log, log], detached: true },
    );
    const started = child;
    await until('the Temporal dev server listens', async () => started.exitCode === null && (await reachable(port)), 60_000, 100);
  };
  const server: TemporalServer = {
    address: `127.0.0.1:${port}`,
    start,
    stop: async (hard = false) => {
      if (child) await stopChild(child, hard ? 'SIGKILL' : 'SIGTERM');
    },
  };
  await start();
  scope.defer(() => server.stop(true));
  return server;
}

export async function tempDir(scope: Scope, name: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `chaos-${name}-`));
  scope.defer(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function database(scope: Scope, prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase({ prefix: `chaos_${prefix}`, max: 10 });
  scope.defer(() => db.drop());
  return db;
}

export interface ApiProcess {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The API in its own process, as `npm run api` runs it. `lagProbe` preloads
 * test/chaos/lag-probe.js, which prints the event-loop delay every second.
 */
export async function startApiProcess(scope: Scope, env: Record<string, string>, options: { lagProbe?: boolean } = {}): Promise<ApiProcess> {
  const { port } = await reservePorts(['port'] as const);
  let output = '';
  const nodeOptions = options.lagProbe ? `--require ${path.join(__dirname, 'lag-probe.js')}` : '';
  const child = spawn(TSX, [path.join(ROOT, 'api', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${nodeOptions}`.trim(), API_HOST: '127.0.0.1', API_PORT: String(port), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-200_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-200_000)));
  const stop = () => stopChild(child);
  scope.defer(stop);
  // The API's own log is kept for a reader of a failure (CHAOS_LOG_DIR, default the system temp folder).
  scope.defer(async () => fs.writeFileSync(path.join(process.env.CHAOS_LOG_DIR ?? os.tmpdir(), `chaos-api-${port}.log`), output));
  await until('the API listens', async () => {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}: ${output}`);
    return output.includes('campaign API listening');
  }, 60_000, 100);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => output, stop };
}

export async function startWorker(scope: Scope, env: Record<string, string>): Promise<WorkerProcess> {
  const worker = await startWorkerProcess(env);
  scope.defer(() => worker.kill());
  // The worker's own log, kept beside the API's for a reader of a failure.
  scope.defer(async () => fs.writeFileSync(path.join(process.env.CHAOS_LOG_DIR ?? os.tmpdir(), `chaos-worker-${worker.child.pid}.log`), worker.output()));
  return worker;
}

export interface Person {
  id: string;
  role: Role;
  unitId?: string;
}

/** Creates the users and returns a bearer header per user id. */
export async function issueTokens(db: TestDatabase, people: Person[]): Promise<Record<string, string>> {
  const users = createUsersRepository(db.pool);
  const tokens: Record<string, string> = {};
  for (const person of people) {
    await users.createUser({ id: person.id, name: person.id, role: person.role, ...(person.unitId ? { unitId: person.unitId } : {}) });
    tokens[person.id] = `Bearer ${await users.issueToken(person.id)}`;
  }
  return tokens;
}

/** A database URL with another host and port (e.g. through the outage proxy). */
export function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}
