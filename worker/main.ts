/**
 * The worker entry (`npm run worker`, or `node dist/worker/main.js` in the
 * image): connects to Temporal and PostgreSQL and runs the campaign workflows
 * and activities until SIGINT/SIGTERM. Run as many as the load needs; they
 * share the task queue.
 */
import { Client } from '@temporalio/client';
import { connectTemporal } from '../config/temporal-connection';
import { NativeConnection } from '@temporalio/worker';
import { createNotificationsFromConfig } from '../adapters/notify';
import { createStorage } from '../adapters/storage';
import { createPool } from '../adapters/storage/database';
import { loadConfig } from '../config/env';
import { createLogger } from '../observability/logger';
import { startTracing } from '../observability/tracing';
import { createConfiguredWorker } from './create-worker';
import { installWorkerRuntime } from './runtime';

async function main() {
  const config = loadConfig();
  const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL });
  // Before any connection: the runtime is the process's, and carries the logger and the metrics exporter.
  installWorkerRuntime({
    logger,
    ...(config.WORKER_METRICS_PORT ? { metricsBindAddress: `${config.WORKER_METRICS_HOST}:${config.WORKER_METRICS_PORT}` } : {}),
  });
  const tracing = startTracing(config, 'campaigns-worker');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set (the worker writes the ledger there)');
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set (host:port of the Temporal frontend)');
  const notifications = createNotificationsFromConfig(config);
  const pool = createPool(config.DATABASE_URL);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await connectTemporal(config.TEMPORAL_ADDRESS);
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, interceptors: { workflow: tracing.clientInterceptors } });
  const storage = createStorage(pool, { outboxDefaults: notifications.outboxDefaults });
  const worker = await createConfiguredWorker(config, { connection, client, storage, notifications, telemetry: tracing.workerOptions });
  logger.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, temporalAddress: config.TEMPORAL_ADDRESS, metrics: config.WORKER_METRICS_PORT || null, tracing: tracing.enabled },
    `worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`,
  );
  await worker.run(); // returns after SIGINT/SIGTERM, which the SDK handles
  await Promise.all([pool.end(), connection.close(), clientConnection.close(), notifications.notifier.close(), tracing.stop()]);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
