/**
 * `campaign`: the campaign office's command line (管理命令行). Each command
 * is one module under commands/ that talks to the REST API; this file only
 * declares the commands and turns every outcome into an exit code (errors.ts).
 */
import { Command, CommanderError, Option } from 'commander';
import packageJson from '../package.json';
import type { GlobalOptions } from './config';
import { createCommandContext, type CommandContext } from './context';

// Each command's module is loaded when it runs, so a command starts without loading the others.
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  define: (): typeof import('./commands/define') => require('./commands/define'),
  ledgerExport: (): typeof import('./commands/ledger-export') => require('./commands/ledger-export'),
  ledgerVerify: (): typeof import('./commands/ledger-verify') => require('./commands/ledger-verify'),
  login: (): typeof import('./commands/login') => require('./commands/login'),
  milestone: (): typeof import('./commands/milestone') => require('./commands/milestone'),
  overdue: (): typeof import('./commands/overdue') => require('./commands/overdue'),
  progress: (): typeof import('./commands/progress') => require('./commands/progress'),
  start: (): typeof import('./commands/start') => require('./commands/start'),
  status: (): typeof import('./commands/status') => require('./commands/status'),
  unitsImport: (): typeof import('./commands/units-import') => require('./commands/units-import'),
};
/* eslint-enable @typescript-eslint/no-require-imports */
import { EXIT } from './errors';
import { bi, createOutput } from './output';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function buildProgram(run: (command: Command, work: (ctx: CommandContext) => Promise<number> | number) => Promise<void>): Command {
  const program = new Command('campaign')
    .description(bi('創先爭優活動管理命令行', 'the campaign office\'s command line for the 創先爭優 campaign service (talks to its REST API)'))
    .option('--api <url>', `${bi('服務地址', 'the API')} (CAMPAIGN_API_URL; default http://127.0.0.1:3000)`)
    .option('--token <token>', `${bi('令牌', 'bearer token')} (CAMPAIGN_TOKEN, or the file "campaign login" writes)`)
    .option('--json', bi('輸出 JSON，供腳本使用', 'machine-readable JSON on standard output'))
    .version(packageJson.version, '-V, --version')
    .showHelpAfterError(bi('（campaign --help 列出命令）', '(campaign --help lists the commands)'))
    .exitOverride();

  program
    .command('login')
    .description(bi('檢查令牌並保存（0600 文件）', 'check a token and keep it in a 0600 file (--token, or typed / piped on standard input)'))
    .action((_options, command: Command) => run(command, (ctx) => load.login().login(ctx)));
  program
    .command('logout')
    .description(bi('刪除保存的令牌', 'remove the kept token'))
    .action((_options, command: Command) => run(command, (ctx) => load.login().logout(ctx)));

  const units = program.command('units').description(bi('單位樹', 'the unit tree'));
  units
    .command('import <file>')
    .description(bi('導入單位（CSV 或 JSON，全部有效才導入）', 'import units from CSV or JSON; all or nothing'))
    .option('--errors-to <file>', bi('把問題寫入文件（CSV，或 .json）', 'write the problems to a file (CSV, or JSON for a .json name)'))
    .addOption(new Option('--format <format>', bi('文件格式', 'file format (default: by the file name)')).choices(['csv', 'json']))
    .action((file: string, options, command: Command) => run(command, (ctx) => load.unitsImport().unitsImport(ctx, file, options)));

  program
    .command('define')
    .description(bi('定義活動（模板或計劃文件）', 'define a campaign from a template or a plan file'))
    .option('--template <id>', bi('模板編號', 'template id (GET /templates), e.g. seed-003-bureau'))
    .option('--plan <file>', bi('計劃文件（JSON）', 'a plan document (JSON)'))
    .option('--start-year <year>', bi('起始年份', 're-date the plan to start in this year'))
    .option('--id <id>', bi('活動編號', 'the campaign id (default: the plan\'s id)'))
    .option('--name-zh <name>', bi('中文名稱', 'Chinese name'))
    .option('--name-en <name>', bi('英文名稱', 'English name'))
    .action((options, command: Command) => run(command, (ctx) => load.define().define(ctx, options)));

  program
    .command('start <campaign>')
    .description(bi('為子樹或單位列表啟動活動，並跟蹤進度', 'start the campaign for a subtree or a list of units, and follow it'))
    .option('--subtree <unit>', bi('子樹的根單位', 'the root unit of the subtree'))
    .option('--units <file>', bi('單位編號文件', 'a file of unit ids (one per line, CSV with an id column, or JSON list)'))
    .option('--request-id <id>', bi('請求編號（重試時相同）', 'the request id: the same id again is the same start'))
    .option('--no-follow', bi('不跟蹤進度', 'do not follow the progress'))
    .option('--interval <ms>', bi('輪詢間隔（毫秒）', 'polling interval in milliseconds'), '1000')
    .action((campaign: string, options, command: Command) => run(command, (ctx) => load.start().start(ctx, campaign, options)));

  program
    .command('progress <campaign>')
    .description(bi('啟動進度與各階段單位數；跟蹤未完成的啟動', 'starts and units per phase; follows starts still running'))
    .option('--no-follow', bi('只顯示一次', 'show it once'))
    .option('--interval <ms>', bi('輪詢間隔（毫秒）', 'polling interval in milliseconds'), '1000')
    .action((campaign: string, options, command: Command) => run(command, (ctx) => load.progress().progress(ctx, campaign, options)));

  program
    .command('status <campaign>')
    .description(bi('階段分佈與各子樹亮燈', 'units by phase and the lights per subtree'))
    .option('--subtree <unit>', bi('子樹（可重複）', 'a subtree to show (repeatable); default: the roots started'), collect)
    .action((campaign: string, options, command: Command) => run(command, (ctx) => load.status().status(ctx, campaign, options)));

  program
    .command('overdue <campaign>')
    .description(bi('逾期看板', 'the overdue board, as a table or CSV'))
    .option('--subtree <unit>', bi('子樹的根單位', 'the subtree (required for a supervisor)'))
    .addOption(new Option('--light <light>', bi('只看某種燈', 'only this light')).choices(['yellow', 'red']))
    .option('--rung <rung>', bi('只看某一級', 'only this rung'))
    .option('--csv', bi('輸出 CSV', 'CSV on standard output, one row per task'))
    .action((campaign: string, options, command: Command) => run(command, (ctx) => load.overdue().overdue(ctx, campaign, options)));

  const ledger = program.command('ledger').description(bi('台帳', 'the ledger'));
  ledger
    .command('export <campaign>')
    .description(bi('導出整個台帳（CSV 可斷點續傳）', 'export the whole ledger to CSV (an interrupted export resumes) or Excel'))
    .requiredOption('--out <file>', bi('導出文件', 'the CSV or .xlsx file to write'))
    .option('--page-size <n>', bi('每頁行數', 'rows per page (1–1000)'), '1000')
    .option('--format <format>', bi('格式', 'csv (paged, resumable) or xlsx (Excel, one download)'), 'csv')
    .option('--force', bi('覆蓋已有文件，不續傳', 'overwrite the file and start again'))
    .action((campaign: string, options, command: Command) => run(command, (ctx) => load.ledgerExport().ledgerExport(ctx, campaign, options)));
  ledger
    .command('verify <campaign>')
    .description(bi('檢查哈希鏈', 'check the hash chain (exit 1 when broken)'))
    .action((campaign: string, _options, command: Command) => run(command, (ctx) => load.ledgerVerify().ledgerVerify(ctx, campaign)));

  const milestone = program.command('milestone').description(bi('里程碑', 'milestones'));
  milestone
    .command('set <campaign> <milestone> <date>')
    .description(bi('設置或推遲里程碑', 'set or move a milestone (date YYYY-MM-DD)'))
    .option('--reason <text>', bi('原因（記入台帳）', 'why (the ledger records it)'))
    .option('--dry-run', bi('只預覽影響，不作更改', 'preview the impact, change nothing (needs the server\'s preview)'))
    .action((campaign: string, milestoneId: string, date: string, options, command: Command) => run(command, (ctx) => load.milestone().milestoneSet(ctx, campaign, milestoneId, date, options)));

  return program;
}

/** Runs the CLI on `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  let jsonWanted = argv.includes('--json');
  const run = async (command: Command, work: (ctx: CommandContext) => Promise<number> | number) => {
    const globals = command.optsWithGlobals() as GlobalOptions;
    jsonWanted = Boolean(globals.json);
    const ctx = createCommandContext(globals);
    try {
      exitCode = await work(ctx);
    } catch (error) {
      exitCode = ctx.out.fail(error);
    }
  };
  const program = buildProgram(run);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; a usage mistake is refused (commander has said what).
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version' ? EXIT.ok : EXIT.refused;
    }
    return createOutput({ json: jsonWanted }).fail(error);
  }
  return exitCode;
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    // Exit once standard output has taken everything written.
    process.stdout.write('', () => process.exit(code));
  });
}
