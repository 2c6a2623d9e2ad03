/**
 * `npm start` as a newcomer runs it, for the end-to-end tests: nothing
 * configured but the data folder and the ports, in its own process group so
 * that a test can send Ctrl-C (or kill -9) to all of it at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface NpmStart {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnNpmStart(dataDir: string, ports: Record<string, number>): NpmStart {
  let output = '';
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _t, ...inherited } = process.env;
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...inherited, DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
