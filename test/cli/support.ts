/**
 * The `campaign` CLI as a user runs it: a child process (`node cli/bin.cjs`,
 * what `npx campaign` runs) against the real service of an API test
 * environment, with its own HOME so no token file of the machine is read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'cli', 'bin.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

export interface CliEnv {
  /** HOME (and XDG_CONFIG_HOME under it) of the CLI: a scratch folder of the test's. */
  home: string;
  /** CAMPAIGN_API_URL */
  api?: string;
  /** CAMPAIGN_TOKEN */
  token?: string;
  /** Extra variables (e.g. CAMPAIGN_TOKEN_FILE). */
  env?: Record<string, string>;
  cwd?: string;
}

/** A scratch folder for the files a test hands to the CLI (removed with `removeScratch`). */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export const removeScratch = (dir: string) => fs.rmSync(dir, { recursive: true, force: true });

export function spawnCli(args: string[], options: CliEnv): CliProcess {
  const home = options.home;
  const { CAMPAIGN_API_URL: _a, CAMPAIGN_TOKEN: _t, CAMPAIGN_TOKEN_FILE: _f, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: {
      ...inherited,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      ...(options.api ? { CAMPAIGN_API_URL: options.api } : {}),
      ...(options.token ? { CAMPAIGN_TOKEN: options.token } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export const runCli = (args: string[], options: CliEnv): Promise<CliResult> => spawnCli(args, options).done;

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The lines a failure printed on standard error: exactly one, and no stack trace. */
export function expectOneLineError(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(lines[0]).toMatch(/^campaign: /);
  return lines[0];
}

/** The exit code, with what the CLI said when it is not the expected one. */
export function expectExit(result: CliResult, code: number): void {
  expect({ code: result.code, stderr: result.code === code ? '' : result.stderr }).toEqual({ code, stderr: '' });
}
