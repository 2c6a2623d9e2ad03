/**
 * `campaign`, the admin CLI, run as a child process against the real service
 * (API, worker, Temporal dev server, PostgreSQL): importing units (with
 * errors, then correct; GBK from Excel), defining, starting and following,
 * status, the overdue board, milestones, login, and the exit code of every
 * class of failure.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import iconv from 'iconv-lite';
import { startApiServer, type RunningServer } from '../../api/server';
import { parseUnitsJson } from '../../domain/units';
import { planStartingToday, startApiTestEnv, localToday, type ApiTestEnv } from '../api/support';
import { expectExit, expectOneLineError, removeScratch, runCli, scratchDir, spawnCli, waitFor, type CliEnv } from './support';

let t: ApiTestEnv;
let dir: string;
let office: CliEnv;

const HEADER = 'id,parent_id,name,type,secretary_name,secretary_email,secretary_phone,supervisors';
const file = (name: string, content: string | Buffer) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, content);
  return at;
};

beforeAll(async () => {
  t = await startApiTestEnv({ importUnits: false });
  dir = scratchDir('campaign-cli');
  office = { api: t.server.url, token: t.tokens.office, home: dir };
});

afterAll(async () => {
  await t?.stop();
  if (dir) removeScratch(dir);
});

describe('units import', () => {
  test('when the unit file has errors, then nothing is imported, the problems are listed by row and field and written with --errors-to; then the corrected file imports', async () => {
    const bad = file(
      'units-bad.csv',
      [HEADER, 'bureau,,局黨委,state_enterprise,張書記,zhang@example.org,,li', 'team-1,bureau,第一地質隊黨委,spaceship,王書記,not-an-email,,', 'team-2,nowhere,第二地質隊黨委,state_enterprise,李書記,,,'].join('\n'),
    );
    const errors = path.join(dir, 'problems.csv');
    const refused = await runCli(['units', 'import', bad, '--errors-to', errors], office);
    expectExit(refused, 1);
    expect(refused.stdout).toContain('未導入任何單位 nothing was imported');
    // The table: row 2 (team-1) has a bad type and e-mail, row 3 an unknown parent, each under its CSV column.
    expect(refused.stdout).toMatch(/^2\s+type\s+/m);
    expect(refused.stdout).toMatch(/^2\s+secretary_email\s+/m);
    expect(refused.stdout).toMatch(/^3\s+parent_id\s+.*nowhere/m);
    const written = fs.readFileSync(errors, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(written[0]).toBe('row,field,message');
    expect(written.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(expect.arrayContaining(['2,type', '2,secretary_email', '3,parent_id']));
    expect(await t.h.storage.units.get('bureau')).toBeNull();

    const good = file(
      'units-good.csv',
      [HEADER, 'bureau,,局黨委,state_enterprise,張書記,zhang@example.org,,li', 'team-1,bureau,第一地質隊黨委,state_enterprise,王書記,wang@example.org,,', 'team-2,bureau,第二地質隊黨委,state_enterprise,李書記,,,'].join('\n'),
    );
    const imported = await runCli(['units', 'import', good], office);
    expectExit(imported, 0);
    expect(imported.stdout).toContain('已導入 imported: 3 個單位 units, 1 個上級聯繫 supervisor links');
    expect((await t.h.storage.units.get('team-2'))?.parentId).toBe('bureau');
  });

  test('when the CSV was saved by Excel in GBK, then the CLI says it converted it and the Chinese names arrive intact', async () => {
    const text = [HEADER, 'team-3,bureau,第三地質隊黨委,state_enterprise,趙書記,,,', 'team-4,bureau,測繪院黨支部,state_enterprise,錢書記,,,'].join('\r\n');
    const gbk = file('units-gbk.csv', iconv.encode(text, 'gbk'));
    expect(fs.readFileSync(gbk).toString('utf8')).not.toContain('第三地質隊黨委'); // really not UTF-8
    const result = await runCli(['units', 'import', gbk, '--json'], office);
    expectExit(result, 0);
    expect(result.stderr).toContain('GBK');
    expect(result.stderr).toContain('converted to UTF-8');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, encoding: 'gbk', units: 2 });
    expect((await t.h.storage.units.get('team-3'))?.name).toBe('第三地質隊黨委');
    expect((await t.h.storage.units.get('team-4'))?.secretary.name).toBe('錢書記');
  });

  test('when the file does not exist or is not text in any known encoding, then one line says so and the exit code is 1', async () => {
    const missing = await runCli(['units', 'import', path.join(dir, 'nope.csv')], office);
    expectExit(missing, 1);
    expect(expectOneLineError(missing)).toContain('file not found');

    // Bytes that are neither UTF-8 nor GBK (0xFF never starts a GBK character).
    const garbled = file('garbled.csv', Buffer.from([0x69, 0x64, 0x2c, 0xff, 0xfe, 0xff, 0x0a, 0x81]));
    const wrong = await runCli(['units', 'import', garbled], office);
    expectExit(wrong, 1);
    expect(expectOneLineError(wrong)).toContain('neither UTF-8 nor GBK');
  });
});

describe('define, start and follow', () => {
  test('when a plan has problems, then each is printed with its path inside the plan and nothing is defined', async () => {
    const plan = planStartingToday('cli-bad-plan') as unknown as { phases: Array<{ window: { start: string; end: unknown } }> };
    plan.phases[0].window.end = '2001-02-30';
    const result = await runCli(['define', '--plan', file('bad-plan.json', JSON.stringify(plan)), '--id', 'cli-bad'], office);
    expectExit(result, 1);
    expect(result.stdout).toMatch(/^phases\.0\.window\.end\s+/m);
    expect(await t.h.storage.campaigns.get('cli-bad')).toBeFalsy();
  });

  test('when a campaign is defined from a plan and started for a subtree, then the CLI follows the start to done and status shows every unit in its phase', async () => {
    // A wider subtree, so the start takes a few batches to follow.
    await t.h.units.importTree(parseUnitsJson(Array.from({ length: 40 }, (_, i) => ({ id: `team-1-b${i}`, parentId: 'team-1', name: `第${i + 1}支部`, type: 'state_enterprise', secretary: { name: `書記${i}` }, supervisors: [] })), { allowExternalParents: true }));
    const defined = await runCli(['define', '--plan', file('plan.json', JSON.stringify(planStartingToday('cli-plan'))), '--id', 'cli-2027'], office);
    expectExit(defined, 0);
    expect(defined.stdout).toContain('已定義活動 campaign defined: cli-2027');
    expect(defined.stdout).toMatch(/mobilization\s+廣泛發動 Mobilization/);

    const started = await runCli(['start', 'cli-2027', '--subtree', 'bureau', '--interval', '200'], office);
    expectExit(started, 0);
    const units = 1 + 4 + 40;
    expect(started.stdout).toContain(`已啟動 started ${units} · 已在運行 already running 0 · 跳過 skipped 0 / 共 of ${units} — 已完成 done`);
    expect(await t.h.storage.campaignUnits.startedCount('cli-2027')).toBe(units);

    // The same start again: every unit already running, none started twice.
    const again = await runCli(['start', 'cli-2027', '--subtree', 'team-1', '--interval', '200', '--json'], office);
    expectExit(again, 0);
    const watched = JSON.parse(again.stdout).watched[0];
    expect(watched).toMatchObject({ done: true, started: 0, alreadyRunning: 41, skipped: 0 });

    // Each unit's workflow writes its dashboard row once it runs, just after its start, and again as it enters its phase.
    const inMobilization = async () => (await t.h.storage.readModel.phaseCounts('cli-2027')).filter((c) => c.phaseId === 'mobilization').reduce((n, c) => n + c.units, 0);
    await waitFor('every unit in its first phase', async () => (await inMobilization()) === units, 150_000);
    const status = await runCli(['status', 'cli-2027', '--json'], office);
    expectExit(status, 0);
    const report = JSON.parse(status.stdout);
    expect(report.phases.reduce((n: number, p: { units: number }) => n + p.units, 0)).toBe(units);
    expect(report.phases.map((p: { phaseId: string }) => p.phaseId)).toEqual(['mobilization']);
    expect(report.lights).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subtreeRootId: null, units }),
        expect.objectContaining({ subtreeRootId: 'bureau', name: '局黨委', units }),
        expect.objectContaining({ subtreeRootId: 'team-1', units: 41 }),
      ]),
    );
    const table = await runCli(['status', 'cli-2027'], office);
    expect(table.stdout).toMatch(/mobilization\s+廣泛發動 Mobilization\s+進行中 running\s+45\s+100\.0%/);
    expect(table.stdout).toMatch(/team-1\s+第一地質隊黨委\s+41\s+41\s+0\s+0\s+0/);
  }, 400_000);

  test('when the overdue board is asked for, then it comes as a table or as CSV with its header', async () => {
    const table = await runCli(['overdue', 'cli-2027', '--subtree', 'bureau'], office);
    expectExit(table, 0);
    expect(table.stdout).toContain('逾期看板 overdue board cli-2027 · 子樹 subtree bureau: 45 個單位 units, 0 個逾期 overdue');
    const csv = await runCli(['overdue', 'cli-2027', '--subtree', 'bureau', '--csv'], office);
    expectExit(csv, 0);
    expect(csv.stdout.split('\n')[0]).toBe('unitId,name,phaseId,light,rung,overdueCount,firstResponsible,taskId,taskTitle,taskStatus,dueDate,taskOverdue,taskRung,taskLight');
  });

  test('when Ctrl-C is pressed while a start is followed, then only the watching stops, it says how to resume, and the start goes on to done', async () => {
    await t.h.units.importTree(parseUnitsJson([
      { id: 'wide', parentId: null, name: '大型黨委', type: 'agency', secretary: { name: '周書記' }, supervisors: [] },
      ...Array.from({ length: 150 }, (_, i) => ({ id: `wide-b${i}`, parentId: 'wide', name: `支部${i}`, type: 'agency', secretary: { name: `書記${i}` }, supervisors: [] })),
    ]));
    const watching = spawnCli(['start', 'cli-2027', '--subtree', 'wide', '--interval', '200'], office);
    // The note comes once the start is accepted; the watcher is listening for Ctrl-C from then on.
    await waitFor('the start to be accepted', () => watching.stderr().includes('start accepted'), 150_000);
    watching.child.kill('SIGINT');
    const interrupted = await watching.done;
    if (interrupted.code === 0) {
      // The machine started all 151 units before the signal arrived: nothing was left to interrupt.
      expect(interrupted.stdout).toContain('已完成 done');
    } else {
      expectExit(interrupted, 130);
      expect(interrupted.stderr).toContain('stopped watching; the start goes on on the server');
      expect(interrupted.stderr).toContain('campaign progress cli-2027');
    }
    const resumed = await runCli(['progress', 'cli-2027', '--interval', '200'], office);
    expectExit(resumed, 0);
    expect(resumed.stdout).toContain('已啟動單位 units started: 196');
    expect(await t.h.storage.campaignUnits.startedCount('cli-2027')).toBe(196);
  }, 400_000);
});

describe('milestones', () => {
  test('when --dry-run is asked, then the impact preview (影響預覽) is printed and nothing changes; without it the milestone is set', async () => {
    const date = localToday(400);
    const dry = await runCli(['milestone', 'set', 'cli-2027', 'congress', date, '--reason', '中央公布召開日期', '--dry-run', '--json'], office);
    expectExit(dry, 0);
    const preview = JSON.parse(dry.stdout);
    expect(preview).toMatchObject({ ok: true, dryRun: true });
    expect(preview.preview).toEqual(expect.objectContaining({ dryRun: true, refused: null }));
    const progress = await runCli(['progress', 'cli-2027', '--no-follow', '--json'], office);
    expect(JSON.parse(progress.stdout).progress.amendments.milestoneDates).not.toHaveProperty('congress');

    const set = await runCli(['milestone', 'set', 'cli-2027', 'congress', date, '--reason', '中央公布召開日期'], office);
    expectExit(set, 0);
    expect(set.stdout).toContain(`里程碑已設置 milestone set: congress → ${date}`);
    const after = await runCli(['progress', 'cli-2027', '--no-follow', '--json'], office);
    expect(JSON.parse(after.stdout).progress.amendments.milestoneDates).toMatchObject({ congress: date });

    const noReason = await runCli(['milestone', 'set', 'cli-2027', 'congress', date], office);
    expectExit(noReason, 1);
    expect(expectOneLineError(noReason)).toContain('--reason');
  }, 400_000);
});

describe('login', () => {
  test('when logging in, then the token is kept in a 0600 file that later commands use; a file others can read is refused', async () => {
    const tokenFile = path.join(dir, 'login', 'token.json');
    const withFile: CliEnv = { home: dir, api: t.server.url, env: { CAMPAIGN_TOKEN_FILE: tokenFile } };
    const wrong = await runCli(['login', '--token', 'not-a-token'], withFile);
    expectExit(wrong, 2);
    expect(fs.existsSync(tokenFile)).toBe(false);

    const login = await runCli(['login', '--token', t.tokens.office], withFile);
    expectExit(login, 0);
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(tokenFile, 'utf8'))).toEqual({ api: t.server.url, token: t.tokens.office });

    // No --api, no token: both come from the file.
    const verify = await runCli(['ledger', 'verify', 'cli-2027'], { home: dir, env: { CAMPAIGN_TOKEN_FILE: tokenFile } });
    expectExit(verify, 0);
    expect(verify.stdout).toContain('哈希鏈完整 the hash chain is intact');

    fs.chmodSync(tokenFile, 0o644);
    const leaked = await runCli(['ledger', 'verify', 'cli-2027'], { home: dir, env: { CAMPAIGN_TOKEN_FILE: tokenFile } });
    expectExit(leaked, 2);
    expect(expectOneLineError(leaked)).toContain(`chmod 600 ${tokenFile}`);
  });
});

describe('exit codes', () => {
  let failing: RunningServer;
  let closedPort: number;

  beforeAll(async () => {
    // The same service, but its campaign store fails: every campaign route answers 500.
    const storage = { ...t.h.storage, campaigns: { ...t.h.storage.campaigns, get: async () => Promise.reject(new Error('the disk is on fire')) } };
    failing = await startApiServer(t.appWith({ storage }), { port: 0, host: '127.0.0.1' });
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  afterAll(async () => {
    await failing?.close(0);
    t.logger.errors.length = 0; // the 500s above were logged on purpose
  });

  test.each([
    { what: 'a refused request (409: the campaign id is taken)', args: ['define', '--template', 'seed-003-bureau', '--id', 'cli-2027'], who: 'office', code: 1, message: 'refused (409)' },
    { what: 'a refused request (400: no such template)', args: ['define', '--template', 'seed-999', '--id', 'cli-x'], who: 'office', code: 1, message: 'refused (400)' },
    { what: 'an unknown campaign (404)', args: ['status', 'no-such-campaign'], who: 'office', code: 1, message: 'refused (404)' },
    { what: 'a role that may not (403)', args: ['define', '--template', 'seed-003-bureau', '--id', 'cli-y'], who: 'li', code: 2, message: 'not allowed (403)' },
    { what: 'a wrong token (401)', args: ['ledger', 'verify', 'cli-2027'], who: 'wrong', code: 2, message: 'the token is missing, wrong or expired' },
    { what: 'no token at all', args: ['ledger', 'verify', 'cli-2027'], who: 'none', code: 2, message: 'not signed in' },
  ])('when the CLI meets $what, then it exits $code', async ({ args, who, code, message }) => {
    const token = who === 'wrong' ? 'a-token-nobody-was-given' : who === 'none' ? undefined : t.tokens[who as 'office' | 'li'];
    const result = await runCli(args, { home: dir, api: t.server.url, ...(token ? { token } : {}) });
    expect(result.code).toBe(code);
    expect(expectOneLineError(result)).toContain(message);
  }, 300_000);

  test('when a revoked token is used, then it is not allowed (exit 2)', async () => {
    const token = await t.users.issueToken('office');
    await t.users.revokeToken(token);
    const result = await runCli(['progress', 'cli-2027', '--no-follow'], { home: dir, api: t.server.url, token });
    expectExit(result, 2);
    expectOneLineError(result);
  });

  test('when the API is unreachable, then one line says where it looked and the exit code is 3', async () => {
    const result = await runCli(['status', 'cli-2027'], { home: dir, api: `http://127.0.0.1:${closedPort}`, token: t.tokens.office });
    expectExit(result, 3);
    expect(expectOneLineError(result)).toContain(`cannot reach the API at http://127.0.0.1:${closedPort} (ECONNREFUSED)`);
  });

  test('when the server fails (500), then the exit code is 3, and --json says so on standard output', async () => {
    const result = await runCli(['status', 'cli-2027', '--json'], { home: dir, api: failing.url, token: t.tokens.office });
    expectExit(result, 3);
    expect(expectOneLineError(result)).toContain('server error (500)');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, exitCode: 3 });
  });

  test('when a command is misspelt, then it is refused (exit 1) without touching the API', async () => {
    const result = await runCli(['ledger', 'exprot', 'cli-2027'], { home: dir, api: `http://127.0.0.1:${closedPort}` });
    expectExit(result, 1);
    expect(result.stderr).toContain("unknown command 'exprot'");
  });
});
