/**
 * Wires a test: a throw-away PostgreSQL database, a Temporal test environment
 * and a worker running the project's real workflows and activities.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createConsoleNotifier } from '../../adapters/notify/console';
import type { Notifier } from '../../adapters/notify/notifier';
import type { OutboxDefaults } from '../../adapters/storage/outbox';
import { createStorage, type Storage } from '../../adapters/storage';
import { parseUnitsJson } from '../../domain/units';
import { createCampaignWorker } from '../../worker/create-worker';
import { createTestDatabase, type TestDatabase } from './database';
import { workflowBundle } from './temporal';

export interface Harness {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  worker: Worker;
  taskQueue: string;
  /** The worker's storage, on the test database. */
  storage: Storage;
  ledger: Storage['ledger'];
  campaigns: Storage['campaigns'];
  units: Storage['units'];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  fanoutBatchSize?: number;
  /** Where notifications go; by default a console notifier that writes nowhere. */
  notifier?: Notifier;
  outboxDefaults?: OutboxDefaults;
  /** How long a daily catch-up digest waits for more rows (the worker's default when absent). */
  digestSettleMs?: number;
}

export async function startHarness(env: TestWorkflowEnvironment, options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase({ prefix: 'wf_test', max: 10 });
  const taskQueue = `test-${randomUUID()}`;
  const storage = createStorage(db.pool, { outboxDefaults: options.outboxDefaults });
  const worker = await createCampaignWorker({
    connection: env.nativeConnection,
    client: env.client,
    storage,
    namespace: env.namespace ?? 'default',
    taskQueue,
    fanoutBatchSize: options.fanoutBatchSize,
    notifier: options.notifier ?? createConsoleNotifier({ logger: { info: () => undefined } }),
    digestSettleMs: options.digestSettleMs,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  return {
    env,
    db,
    worker,
    taskQueue,
    storage,
    ledger: storage.ledger,
    campaigns: storage.campaigns,
    units: storage.units,
    async stop() {
      worker.shutdown();
      await running;
      await db.drop();
    },
  };
}

/** A small tree: a committee with `count` branches of the given type, supervised by `supervisor`. */
export function branchTree(count: number, options: { rootId?: string; type?: string; supervisor?: string } = {}) {
  const rootId = options.rootId ?? 'committee';
  const rows = [
    { id: rootId, parentId: null, name: '黨委', type: 'agency', secretary: { name: '書記' }, supervisors: [options.supervisor ?? 'sup-1'] },
    ...Array.from({ length: count }, (_, i) => ({
      id: `${rootId}-b${String(i + 1).padStart(5, '0')}`,
      parentId: rootId,
      name: `第${i + 1}支部`,
      type: options.type ?? 'agency',
      secretary: { name: `書記${i + 1}`, email: `s${i + 1}@example.test` },
      supervisors: [],
    })),
  ];
  return parseUnitsJson(rows);
}
