/**
 * Builds a worker: the one place where adapters are created and handed to the
 * activities. Used by the worker entry, `npm start` and the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Notifier } from '../adapters/notify/notifier';
import type { Storage } from '../adapters/storage';
import type { Notifications } from '../adapters/notify';
import type { Config } from '../config/env';

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  client: Client;
  /** Built once with the outbox defaults of the configuration (adapters/storage: createStorage). */
  storage: Storage;
  namespace: string;
  taskQueue: string;
  fanoutBatchSize?: number;
  /** Delivers notifications (console, webhook, SMTP): see adapters/notify. */
  notifier: Notifier;
  deliveryLeaseMs?: number;
  /** How long a daily catch-up digest waits for more rows before it is sent. */
  digestSettleMs?: number;
  /** A pre-built bundle (production, tests); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Interceptors and sinks to add (observability/tracing.ts when traces are on). */
  telemetry?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  const activities = createActivities({
    storage: options.storage,
    temporal: options.client,
    taskQueue: options.taskQueue,
    batchSize: options.fanoutBatchSize ?? 200,
    notifier: options.notifier,
    deliveryLeaseMs: options.deliveryLeaseMs,
    digestSettleMs: options.digestSettleMs,
  });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    // Heartbeats reach the server at most 1 s apart (the SDK's default is 0.8 × the heartbeat timeout,
    // 4 s for FAN_OUT's 5 s), so a live fan-out batch keeps a margin of 4 s before it is taken for dead.
    maxHeartbeatThrottleInterval: '1 second',
    ...options.telemetry,
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
  deps: { connection: NativeConnection; client: Client; storage: Storage; notifications: Notifications; telemetry?: CampaignWorkerOptions['telemetry'] },
): Promise<Worker> {
  const bundlePath = config.WORKFLOW_BUNDLE_PATH ?? path.resolve(__dirname, '..', 'workflow-bundle.js');
  return createCampaignWorker({
    connection: deps.connection,
    client: deps.client,
    storage: deps.storage,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    fanoutBatchSize: config.FANOUT_BATCH_SIZE,
    notifier: deps.notifications.notifier,
    deliveryLeaseMs: config.DELIVERY_LEASE_MS,
    digestSettleMs: config.DIGEST_SETTLE_MS,
    workflowBundle: fs.existsSync(bundlePath) ? { codePath: bundlePath } : undefined,
    ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
  });
}
