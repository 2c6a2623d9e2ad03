/**
 * Back up, destroy, restore: a campaign runs with submissions waiting for a
 * decision; the service's database is dumped (pg_dump, custom format), the
 * API and worker stopped, the database dropped, a new one restored from the
 * dump (pg_restore), and the service started on it. The chain must verify with
 * every row, and every running campaign must carry on: each waiting submission
 * is approved, and the approvals land in the restored ledger. Temporal's store
 * is not destroyed here (its backup is the dev server's file or Temporal's own
 * PostgreSQL; see the README).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { adminUrl } from '../../support/database';
import { call, pool } from '../http';
import type { Scenario } from '../scenario';
import { persistently, startCampaign, startService } from '../service';
import { startApiProcess, startWorker, tempDir, until } from '../stack';

const run = promisify(execFile);

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const backupRestore: Scenario = {
  name: 'backup-restore',
  criterion: 'back up, destroy, restore, verify the chain, and every running campaign carries on',
  budgetMs: (quick) => (quick ? 240_000 : 600_000),
  async run({ quick, scope, log }) {
    const service = await startService(scope, 'backup');
    const campaign = await startCampaign(service, 'backup', quick ? 5 : 50);
    await pool(campaign.units, 8, (unit) => persistently(service, 'post', `/campaigns/${campaign.id}/units/${unit}/tasks/study-report/submit`, { evidence: { text: '材料', links: [] } }));
    const rowsOf = async (p: pg.Pool) => (await p.query('SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1', [campaign.id])).rows[0].n as number;
    await until('the submissions are in the ledger', async () => (await p(service.db.pool, campaign.id)) === campaign.units.length, 60_000, 500);
    const before = await rowsOf(service.db.pool);
    const headBefore = (await call(service.api.url, 'get', `/campaigns/${campaign.id}/ledger/verify`, { token: service.office })).body;

    const dir = await tempDir(scope, 'backup-file');
    const file = path.join(dir, 'service.dump');
    const started = Date.now();
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, service.db.url]);
    const dumpSeconds = (Date.now() - started) / 1000;
    log(`dumped ${before} ledger rows in ${dumpSeconds.toFixed(1)} s; destroying the database`);

    // Destroy: the service stops, its database is dropped.
    await service.api.stop();
    await service.worker.kill();
    await service.db.pool.end();
    await admin(`DROP DATABASE "${service.db.name}" WITH (FORCE)`);
    // Restore under the same name, so that the service's configuration does not change.
    const restoreStart = Date.now();
    await admin(`CREATE DATABASE "${service.db.name}"`);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${service.db.url}`, file]);
    const restoreSeconds = (Date.now() - restoreStart) / 1000;
    const restored = new pg.Pool({ connectionString: service.db.url, max: 4 });
    scope.defer(() => restored.end());
    const after = await rowsOf(restored);

    const api = await startApiProcess(scope, { DATABASE_URL: service.db.url, TEMPORAL_ADDRESS: service.temporal.address, TEMPORAL_TASK_QUEUE: service.workerEnv.TEMPORAL_TASK_QUEUE, RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_IP_PER_MINUTE: '100000000' });
    service.worker = await startWorker(scope, service.workerEnv);
    const chain = (await call(api.url, 'get', `/campaigns/${campaign.id}/ledger/verify`, { token: service.office })).body;
    const decisions = await pool(campaign.units, 8, async (unit) => (await call(api.url, 'post', `/campaigns/${campaign.id}/units/${unit}/tasks/study-report/approve`, { token: service.office, body: {}, timeoutMs: 60_000 })).status);
    const approvedRows = async () => (await restored.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind = 'task.approved'", [campaign.id])).rows[0].n as number;
    const approved = await until('the approvals land in the restored ledger', async () => ((await approvedRows()) === campaign.units.length ? approvedRows() : undefined), 60_000, 500).catch(approvedRows);
    const chainAfter = (await call(api.url, 'get', `/campaigns/${campaign.id}/ledger/verify`, { token: service.office })).body;
    const carried = decisions.filter((s) => s === 200).length;
    return {
      pass: after === before && chain?.ok === true && chain.head?.hash === headBefore?.head?.hash && carried === campaign.units.length && approved === campaign.units.length && chainAfter?.ok === true,
      figures: `${campaign.units.length} units; ${before} ledger rows dumped in ${dumpSeconds.toFixed(1)} s, ${after} restored in ${restoreSeconds.toFixed(1)} s; chain ${chain?.ok ? 'ok' : 'BROKEN'}, head ${chain?.head?.hash === headBefore?.head?.hash ? 'as before' : 'DIFFERENT'}; carried on: ${carried}/${campaign.units.length} approvals answered 200, ${approved} in the ledger, chain after ${chainAfter?.ok ? 'ok' : 'BROKEN'}`,
    };
  },
};

async function p(db: pg.Pool, campaignId: string): Promise<number> {
  return (await db.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind = 'task.submitted'", [campaignId])).rows[0].n as number;
}
