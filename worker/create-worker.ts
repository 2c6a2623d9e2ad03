/**
 * Builds a worker: the one place where adapters are created and handed to the
 * activities. Used by the worker entry, `npm start` and the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createCampaignsRepository } from '../adapters/storage/campaigns-repository';
import { createHolidaysRepository } from '../adapters/storage/holidays-repository';
import type { Notifier } from '../adapters/notify/notifier';
import type { Pool } from '../adapters/storage/database';
import type { OutboxDefaults } from '../adapters/storage/outbox';
import type { Notifications } from '../adapters/notify';
import type { Config } from '../config/env';

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  client: Client;
  pool: Pool;
  namespace: string;
  taskQueue: string;
  fanoutBatchSize?: number;
  /** Delivers notifications (console, webhook, SMTP): see adapters/notify. */
  notifier: Notifier;
  outboxDefaults?: OutboxDefaults;
  deliveryLeaseMs?: number;
  /** A pre-built bundle (production, tests); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  const activities = createActivities({
    pool: options.pool,
    campaigns: createCampaignsRepository(options.pool),
    holidays: createHolidaysRepository(options.pool),
    temporal: options.client,
    taskQueue: options.taskQueue,
    batchSize: options.fanoutBatchSize ?? 200,
    notifier: options.notifier,
    outboxDefaults: options.outboxDefaults,
    deliveryLeaseMs: options.deliveryLeaseMs,
  });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}

/**
 * The worker as the environment configures it (config/env.ts), for the worker
 * entry and `npm start`. A production image ships a pre-built bundle
 * (npm run bundle:workflows) beside the compiled code; without one the
 * workflows are bundled at start.
 */
export function createConfiguredWorker(
  config: Config,
  deps: { connection: NativeConnection; client: Client; pool: Pool; notifications: Notifications },
): Promise<Worker> {
  const bundlePath = config.WORKFLOW_BUNDLE_PATH ?? path.resolve(__dirname, '..', 'workflow-bundle.js');
  return createCampaignWorker({
    connection: deps.connection,
    client: deps.client,
    pool: deps.pool,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    fanoutBatchSize: config.FANOUT_BATCH_SIZE,
    notifier: deps.notifications.notifier,
    outboxDefaults: deps.notifications.outboxDefaults,
    deliveryLeaseMs: config.DELIVERY_LEASE_MS,
    workflowBundle: fs.existsSync(bundlePath) ? { codePath: bundlePath } : undefined,
  });
}
