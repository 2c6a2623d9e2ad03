/**
 * The quick chaos suite (`npm run chaos -- --quick`) as part of the tests: it
 * runs as a child process, as an operator runs it, and must exit 0 with every
 * scenario in its table. The table is printed, so that the figures are in the
 * CI log. (The suite's own time bounds are per scenario, inside the script.)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SCENARIOS } from './scenarios';

/**
 * Left out of the suite's run, and why (each is still in `npm run chaos`, which
 * fails while it does). None today: postgres-outage was, until a connection
 * lost mid-transaction stopped killing the worker (docs/chaos.md).
 */
const KNOWN_FAILING: string[] = [];
const RUN = SCENARIOS.filter((s) => !KNOWN_FAILING.includes(s.name));

const ROOT = path.resolve(__dirname, '..', '..');

test('when the quick chaos suite runs, then every scenario but the known failing ones passes and the table lists each one', async () => {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'run.ts'), '--quick', ...(KNOWN_FAILING.length ? [`--skip=${KNOWN_FAILING.join(',')}`] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  console.log(stdout);
  const listed = RUN.map((s) => s.name).filter((name) => new RegExp(`^\\| ${name} \\|`, 'm').test(stdout));
  expect({ listed, code, log: code === 0 ? '' : stderr.slice(-4_000) }).toEqual({ listed: RUN.map((s) => s.name), code: 0, log: '' });
}, 20 * 60_000);
