/**
 * Back up, destroy, restore, both stores: a campaign runs with submissions
 * waiting for a decision; the API, the worker and the Temporal dev server are
 * stopped; `npm run backup` (scripts/backup.ts, as an operator runs it for the
 * embedded default: TEMPORAL_ADDRESS unset, DATA_DIR the dev server's folder)
 * takes the service's database and Temporal's SQLite store from that one
 * stop. Then both are destroyed: the database dropped, temporal.db (and its
 * -wal/-shm) deleted. `npm run restore` migrates a new empty database, loads
 * the rows, verifies the chains and puts Temporal's store back; the dev
 * server, worker and API start again. The chain must verify with the same
 * head, every unit's workflow must be running again in Temporal, and every
 * waiting submission is approved, with the approvals in the restored ledger.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { adminUrl } from '../../support/database';
import { call, pool } from '../http';
import type { Scenario } from '../scenario';
import { persistently, startCampaign, startService } from '../service';
import { startApiProcess, startWorker, tempDir, until } from '../stack';
import { temporalClient } from '../temporal-client';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `npm run backup` / `npm run restore` for the embedded Temporal on `dataDir` and the database at `databaseUrl`. */
async function script(name: 'backup' | 'restore', args: string[], env: { dataDir: string; databaseUrl: string }): Promise<string> {
  const { TEMPORAL_ADDRESS: _external, ...rest } = process.env;
  const { stdout, stderr } = await run(TSX, [path.join(ROOT, 'scripts', `${name}.ts`), ...args], {
    cwd: ROOT,
    env: { ...rest, DATA_DIR: env.dataDir, DATABASE_URL: env.databaseUrl },
    timeout: 120_000,
  });
  return `${stdout}${stderr}`;
}

export const backupRestore: Scenario = {
  name: 'backup-restore',
  criterion: 'back up, destroy, restore, verify the chain, and every running campaign carries on',
  budgetMs: (quick) => (quick ? 300_000 : 600_000),
  async run({ quick, scope, log }) {
    const service = await startService(scope, 'backup');
    const campaign = await startCampaign(service, 'backup', quick ? 5 : 50);
    const temporal = await temporalClient(scope, service.temporal.address);
    const runningUnits = async () => (await temporal.workflow.count(`ExecutionStatus = 'Running' AND WorkflowType = 'unitCampaignWorkflow'`)).count;
    await pool(campaign.units, 8, (unit) => persistently(service, 'post', `/campaigns/${campaign.id}/units/${unit}/tasks/study-report/submit`, { evidence: { text: '材料', links: [] } }));
    const rowsOf = async (p: pg.Pool) => (await p.query('SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1', [campaign.id])).rows[0].n as number;
    await until('the submissions are in the ledger', async () => (await submittedRows(service.db.pool, campaign.id)) === campaign.units.length, 60_000, 500);
    const before = await rowsOf(service.db.pool);
    const headBefore = (await call(service.api.url, 'get', `/campaigns/${campaign.id}/ledger/verify`, { token: service.office })).body;
    const runningBefore = await runningUnits();

    // One stop for both stores: nothing writes while they are copied.
    await service.api.stop();
    await service.worker.kill();
    await service.temporal.stop();
    const dir = await tempDir(scope, 'backup-file');
    const file = path.join(dir, 'campaigns.ndjson.gz');
    const started = Date.now();
    log((await script('backup', [file], { dataDir: service.dataDir, databaseUrl: service.db.url })).trim());
    const backupSeconds = (Date.now() - started) / 1000;

    // Destroy both: the service's database dropped, Temporal's store deleted.
    await service.db.pool.end();
    await admin(`DROP DATABASE "${service.db.name}" WITH (FORCE)`);
    for (const side of ['', '-wal', '-shm']) fs.rmSync(path.join(service.dataDir, `temporal.db${side}`), { force: true });
    log('destroyed the database and Temporal\'s store');

    // Restore under the same name, so that the service's configuration does not change.
    const restoreStart = Date.now();
    await admin(`CREATE DATABASE "${service.db.name}"`);
    log((await script('restore', [file], { dataDir: service.dataDir, databaseUrl: service.db.url })).trim());
    const restoreSeconds = (Date.now() - restoreStart) / 1000;
    const restored = new pg.Pool({ connectionString: service.db.url, max: 4 });
    restored.on('error', () => undefined);
    scope.defer(() => restored.end());
    const after = await rowsOf(restored);

    await service.temporal.start();
    const runningAfter = await until('the unit workflows are back in Temporal', async () => {
      const n = await runningUnits().catch(() => 0);
      return n >= runningBefore ? n : undefined;
    }, 60_000, 500).catch(() => runningUnits().catch(() => 0));
    const api = await startApiProcess(scope, { DATABASE_URL: service.db.url, TEMPORAL_ADDRESS: service.temporal.address, TEMPORAL_TASK_QUEUE: service.workerEnv.TEMPORAL_TASK_QUEUE, RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_IP_PER_MINUTE: '100000000' });
    service.worker = await startWorker(scope, service.workerEnv);
    const chain = (await call(api.url, 'get', `/campaigns/${campaign.id}/ledger/verify`, { token: service.office })).body;
    const decisions = await pool(campaign.units, 8, async (unit) => (await call(api.url, 'post', `/campaigns/${campaign.id}/units/${unit}/tasks/study-report/approve`, { token: service.office, body: {}, timeoutMs: 60_000 })).status);
    const approvedRows = async () => (await restored.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind = 'task.approved'", [campaign.id])).rows[0].n as number;
    const approved = await until('the approvals land in the restored ledger', async () => ((await approvedRows()) === campaign.units.length ? approvedRows() : undefined), 60_000, 500).catch(approvedRows);
    const chainAfter = (await call(api.url, 'get', `/campaigns/${campaign.id}/ledger/verify`, { token: service.office })).body;
    const carried = decisions.filter((s) => s === 200).length;
    return {
      pass:
        after === before && chain?.ok === true && chain.head?.hash === headBefore?.head?.hash && runningBefore >= campaign.units.length && runningAfter === runningBefore &&
        carried === campaign.units.length && approved === campaign.units.length && chainAfter?.ok === true,
      figures: `${campaign.units.length} units; backup of both stores ${backupSeconds.toFixed(1)} s (${before} ledger rows); database and Temporal store destroyed; restore ${restoreSeconds.toFixed(1)} s, ${after} rows; chain ${chain?.ok ? 'ok' : 'BROKEN'}, head ${chain?.head?.hash === headBefore?.head?.hash ? 'as before' : 'DIFFERENT'}; unit workflows running ${runningBefore} before, ${runningAfter} after; carried on: ${carried}/${campaign.units.length} approvals answered 200, ${approved} in the ledger, chain after ${chainAfter?.ok ? 'ok' : 'BROKEN'}`,
    };
  },
};

async function submittedRows(db: pg.Pool, campaignId: string): Promise<number> {
  return (await db.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind = 'task.submitted'", [campaignId])).rows[0].n as number;
}
