/**
 * `npm run chaos [-- --quick] [-- --only=name,name] [-- --skip=name,name]`: the fault-injection
 * suite on real processes. Each scenario runs in its own scope with its own
 * time budget; the table goes to stdout and the exit code is 1 when any fails.
 */
import { SCENARIOS } from './scenarios';
import type { ScenarioResult } from './scenario';
import { startService, type Service } from './service';
import { Scope } from './stack';

interface Row extends ScenarioResult {
  name: string;
  criterion: string;
  seconds: number;
}

function table(rows: Row[]): string {
  const lines = ['| scenario | figures | seconds | result |', '| --- | --- | --- | --- |'];
  for (const row of rows) lines.push(`| ${row.name} | ${row.figures.replace(/\|/g, '/')} | ${row.seconds.toFixed(0)} | ${row.pass ? 'PASS' : 'FAIL'} |`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const skip = args.find((a) => a.startsWith('--skip='))?.slice('--skip='.length).split(',') ?? [];
  const unknown = [...(only ?? []), ...skip].filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`no scenario named ${unknown.join(', ')}; there are ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const chosen = SCENARIOS.filter((s) => (!only || only.includes(s.name)) && !skip.includes(s.name));
  if (chosen.length === 0) throw new Error(`no scenario named ${only?.join(', ')}; there are ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const suiteStart = Date.now();
  const rows: Row[] = [];
  const suiteScope = new Scope();
  let sharedService: Promise<Service> | undefined;
  const shared = () => (sharedService ??= startService(suiteScope, 'shared'));
  for (const scenario of chosen) {
    const scope = new Scope();
    const started = Date.now();
    const log = (line: string) => console.error(`[${scenario.name} ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);
    log(`starting (${quick ? 'quick' : 'full'}; budget ${scenario.budgetMs(quick) / 1000} s)`);
    let result: ScenarioResult;
    let timer: NodeJS.Timeout | undefined;
    try {
      const budget = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${scenario.budgetMs(quick) / 1000} s`)), scenario.budgetMs(quick));
      });
      result = await Promise.race([scenario.run({ quick, scope, log, shared }), budget]);
    } catch (error) {
      log(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`.slice(0, 4000));
      result = { pass: false, figures: `error: ${error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : String(error)}` };
    } finally {
      clearTimeout(timer);
      await scope.close();
    }
    const row = { name: scenario.name, criterion: scenario.criterion, seconds: (Date.now() - started) / 1000, ...result };
    rows.push(row);
    log(`${row.pass ? 'PASS' : 'FAIL'}: ${row.figures}`);
    for (const note of row.notes ?? []) log(`  note: ${note}`);
  }
  await suiteScope.close();
  console.log(`\nchaos suite (${quick ? 'quick' : 'full'}), ${((Date.now() - suiteStart) / 1000).toFixed(0)} s\n`);
  console.log(table(rows));
  const notes = rows.flatMap((r) => (r.notes ?? []).map((n) => `- ${r.name}: ${n}`));
  if (notes.length) console.log(`\n${notes.join('\n')}`);
  const failed = rows.filter((r) => !r.pass);
  console.log(`\n${rows.length - failed.length} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
