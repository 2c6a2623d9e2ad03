/**
 * A worker in its own process (`worker/main.ts`, as deployed), so that a test
 * can kill it with SIGKILL mid-work, as a crash or an OOM kill would, and
 * start another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workflowBundle } from './temporal';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let bundlePath: Promise<string> | undefined;
/** The workflow bundle written once to a file, so that each worker process starts in a second or two. */
function bundleFile(): Promise<string> {
  bundlePath ??= workflowBundle().then(({ code }) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-bundle-')), 'workflow-bundle.js');
    fs.writeFileSync(file, code);
    return file;
  });
  return bundlePath;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** SIGKILL to the whole process group: no graceful shutdown, no chance to record anything. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const workflowBundlePath = await bundleFile();
  let output = '';
  const child = spawn(TSX, [path.join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT,
    // Several workers run at once in the tests: none serves SDK metrics unless the test asks for a port.
    env: { ...process.env, WORKFLOW_BUNDLE_PATH: workflowBundlePath, WORKER_METRICS_PORT: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 60 s:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      if (output.includes('worker polling')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`worker exited with ${child.exitCode}:\n${output}`));
      }
    }, 100);
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, name);
    } catch {
      return;
    }
    await exited;
  };
  return { child, output: () => output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
