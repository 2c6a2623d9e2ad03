/**
 * `campaign ledger export` and `ledger verify` as child processes against the
 * real service: 10,000 ledger rows (appended through the storage layer, as the
 * activities append them) exported to CSV and checked row by row against the
 * chain; an export interrupted twice (Ctrl-C, then kill -9) resumed to the
 * same file; and a tampered row found by verify.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { GENESIS_HASH, appendInTransaction, hashEntry } from '../../adapters/storage/ledger';
import { withTransaction } from '../../adapters/storage';
import { planStartingToday, startApiTestEnv, type ApiTestEnv } from '../api/support';
import { expectExit, removeScratch, runCli, scratchDir, spawnCli, waitFor, type CliEnv } from './support';

const CAMPAIGN = 'cli-ledger';
const BULK_ROWS = 10_000;

let t: ApiTestEnv;
let dir: string;
let office: CliEnv;

interface CsvRow {
  seq: string;
  occurredAt: string;
  recordedAt: string;
  campaignId: string;
  unitId: string;
  kind: string;
  actor: string;
  payload: string;
  key: string;
  prevHash: string;
  hash: string;
}

const readCsv = (file: string) => parseCsv(fs.readFileSync(file), { bom: true, columns: true }) as CsvRow[];

beforeAll(async () => {
  t = await startApiTestEnv();
  dir = scratchDir('ledger-export');
  office = { api: t.server.url, token: t.tokens.office, home: dir };
  fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(planStartingToday('cli-ledger-plan')));
  expect((await runCli(['define', '--plan', path.join(dir, 'plan.json'), '--id', CAMPAIGN], office)).code).toBe(0);
  // One transaction of appends, each as an activity makes it (lock, key check, chain head, insert).
  await withTransaction(t.h.db.pool, async (client) => {
    for (let i = 0; i < BULK_ROWS; i++) {
      await appendInTransaction(client, {
        key: `${CAMPAIGN}/test/bulk/${i}`,
        campaignId: CAMPAIGN,
        unitId: i % 3 === 0 ? null : `committee-b${(i % 2) + 1}`,
        kind: 'test.bulk',
        actor: 'system',
        payload: { i, note: `第${i}條記錄 row ${i}` },
        occurredAt: new Date(Date.UTC(2027, 0, 1) + i * 60_000).toISOString(),
      });
    }
  });
}, 300_000);

afterAll(async () => {
  await t?.stop();
  if (dir) removeScratch(dir);
});

/** Every row links to the one before, from the genesis, and matches its own hash; the last is the chain head. */
function expectWholeChain(rows: CsvRow[], head: { seq: number; hash: string }): void {
  let prevHash = GENESIS_HASH;
  rows.forEach((row, index) => {
    expect(Number(row.seq)).toBe(index + 1);
    expect(row.prevHash).toBe(prevHash);
    const recomputed = hashEntry({
      campaignId: row.campaignId,
      seq: Number(row.seq),
      key: row.key,
      unitId: row.unitId === '' ? null : row.unitId,
      kind: row.kind,
      actor: row.actor,
      payload: JSON.parse(row.payload),
      occurredAt: row.occurredAt,
      prevHash: row.prevHash,
    });
    expect(recomputed).toBe(row.hash);
    prevHash = row.hash;
  });
  expect({ seq: rows.length, hash: prevHash }).toEqual(head);
}

test('when 10,000 rows and more are exported, then the CSV holds every row of the chain, in order, each matching its hash, and ends at the head', async () => {
  const head = await t.h.ledger.head(CAMPAIGN);
  expect(head.seq).toBeGreaterThanOrEqual(BULK_ROWS);
  const out = path.join(dir, 'ledger.csv');
  const result = await runCli(['ledger', 'export', CAMPAIGN, '--out', out], office);
  expectExit(result, 0);
  expect(result.stdout).toContain(`已導出 exported ${head.seq} 行台帳 ledger rows`);
  expect(result.stdout).toContain('every row links to the one before, and the chain head matches');
  const rows = readCsv(out);
  expect(rows).toHaveLength(head.seq);
  expect(rows.filter((row) => row.kind === 'test.bulk')).toHaveLength(BULK_ROWS);
  expectWholeChain(rows, head);
  expect(fs.existsSync(`${out}.export-state.json`)).toBe(false);

  // A finished export is not overwritten by accident.
  const again = await runCli(['ledger', 'export', CAMPAIGN, '--out', out], office);
  expectExit(again, 1);
  expect(again.stderr).toContain('pass --force to overwrite it');
});

test('when the ledger is exported as Excel, then the workbook holds every row of the chain with its hash, ending at the head; an existing file is kept without --force', async () => {
  const head = await t.h.ledger.head(CAMPAIGN);
  const out = path.join(dir, 'ledger.xlsx');
  const result = await runCli(['ledger', 'export', CAMPAIGN, '--out', out, '--format', 'xlsx', '--json'], office);
  expectExit(result, 0);
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, format: 'xlsx', rows: head.seq, head });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  const sheet = workbook.worksheets[0];
  const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? '')); // 1-based, as getCell
  const column = (name: string) => headers.findIndex((h) => h.includes(name));
  const hashColumn = column('雜湊 (hash)');
  const kindColumn = headers.findIndex((h) => /\(kind\)/.test(h));
  expect(sheet.actualRowCount - 1).toBe(head.seq);
  expect(sheet.getRow(head.seq + 1).getCell(hashColumn).value).toBe(head.hash);
  let bulk = 0;
  sheet.eachRow((row, n) => {
    if (n > 1 && row.getCell(kindColumn).value === 'test.bulk') bulk += 1;
  });
  expect(bulk).toBe(BULK_ROWS);

  const again = await runCli(['ledger', 'export', CAMPAIGN, '--out', out, '--format', 'xlsx'], office);
  expectExit(again, 1);
  expect(again.stderr).toContain('--force');
}, 300_000);

test('when an export is interrupted by Ctrl-C and then killed, then running it again resumes from the last page and the file is the same as an uninterrupted one', async () => {
  const complete = fs.readFileSync(path.join(dir, 'ledger.csv'));
  const out = path.join(dir, 'resumed.csv');
  const state = `${out}.export-state.json`;
  const rowsInState = () => (fs.existsSync(state) ? (JSON.parse(fs.readFileSync(state, 'utf8')) as { rows: number }).rows : 0);
  const args = ['ledger', 'export', CAMPAIGN, '--out', out, '--page-size', '100'];

  const first = spawnCli(args, office);
  await waitFor('a few pages', () => rowsInState() >= 1_000, 90_000);
  first.child.kill('SIGINT');
  const interrupted = await first.done;
  expectExit(interrupted, 130);
  expect(interrupted.stderr).toContain(`to resume: campaign ledger export ${CAMPAIGN} --out ${out}`);
  const afterCtrlC = rowsInState();
  expect(afterCtrlC).toBeGreaterThanOrEqual(1_000);
  expect(afterCtrlC).toBeLessThan(BULK_ROWS);

  const second = spawnCli(args, office);
  await waitFor('more pages', () => rowsInState() >= afterCtrlC + 1_000, 90_000);
  second.child.kill('SIGKILL');
  expect((await second.done).signal).toBe('SIGKILL');
  expect(fs.existsSync(state)).toBe(true);

  const resumed = await runCli(args, office);
  expectExit(resumed, 0);
  expect(resumed.stderr).toContain('resuming the unfinished export');
  expect(fs.readFileSync(out).equals(complete)).toBe(true);
  expect(fs.existsSync(state)).toBe(false);
});

test('when a row of the ledger is tampered with, then verify names it and exits 1; an intact chain exits 0', async () => {
  const intact = await runCli(['ledger', 'verify', CAMPAIGN, '--json'], office);
  expectExit(intact, 0);
  expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, checked: (await t.h.ledger.head(CAMPAIGN)).seq });

  // As an intruder with the owner's rights would: around the append-only trigger.
  await t.h.db.pool.query('ALTER TABLE ledger DISABLE TRIGGER USER');
  await t.h.db.pool.query(`UPDATE ledger SET payload = '{"i": -1}' WHERE campaign_id = $1 AND idempotency_key = $2`, [CAMPAIGN, `${CAMPAIGN}/test/bulk/5000`]);
  await t.h.db.pool.query('ALTER TABLE ledger ENABLE TRIGGER USER');
  const seq = (await t.h.db.pool.query('SELECT seq FROM ledger WHERE idempotency_key = $1', [`${CAMPAIGN}/test/bulk/5000`])).rows[0].seq;

  const broken = await runCli(['ledger', 'verify', CAMPAIGN], office);
  expectExit(broken, 1);
  expect(broken.stderr).toContain(`the hash chain is broken 於序號 at seq ${seq}: content does not match its hash`);
});
