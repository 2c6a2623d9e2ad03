/**
 * The whole service for one scenario, on real processes: Temporal dev server,
 * a fresh database, a worker (replaceable: kill it, start another), the API
 * process, the office and one supervisor with tokens; and a campaign for a
 * tree of units, defined and started through the API.
 */
import type { PlanInput } from '../../domain/plan';
import type { TestDatabase } from '../support/database';
import type { WorkerProcess } from '../support/worker-process';
import { localToday, planStartingToday } from '../api/support';
import { call } from './http';
import { database, issueTokens, startApiProcess, startTemporal, startWorker, tempDir, until, type ApiProcess, type Scope, type TemporalServer } from './stack';

export interface Service {
  temporal: TemporalServer;
  /** The Temporal dev server's folder (temporal.db, temporal.log): laid out as DATA_DIR is for `npm start`. */
  dataDir: string;
  db: TestDatabase;
  api: ApiProcess;
  worker: WorkerProcess;
  /** Environment of the worker process (and of its replacements). */
  workerEnv: Record<string, string>;
  /** Kills the worker with SIGKILL and starts another. */
  replaceWorker(): Promise<void>;
  office: string;
  supervisor: string;
}

export interface ServiceOptions {
  /** Database URL for the processes, when it differs from the database's own (a proxy in front). */
  databaseUrl?: (db: TestDatabase) => string | Promise<string>;
  workerEnv?: Record<string, string>;
  apiEnv?: Record<string, string>;
  lagProbe?: boolean;
}

/** The scenarios other than the flood send far more than a rate limit allows: their API is not limited. */
const UNLIMITED = { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_IP_PER_MINUTE: '100000000' };

export async function startService(scope: Scope, name: string, options: ServiceOptions = {}): Promise<Service> {
  const dir = await tempDir(scope, name);
  const temporal = await startTemporal(scope, dir);
  const db = await database(scope, name.replace(/-/g, '_'));
  const url = options.databaseUrl ? await options.databaseUrl(db) : db.url;
  const taskQueue = `chaos-${name}`;
  const workerEnv = { DATABASE_URL: url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, FANOUT_BATCH_SIZE: '25', ...(options.workerEnv ?? {}) };
  const tokens = await issueTokens(db, [
    { id: 'office', role: 'admin' },
    { id: 'sup', role: 'supervisor' },
  ]);
  const service: Service = {
    temporal,
    dataDir: dir,
    db,
    api: await startApiProcess(scope, { DATABASE_URL: url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, ...UNLIMITED, ...(options.apiEnv ?? {}) }, { lagProbe: options.lagProbe }),
    worker: await startWorker(scope, workerEnv),
    workerEnv,
    async replaceWorker() {
      await service.worker.kill();
      service.worker = await startWorker(scope, workerEnv);
    },
    office: tokens.office,
    supervisor: tokens.sup,
  };
  return service;
}

export const TASKS = ['implementation-plan', 'meeting-minutes', 'public-commitment', 'study-report', 'office-report'] as const;

export interface Campaign {
  id: string;
  root: string;
  units: string[];
}

/** `count` branches under one root (supervised by `sup`), a campaign of the test plan, started for the whole tree; resolves once every unit runs. */
export async function startCampaign(service: Service, id: string, count: number, options: { plan?: PlanInput; timeoutMs?: number; afterDefine?: () => void } = {}): Promise<Campaign> {
  const root = `${id}-root`;
  const units = [root, ...Array.from({ length: count }, (_, i) => `${id}-u${i + 1}`)];
  const rows = units.map((unit, i) => ({ id: unit, parentId: i === 0 ? null : root, name: `單位${i}`, type: 'agency', secretary: { name: `書記${i}` }, supervisors: i === 0 ? ['sup'] : [] }));
  const { api, office } = service;
  const imported = await call(api.url, 'post', '/units/import', { token: office, body: rows, timeoutMs: 60_000 });
  if (imported.status !== 201) throw new Error(`unit import answered ${imported.status}: ${JSON.stringify(imported.body)}`);
  const plan = options.plan ?? planStartingToday(id, localToday());
  const defined = await call(api.url, 'post', '/campaigns', { token: office, body: { id, plan: { ...plan, id } }, timeoutMs: 60_000 });
  if (defined.status !== 201) throw new Error(`campaign definition answered ${defined.status}: ${JSON.stringify(defined.body ?? defined.networkError ?? 'no answer')}`);
  options.afterDefine?.();
  const started = await call(api.url, 'post', `/campaigns/${id}/starts`, { token: office, body: { subtreeRootId: root }, timeoutMs: 60_000 });
  if (started.status !== 202) throw new Error(`start answered ${started.status}: ${JSON.stringify(started.body)}`);
  // Started, and every task open (the phase entered): a unit can submit from then on.
  await until(`campaign ${id} started for ${units.length} units`, async () => {
    const { rows: [r] } = await service.db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE campaign_id = $1 AND kind = 'task.opened'", [id]);
    return r.n >= units.length * (plan.phases[0].tasks ?? []).length;
  }, options.timeoutMs ?? 180_000, 500);
  return { id, root, units };
}

/**
 * A call retried over a worker or server restart: a network failure, a hang or
 * a 5xx is tried again for up to `patienceMs`; the first other answer is
 * returned with the number of attempts.
 */
export async function persistently(service: Service, method: string, path: string, body: unknown, patienceMs = 120_000) {
  const deadline = Date.now() + patienceMs;
  let attempts = 0;
  const statuses: number[] = [];
  for (;;) {
    attempts += 1;
    const reply = await call(service.api.url, method, path, { token: service.office, body, timeoutMs: 30_000 });
    statuses.push(reply.status);
    if ((reply.status > 0 && reply.status < 500) || Date.now() > deadline) return { reply, attempts, statuses };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
