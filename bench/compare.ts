/**
 * `npm run bench:compare [-- --units 1000 --samples 200 --board-units 100000 --storage both|embedded|external]`
 * `npm run bench:compare -- --only board [--board-samples 200]`: the overdue board alone (no Temporal
 * needed), with a step-by-step profile of one board request.
 *
 * One run, one machine: the service measured beside bare Temporal (and bare
 * SQL) on the same servers in the same run, printed as ratios with the
 * absolute figures beside them. Storage modes: the embedded PostgreSQL of
 * `npm start`, and an external one (DATABASE_URL, else TEST_PG_ADMIN_URL or
 * 127.0.0.1:5432, where a throw-away database is created and dropped).
 * Ctrl-C (or any failure) stops and removes everything the bench started.
 * Asserts nothing: timings belong here, not in the tests.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { createConsoleNotifier } from '../adapters/notify/console';
import { createStorage } from '../adapters/storage';
import { createPool } from '../adapters/storage/database';
import { migrate } from '../adapters/storage/migrate';
import { createUsersRepository } from '../adapters/storage/users-repository';
import { createApp } from '../api/app';
import { startApiServer } from '../api/server';
import { startEmbeddedPostgres } from '../scripts/embedded/postgres';
import { startEmbeddedTemporal } from '../scripts/embedded/temporal';
import { planStartingToday } from '../test/api/support';
import { parsePlan, planForUnitType, planSchema } from '../domain/plan';
import { createCampaignWorker, WORKFLOWS_PATH } from '../worker/create-worker';
import { unitStateQuery, unitWorkflowId } from '../contracts';
import { bareFinishSignal, bareTouchUpdate } from './bare-workflows';
import { measureHistoryPerUnit } from './history-per-unit';
import { updateSpans, type UpdateSample } from './update-breakdown';

/** The fan-out's START_CONCURRENCY (activities/index.ts): the bare loop starts at the same concurrency. */
const START_CONCURRENCY = 25;

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const UNITS = Number(option('units', '1000'));
const SAMPLES = Number(option('samples', '200'));
const BOARD_UNITS = Number(option('board-units', '100000'));
const STORAGE = option('storage', 'both');
const SKIP_HISTORY = args.includes('--skip-history');
const BULK_REPEATS = Number(option('bulk-repeats', '0'));
/**
 * `--start-breakdown`: more bare loops beside the baseline, to split the bulk start's gap: each
 * workflow started with a unit's start input (its plan copy), each asking one patch, and the plain
 * loop again (how much of the difference is only more workflows being alive). The rows measured
 * after them share the server with those extra workflows: read the breakdown on its own.
 */
const START_BREAKDOWN = args.includes('--start-breakdown');
/** `--approve-breakdown`: each approve and bare update split at the server's workflow-task events (bench/update-breakdown.ts). */
const APPROVE_BREAKDOWN = args.includes('--approve-breakdown');
const REPEAT_UNITS = Number(option('repeat-units', '200'));
/** `--only board`: the overdue board alone (its baseline needs no Temporal). */
const ONLY = option('only', 'all');
const BOARD_SAMPLES = Number(option('board-samples', '200'));
if (!['all', 'board'].includes(ONLY)) throw new Error(`--only takes "board" (or nothing, for every measure), not "${ONLY}"`);

const log = (message: string) => console.error(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How to undo each thing the bench started, last first. */
const cleanups: Array<() => Promise<unknown>> = [];
/** Set by Ctrl-C (SIGINT) or SIGTERM: from then on the bench starts nothing more. */
let interrupted: NodeJS.Signals | undefined;
class Interrupted extends Error {}
/**
 * Registers how to undo what was just started. Once interrupted, it throws, so that a server or
 * database that was still being started when the signal came is undone too and the run goes no further.
 */
function onCleanup(step: () => Promise<unknown>) {
  cleanups.push(step);
  if (interrupted) throw new Interrupted(`interrupted by ${interrupted}`);
}
/**
 * Starts a server in a temporary folder of its own, with one cleanup that waits for the start to
 * end, stops the server and only then removes the folder. Removing the folder as a step of its own
 * ran before a server still starting was stopped, and that server, writing on, left it behind.
 */
async function startInFolder<T extends { stop: () => Promise<unknown> }>(prefix: string, start: (folder: string) => Promise<T>): Promise<T> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let starting: Promise<T | undefined> = Promise.resolve(undefined);
  onCleanup(async () => {
    const server = await starting.catch(() => undefined);
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  starting = start(folder);
  const server = (await starting)!;
  if (interrupted) throw new Interrupted(`interrupted by ${interrupted}`);
  return server;
}
let cleaning: Promise<void> = Promise.resolve();
/**
 * Runs the registered steps above `downTo`, one at a time, each exactly once: the end of a storage
 * mode and a signal can both ask, and the second waits for the first rather than racing it.
 */
function runCleanups(downTo = 0): Promise<void> {
  cleaning = cleaning.then(async () => {
    while (cleanups.length > downTo) await cleanups.pop()!().catch((error) => log(`cleanup: ${(error as Error).message}`));
  });
  return cleaning;
}
let benchDone: Promise<unknown> = new Promise(() => undefined);
// An error no await catches (a connection's, say, when a server it used stops) still ends in the cleanup.
process.on('uncaughtException', (error) => {
  log(interrupted ? `after ${interrupted}: ${error.message}` : `stopped by ${error.stack ?? String(error)}`);
  void runCleanups().then(() => process.exit(interrupted ? 130 : 1));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return log(`${signal}: already stopping what the bench started`);
    interrupted = signal;
    log(`${signal}: stopping what the bench started…`);
    void (async () => {
      await runCleanups();
      // Whatever was being started meanwhile registers itself on completion and is undone by this second pass.
      await Promise.race([benchDone, sleep(20_000)]);
      await runCleanups();
      process.exit(130);
    })();
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const stats = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: Math.max(...values) });

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** RSS after full collections and a pause, so that garbage of earlier steps is not counted against the next. */
async function rssMb(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(500);
  }
  return process.memoryUsage().rss / 2 ** 20;
}

interface Row {
  measure: string;
  service: string;
  baseline: string;
  ratio: number;
  target?: number;
}

class ApiCallError extends Error {
  constructor(method: string, route: string, readonly status: number, text: string) {
    super(`${method} ${route}: ${status} ${text.slice(0, 300)}`);
  }
}

type Bundles = { unit: Awaited<ReturnType<typeof bundleWorkflowCode>>; bare: Awaited<ReturnType<typeof bundleWorkflowCode>> };
type TemporalParts = { client: Client; native: NativeConnection; address: string };

/** Every measure of one storage mode; without Temporal (`--only board`), the overdue board alone. */
async function measureStorageMode(mode: 'embedded' | 'external', temporal: TemporalParts | undefined, bundles: Bundles | undefined, rows: Row[]): Promise<void> {
  const runId = crypto.randomBytes(3).toString('hex');
  let databaseUrl: string;
  if (mode === 'embedded') {
    const server = await startInFolder('bench-pg-', (dataDir) =>
      startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: 15433 + Math.floor(Math.random() * 1000), logFile: path.join(dataDir, 'postgres.log') }));
    databaseUrl = server.url;
  } else {
    const adminUrl = process.env.DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `bench_${runId}`;
    // Named before it exists, so that whoever interrupts the bench knows what to look for.
    log(`${mode}: creating the throw-away database ${name}`);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    onCleanup(async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  log(`${mode}: PostgreSQL at ${databaseUrl}`);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  onCleanup(() => pool.end());
  // As npm start does: the worker has a pool of its own.
  const workerPool = createPool(databaseUrl, { max: 20 });
  onCleanup(() => workerPool.end());

  const taskQueue = `bench-${mode}-${runId}`;
  const app = createApp({ temporal: temporal?.client ?? ({} as Client), storage: createStorage(pool), taskQueue, checkTemporal: async () => true, edge: { rateLimit: false } });
  const api = await startApiServer(app, { port: 0, host: '127.0.0.1' });
  onCleanup(() => api.close());

  const users = createUsersRepository(pool);
  await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  const token = await users.issueToken('office');
  const bearer = typeof token === 'string' ? token : (token as { token: string }).token;
  /**
   * One API call. A 503 (Temporal too busy, or the edge's request deadline under load) is asked
   * again after a pause when the call is safe to repeat: every GET, and the POSTs the bench sends
   * with an id or requestId (defining a campaign, starting units), which the API deduplicates.
   */
  const call = async (method: string, route: string, body?: unknown, options: { repeatable?: boolean } = {}): Promise<any> => {
    const repeatable = method === 'GET' || options.repeatable === true;
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${api.url}${route}`, {
        method,
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status === 503 && repeatable && attempt < 20) {
        if (method !== 'GET') log(`${method} ${route}: 503 (${text.slice(0, 120)}); asking again in 2 s (attempt ${attempt})`);
        await sleep(method === 'GET' ? 500 : 2000);
        continue;
      }
      if (!response.ok) throw new ApiCallError(method, route, response.status, text);
      return text ? JSON.parse(text) : undefined;
    }
  };

  if (temporal && bundles) {
    const bareQueue = `bench-bare-${mode}-${runId}`;
    const quiet = createConsoleNotifier({ logger: { info: () => undefined } });
    const worker = await createCampaignWorker({ connection: temporal.native, client: temporal.client, storage: createStorage(workerPool), namespace: 'default', taskQueue, notifier: quiet, workflowBundle: bundles.unit });
    const bareWorker = await Worker.create({ connection: temporal.native, namespace: 'default', taskQueue: bareQueue, workflowBundle: bundles.bare });
    const runs = [worker.run(), bareWorker.run()];
    onCleanup(async () => {
      // The SDK drains its workers itself on SIGINT and SIGTERM; a second shutdown() would throw before the wait.
      for (const w of [worker, bareWorker]) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.all(runs);
    });
    // The unit tree: a root and UNITS branches under it.
    const root = `root-${runId}`;
    const unitRows = [
      { id: root, parentId: null, name: '黨委', type: 'agency', secretary: { name: '書記' }, supervisors: [] },
      ...Array.from({ length: UNITS }, (_, i) => ({ id: `${root}-b${String(i + 1).padStart(6, '0')}`, parentId: root, name: `第${i + 1}支部`, type: 'agency', secretary: { name: `書記${i + 1}` }, supervisors: [] })),
    ];
    await call('POST', '/units/import', unitRows);
    const campaignId = `bench-${runId}`;
    const benchPlan = planStartingToday(`bench-plan-${runId}`);
    await call('POST', '/campaigns', { id: campaignId, plan: benchPlan }, { repeatable: true });

    // Bare SDK loop: N trivial workflows at the fan-out's concurrency.
    const rssBeforeBare = await rssMb();
    const bareIds = Array.from({ length: UNITS + 1 }, (_, i) => `bare-${runId}-${i}`);
    const bareStartMs = await timed(() => inPool(bareIds, START_CONCURRENCY, async (id) => void (await temporal.client.workflow.start('bareWorkflow', { workflowId: id, taskQueue: bareQueue }))));
    await sleep(3000);
    const rssAfterBare = await rssMb();
    const breakdownIds: string[] = [];
    if (START_BREAKDOWN) {
      // The input the fan-out gives a unit (the plan for its type, the amendments), to a workflow that ignores it.
      const unitInput = { campaignId, unitId: 'x', unitType: 'agency', plan: planForUnitType(planSchema.parse(benchPlan), 'agency'), amendments: { revision: 0 } };
      for (const [name, workflowType, startArgs] of [
        ['with the unit\'s start input', 'bareWorkflow', [unitInput]],
        ['asking one patch', 'barePatchedWorkflow', []],
        // The plain loop once more: how much the later loops slow down only because more workflows are alive.
        ['again, as the baseline (drift control)', 'bareWorkflow', []],
      ] as const) {
        const ids = Array.from({ length: UNITS + 1 }, (_, i) => `bare-${breakdownIds.length}-${runId}-${i}`);
        breakdownIds.push(...ids);
        const ms = await timed(() => inPool(ids, START_CONCURRENCY, async (id) => void (await temporal.client.workflow.start(workflowType, { workflowId: id, taskQueue: bareQueue, args: [...startArgs] }))));
        log(`${mode}: bare loop ${name}: ${(ms / 1000).toFixed(1)} s (${(ms / bareStartMs).toFixed(2)}× the bare loop)`);
        rows.push({ measure: `bare loop ${name} (supplementary)`, service: `${(ms / 1000).toFixed(1)} s`, baseline: `${(bareStartMs / 1000).toFixed(1)} s`, ratio: ms / bareStartMs });
        await sleep(3000);
      }
    }

    // The service: one start request through the API, until progress shows every unit started.
    const rssBeforeUnits = await rssMb();
    const serviceStartMs = await timed(async () => {
      await call('POST', `/campaigns/${campaignId}/starts`, { subtreeRootId: root, requestId: `start-${runId}` }, { repeatable: true });
      for (;;) {
        const progress = await call('GET', `/campaigns/${campaignId}/progress`);
        const started = progress.totals?.started ?? progress.started;
        if (started >= UNITS + 1) break;
        await sleep(100);
      }
    });
    // Until every unit workflow has run its first task (started, phase entered, tasks open).
    await (async () => {
      for (;;) {
        const { rows } = await pool.query("SELECT count(*)::int AS n FROM unit_campaign_state WHERE campaign_id = $1 AND phase_id IS NOT NULL", [campaignId]);
        if (rows[0].n >= UNITS + 1) return;
        await sleep(200);
      }
    })();
    const settledMs = serviceStartMs;
    // Each unit continues-as-new once it enters its first phase: settled is when every new run has had
    // its first workflow task too (a query is answered only after it), or the first samples measure that backlog.
    await inPool(unitRows.map((u) => u.id), START_CONCURRENCY, async (unitId) => {
      // Under load a workflow task can time out and be retried; the query answers once one completes.
      for (let attempt = 0; ; attempt += 1) {
        try {
          return void (await temporal.client.workflow.getHandle(unitWorkflowId(campaignId, unitId)).query(unitStateQuery));
        } catch (error) {
          if (attempt >= 60) throw error;
          await sleep(1000);
        }
      }
    });
    await sleep(3000);
    const rssAfterUnits = await rssMb();
    rows.push({ measure: `bulk start of ${UNITS + 1} units`, service: `${(settledMs / 1000).toFixed(1)} s`, baseline: `${(bareStartMs / 1000).toFixed(1)} s`, ratio: settledMs / bareStartMs, target: 1.2 });

    // Approve and submit through the API ÷ executeUpdate on the bare workflow.
    const sampleUnits = unitRows.slice(1, SAMPLES + 1).map((u) => u.id);
    // A sample answered 503 under load is skipped with a message, not repeated (a change may have applied).
    const sample = async (into: number[], what: string, work: () => Promise<unknown>): Promise<boolean> => {
      try {
        into.push(await timed(work));
        return true;
      } catch (error) {
        if (!(error instanceof ApiCallError && error.status === 503)) throw error;
        log(`${mode}: ${what} answered 503 under load; the sample is skipped`);
        return false;
      }
    };
    const submit: number[] = [];
    const approve: number[] = [];
    for (const unitId of sampleUnits) {
      await sample(submit, `submit ${unitId}`, () => call('POST', `/campaigns/${campaignId}/units/${unitId}/tasks/meeting-minutes/submit`, { evidence: { text: '已召開', links: [] } }));
    }
    // Interleaved, an approve then a bare update: both see the same moments of a noisy machine.
    const bare: number[] = [];
    const approveTimes: UpdateSample[] = [];
    const bareTimes: UpdateSample[] = [];
    for (const [i, unitId] of sampleUnits.entries()) {
      let sentAt = Date.now();
      if (await sample(approve, `approve ${unitId}`, () => call('POST', `/campaigns/${campaignId}/units/${unitId}/tasks/meeting-minutes/approve`, {}))) {
        approveTimes.push({ workflowId: unitWorkflowId(campaignId, unitId), sentAt, repliedAt: Date.now() });
      }
      sentAt = Date.now();
      bare.push(await timed(() => temporal.client.workflow.getHandle(bareIds[i]).executeUpdate(bareTouchUpdate, { args: ['x'] })));
      bareTimes.push({ workflowId: bareIds[i], sentAt, repliedAt: Date.now() });
    }
    const b = stats(bare);
    for (const [name, values, target] of [['REST submit', submit, undefined], ['REST approve', approve, 1.3]] as const) {
      const s = stats(values);
      for (const p of ['p50', 'p95', 'p99'] as const) {
        rows.push({ measure: `${name} ${p} (${values.length} samples)`, service: `${s[p].toFixed(1)} ms`, baseline: `${b[p].toFixed(1)} ms`, ratio: s[p] / b[p], target: p === 'p95' ? target : undefined });
      }
      rows.push({ measure: `${name} slowest`, service: `${s.max.toFixed(0)} ms`, baseline: `${b.max.toFixed(0)} ms`, ratio: s.max / b.max });
    }
    // Supplementary: a failure here costs the breakdown, not the rows above.
    if (APPROVE_BREAKDOWN) await printUpdateBreakdown(mode, temporal.client, approveTimes, bareTimes).catch((error) => log(`${mode}: approve breakdown skipped: ${(error as Error).message}`));

    if (BULK_REPEATS > 0) {
      // Consecutive bulk starts of the same size: a stall shows as one far slower than the median.
      const times: number[] = [];
      const unitIds = unitRows.slice(1, REPEAT_UNITS + 1).map((u) => u.id);
      for (let k = 0; k < BULK_REPEATS; k += 1) {
        const id = `${campaignId}-r${k}`;
        try {
          await call('POST', '/campaigns', { id, plan: planStartingToday(`bench-plan-${runId}-r${k}`) }, { repeatable: true });
          times.push(await timed(async () => {
            await call('POST', `/campaigns/${id}/starts`, { unitIds, requestId: `start-${runId}-r${k}` }, { repeatable: true });
            while ((await call('GET', `/campaigns/${id}/progress`)).totals.started < unitIds.length) await sleep(100);
          }));
        } catch (error) {
          if (!(error instanceof ApiCallError)) throw error;
          log(`${mode}: bulk start ${k + 1} of ${BULK_REPEATS} skipped: ${error.message}`);
        }
      }
      if (times.length === 0) throw new Error('every repeated bulk start failed; see the messages above');
      const median = percentile(times, 50);
      log(`${mode}: ${BULK_REPEATS} bulk starts of ${REPEAT_UNITS} units: ${times.map((t) => (t / 1000).toFixed(1)).join(', ')} s`);
      rows.push({ measure: `${BULK_REPEATS} bulk starts: slowest ÷ median`, service: `${(Math.max(...times) / 1000).toFixed(1)} s`, baseline: `${(median / 1000).toFixed(1)} s`, ratio: Math.max(...times) / median, target: 1.5 });
    }

    const perUnitKb = ((rssAfterUnits - rssBeforeUnits) * 1024) / (UNITS + 1);
    const perBareKb = ((rssAfterBare - rssBeforeBare) * 1024) / (UNITS + 1);
    // A baseline lost in the noise of the process (≤ 1 KiB per workflow) gives no ratio.
    rows.push({ measure: 'worker RSS per cached workflow', service: `${perUnitKb.toFixed(1)} KiB`, baseline: `${perBareKb.toFixed(1)} KiB`, ratio: perBareKb > 1 ? perUnitKb / perBareKb : Number.NaN, target: 2 });

    await inPool([...bareIds, ...breakdownIds], START_CONCURRENCY, async (id) => void (await temporal.client.workflow.getHandle(id).signal(bareFinishSignal).catch(() => undefined)));
  }

  // The overdue board over BOARD_UNITS units of a synthetic campaign, a tenth of them overdue.
  const boardCampaign = `board-${runId}`;
  const boardRoot = `board-root-${runId}`;
  const boardPlan = parsePlan(planStartingToday(`board-plan-${runId}`));
  await createStorage(pool).campaigns.create({ id: boardCampaign, name: boardPlan.name, plan: boardPlan, createdBy: 'office' });
  await pool.query(`INSERT INTO units (id, parent_id, name, type, path, depth) VALUES ($1, NULL, '黨委', 'agency', '/' || $1 || '/', 0)`, [boardRoot]);
  await pool.query(
    `INSERT INTO units (id, parent_id, name, type, path, depth)
     SELECT $1 || '-' || lpad(i::text, 6, '0'), $1, '支部' || i, 'agency', '/' || $1 || '/' || $1 || '-' || lpad(i::text, 6, '0') || '/', 1 FROM generate_series(1, $2) i`,
    [boardRoot, BOARD_UNITS],
  );
  // The counts trigger would update one campaign_light_counts row 100,000 times in one transaction,
  // each update walking the ever longer chain of that row's versions (over the 60 s query timeout
  // on a loaded machine): the bulk load goes without triggers and the counts are summed once, as the
  // migration that added them does.
  const loader = await pool.connect();
  try {
    await loader.query('BEGIN');
    await loader.query('SET LOCAL session_replication_role = replica');
    await loader.query(
      `INSERT INTO unit_campaign_state (campaign_id, unit_id, phase_id, status, tasks, overdue_count, rung, light, version)
       SELECT $1, $2 || '-' || lpad(i::text, 6, '0'), 'mobilization', 'running',
              CASE WHEN i % 10 = 0 THEN '[{"taskId":"meeting-minutes","status":"open","dueDate":"2026-01-01","overdue":true,"rung":"warning","light":"yellow"}]'::jsonb ELSE '[]'::jsonb END,
              CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 10 = 0 THEN 'warning' END, CASE WHEN i % 10 = 0 THEN 'yellow' ELSE 'green' END, 1
       FROM generate_series(1, $3) i`,
      [boardCampaign, boardRoot, BOARD_UNITS],
    );
    await loader.query(
      `INSERT INTO campaign_light_counts (campaign_id, light, rung, units, overdue_units)
       SELECT campaign_id, light, coalesce(rung, ''), count(*), count(*) FILTER (WHERE overdue_count > 0)
       FROM unit_campaign_state WHERE campaign_id = $1 GROUP BY 1, 2, 3`,
      [boardCampaign],
    );
    await loader.query('COMMIT');
  } catch (error) {
    await loader.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    loader.release();
  }
  // As autovacuum would after such a bulk load.
  await pool.query('VACUUM ANALYZE units, unit_campaign_state, campaign_light_counts');
  const bareBoardSelect = () => pool.query(
    `SELECT s.unit_id, s.unit_path, s.rung, s.light, s.overdue_count, s.tasks FROM unit_campaign_state s
     WHERE s.campaign_id = $1 AND (s.light <> 'green' OR s.overdue_count > 0) ORDER BY s.unit_path USING ~<~ LIMIT 51`, [boardCampaign]);
  const boardRequest = () => call('GET', `/campaigns/${boardCampaign}/overdue`);
  // Supplementary (not the issue's baseline): the HTTP floor, a plain node:http handler in this
  // process running the same bare SELECT and JSON.stringify, fetched and parsed as the board is.
  const floor = http.createServer((_req, res) => {
    bareBoardSelect().then(
      ({ rows: units }) => {
        const text = JSON.stringify({ units });
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => floor.close(resolve)));
  const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;
  const bareHttpSelect = async () => JSON.parse(await (await fetch(floorUrl)).text());
  // Interleaved, rotating which goes first, so that a burst of load from elsewhere on the
  // machine falls on every side alike; the first 10 of each are warm-up.
  const board: number[] = [];
  const bareSelect: number[] = [];
  const bareHttp: number[] = [];
  const sides: Array<[number[], () => Promise<unknown>]> = [[board, boardRequest], [bareSelect, bareBoardSelect], [bareHttp, bareHttpSelect]];
  for (let i = 0; i < BOARD_SAMPLES + 10; i += 1) {
    for (let k = 0; k < sides.length; k += 1) {
      const [samples, work] = sides[(i + k) % sides.length];
      samples.push(await timed(work));
    }
  }
  const boardP95 = percentile(board.slice(10), 95);
  const selectP95 = percentile(bareSelect.slice(10), 95);
  const httpP95 = percentile(bareHttp.slice(10), 95);
  rows.push({ measure: `overdue board p50 over ${BOARD_UNITS} units`, service: `${percentile(board.slice(10), 50).toFixed(1)} ms`, baseline: `${percentile(bareSelect.slice(10), 50).toFixed(1)} ms`, ratio: percentile(board.slice(10), 50) / percentile(bareSelect.slice(10), 50) });
  rows.push({ measure: `overdue board p95 over ${BOARD_UNITS} units`, service: `${boardP95.toFixed(1)} ms`, baseline: `${selectP95.toFixed(1)} ms`, ratio: boardP95 / selectP95, target: 1.5 });
  rows.push({ measure: 'board p95 ÷ bare HTTP SELECT (supplementary)', service: `${boardP95.toFixed(1)} ms`, baseline: `${httpP95.toFixed(1)} ms`, ratio: boardP95 / httpP95 });

  // Where a board request's time goes: each step alone, round-robin, same samples count.
  const storage = createStorage(pool);
  const steps: Array<[string, () => Promise<unknown>]> = [
    ['bare indexed SELECT (the baseline)', bareBoardSelect],
    ['SELECT 1 (one pool round trip)', () => pool.query('SELECT 1')],
    ['token lookup (findUserByToken)', () => users.findUserByToken(bearer)],
    ['campaign row with its plan', () => storage.campaigns.get(boardCampaign)],
    ['attention page (joins names, first responsible)', () => storage.readModel.attentionPage({ campaignId: boardCampaign, scope: { kind: 'campaign' }, limit: 51 })],
    ['light and rung counts', () => storage.readModel.lightRungCounts(boardCampaign, { kind: 'campaign' })],
    ['page + counts in one statement (the board)', () => storage.readModel.boardPage({ campaignId: boardCampaign, scope: { kind: 'campaign' }, limit: 51 })],
    ['HTTP: plain node:http handler, bare SELECT', bareHttpSelect],
    ['HTTP GET /health (no auth, no query)', () => fetch(`${api.url}/health`).then((r) => r.text())],
    ['HTTP GET /templates (auth only)', () => call('GET', '/templates')],
    ['HTTP GET /campaigns/:id/overdue (the board)', boardRequest],
  ];
  const stepSamples: number[][] = steps.map(() => []);
  for (let i = 0; i < BOARD_SAMPLES + 10; i += 1) {
    for (const [k, [, step]] of steps.entries()) stepSamples[k].push(await timed(step));
  }
  log(`${mode}: one board request, step by step (${BOARD_SAMPLES} samples each, round-robin):`);
  for (const [k, [name]] of steps.entries()) {
    const values = stepSamples[k].slice(10);
    log(`  ${name.padEnd(50)} p50 ${percentile(values, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(values, 95).toFixed(2).padStart(7)} ms`);
  }
}

function printTable(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.log(`  ${'measure'.padEnd(44)} ${'service'.padStart(12)} ${'baseline'.padStart(12)} ${'ratio'.padStart(7)}  target`);
  for (const row of rows) {
    const verdict = row.target === undefined ? '' : `≤ ${row.target}× ${row.ratio <= row.target ? 'met' : 'NOT met'}`;
    console.log(`  ${row.measure.padEnd(44)} ${row.service.padStart(12)} ${row.baseline.padStart(12)} ${`${row.ratio.toFixed(2)}×`.padStart(7)}  ${verdict}`);
  }
}

/** The median and p95 of each span, the approves beside the bare updates. */
async function printUpdateBreakdown(mode: string, client: Client, approves: UpdateSample[], bares: UpdateSample[]) {
  const spansOf = async (samples: UpdateSample[]) => (await Promise.all(samples.map((sample) => updateSpans(client, sample)))).filter((s) => s !== undefined);
  const [service, bare] = [await spansOf(approves), await spansOf(bares)];
  console.log(`\n${mode}: where an approve's time goes, against a bare update (ms, p50 / p95; ${service.length} and ${bare.length} histories read)`);
  if (service.length === 0 || bare.length === 0) return log(`${mode}: approve breakdown: no update found in the histories read`);
  for (const span of ['sentToScheduled', 'scheduledToStarted', 'startedToCompleted', 'completedToReplied'] as const) {
    const [a, z] = [stats(service.map((s) => s[span])), stats(bare.map((s) => s[span]))];
    console.log(`  ${span.padEnd(20)} approve ${a.p50.toFixed(1).padStart(6)} / ${a.p95.toFixed(1).padStart(6)}   bare ${z.p50.toFixed(1).padStart(6)} / ${z.p95.toFixed(1).padStart(6)}`);
  }
}

async function startTemporal(): Promise<{ temporal: TemporalParts; bundles: Bundles }> {
  const port = 17233 + Math.floor(Math.random() * 1000);
  const temporalServer = await startInFolder('bench-temporal-', (temporalDir) => startEmbeddedTemporal({ dataDir: temporalDir, port, uiPort: port + 1000, namespace: 'default' }));
  const connection = await Connection.connect({ address: temporalServer.address });
  onCleanup(() => connection.close());
  const native = await NativeConnection.connect({ address: temporalServer.address });
  onCleanup(() => native.close());
  const client = new Client({ connection, namespace: 'default' });
  const silent = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never;
  return {
    temporal: { client, native, address: temporalServer.address },
    bundles: {
      unit: await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silent }),
      bare: await bundleWorkflowCode({ workflowsPath: require.resolve('./bare-workflows'), logger: silent }),
    },
  };
}

async function main() {
  log(`units ${UNITS}, samples ${SAMPLES}, board units ${BOARD_UNITS} (${BOARD_SAMPLES} samples), storage ${STORAGE}, only ${ONLY}; CPUs ${os.cpus().length}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // The board alone needs no Temporal: its baseline is a bare SELECT.
  const servers = ONLY === 'board' ? undefined : await startTemporal();
  const modes = STORAGE === 'both' ? (['embedded', 'external'] as const) : ([STORAGE] as Array<'embedded' | 'external'>);
  const tables: Array<[string, Row[]]> = [];
  for (const mode of modes) {
    if (interrupted) break;
    const mark = cleanups.length;
    // What was measured before a failure is still printed, with the failure.
    const rows: Row[] = [];
    try {
      await measureStorageMode(mode, servers?.temporal, servers?.bundles, rows);
    } catch (error) {
      // After a signal, what fails is what the cleanup closed under it: not worth a stack.
      log(interrupted ? `${mode}: stopped by ${interrupted}` : `${mode}: stopped by ${(error as Error).stack ?? String(error)}`);
      process.exitCode = interrupted ? 130 : 1;
      rows.push({ measure: `(stopped early: ${(interrupted ? `interrupted by ${interrupted}` : (error as Error).message).slice(0, 60)})`, service: '', baseline: '', ratio: Number.NaN });
    }
    // This mode's worker, API and database go before the next mode is measured.
    await runCleanups(mark);
    tables.push([`${mode === 'embedded' ? 'embedded PostgreSQL (npm start default)' : 'external PostgreSQL (DATABASE_URL)'}${servers ? ', Temporal dev server' : ''}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`, rows]);
  }
  if (!SKIP_HISTORY && ONLY === 'all' && !interrupted) {
    const history = await measureHistoryPerUnit();
    log(`history per unit: ${history.runsPerUnit} runs, ${(history.historyBytesPerUnit / 1024).toFixed(1)} KiB of history; ledger ${history.ledgerRowsPerUnit.toFixed(1)} rows, ${(history.ledgerBytesPerUnit / 1024).toFixed(1)} KiB (row data); by event type: ${JSON.stringify(Object.fromEntries(Object.entries(history.byType).map(([k, v]) => [k, Math.round(v)])))}`);
    tables.push(['history per unit, time-skipped seed-003 campaign (storage-independent)', [{ measure: `history events per unit (${history.units} units)`, service: history.eventsPerUnit.toFixed(1), baseline: history.bound.toFixed(1), ratio: history.eventsPerUnit / history.bound, target: 1.25 }]]);
  }
  for (const [title, rows] of tables) printTable(title, rows);
  console.log('');
}

benchDone = main()
  .catch((error) => {
    if (interrupted) return void (process.exitCode = 130);
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
