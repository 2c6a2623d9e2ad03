/**
 * `npm start`: the whole service on one machine. Uses the PostgreSQL named by
 * DATABASE_URL and the Temporal at TEMPORAL_ADDRESS when they are set, and
 * otherwise starts embedded ones persisting under DATA_DIR (default .data/),
 * so that a second start finds every campaign where it was. Then migrations,
 * the worker and the API. Ctrl-C stops all of it cleanly.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { connectTemporal } from '../config/temporal-connection';
import pg from 'pg';
import { NativeConnection } from '@temporalio/worker';
import { createChannelTester } from '../adapters/notify';
import { createApp } from '../api/app';
import { edgeDepsFromConfig } from '../api/main';
import { createLogger } from '../observability/logger';
import { workflowIdInterceptor } from '../observability/request-context';
import { startApiServer } from '../api/server';
import { createNotificationsFromConfig } from '../adapters/notify';
import { createStorage } from '../adapters/storage';
import { createPool } from '../adapters/storage/database';
import { migrate } from '../adapters/storage/migrate';
import { loadConfig } from '../config/env';
import { createConfiguredWorker } from '../worker/create-worker';
import { startEmbeddedPostgres } from './embedded/postgres';
import { startEmbeddedTemporal } from './embedded/temporal';

const log = (message: string) => console.log(`[start] ${message}`);

/** A DATABASE_URL that points nowhere gets one clear line rather than a migration stack. */
async function checkDatabaseReachable(databaseUrl: string, configured: boolean) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const where = new URL(databaseUrl);
    const hint = configured ? 'check that the server runs and the URL is right, or unset DATABASE_URL to use the embedded PostgreSQL' : 'see DATA_DIR/postgres.log';
    throw new Error(`PostgreSQL at ${where.host}${where.pathname} (DATABASE_URL) cannot be reached: ${(error as Error).message || (error as NodeJS.ErrnoException).code}; ${hint}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main() {
  const config = loadConfig();
  const stops: Array<() => Promise<unknown>> = [];
  const shutdown = async (code: number) => {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
    process.exit(code);
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: shutting down`);
      void shutdown(0);
    });
  }

  try {
    // The dashboard's pages, when web/dist is missing or older than its sources (npm install builds them too).
    execFileSync(process.execPath, [path.join(__dirname, 'build-web.js'), '--if-stale'], { stdio: 'inherit' });
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT, logFile: path.join(config.DATA_DIR, 'postgres.log'), log });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      log(`embedded PostgreSQL 18 on ${databaseUrl}, data in ${path.join(config.DATA_DIR, 'postgres')}`);
    }
    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUi = 'the Temporal UI of your deployment';
    if (!temporalAddress) {
      const temporal = await startEmbeddedTemporal({ dataDir: config.DATA_DIR, port: config.TEMPORAL_PORT, uiPort: config.TEMPORAL_UI_PORT, namespace: config.TEMPORAL_NAMESPACE });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
      log(`embedded Temporal dev server on ${temporalAddress}, history in ${path.join(config.DATA_DIR, 'temporal.db')}`);
    }

    const notifications = createNotificationsFromConfig(config);
    stops.push(() => notifications.notifier.close());
    await checkDatabaseReachable(databaseUrl, config.DATABASE_URL !== undefined);
    const applied = await migrate(databaseUrl);
    log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');

    // The API and the worker get a pool each: up to 100 concurrent activities, queued on a
    // campaign's ledger lock, must never make a supervisor's click wait for a connection.
    const pool = createPool(databaseUrl);
    stops.push(() => pool.end());
    const workerPool = createPool(databaseUrl, { max: 20 });
    stops.push(() => workerPool.end());
    // The API's repositories on its pool; the worker's, with the outbox defaults, on its own.
    const storage = createStorage(pool);
    const workerStorage = createStorage(workerPool, { outboxDefaults: notifications.outboxDefaults });
    const clientConnection = await connectTemporal(temporalAddress);
    stops.push(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, interceptors: { workflow: [workflowIdInterceptor] } });
    const workerConnection = await NativeConnection.connect({ address: temporalAddress });
    stops.push(() => workerConnection.close());

    log('bundling workflows and starting the worker…');
    const worker = await createConfiguredWorker(config, { connection: workerConnection, client, storage: workerStorage, notifications });
    const workerRun = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });

    const app = createApp({
      temporal: client,
      storage,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      checkTemporal: async () => {
        await clientConnection.healthService.check({});
        return true;
      },
      testChannel: createChannelTester(config),
      ...edgeDepsFromConfig(config, createLogger({ service: 'api', level: config.LOG_LEVEL })),
      simulationMaxUnits: config.SIMULATION_MAX_UNITS,
    });
    const api = await startApiServer(app, { port: config.API_PORT, host: config.API_HOST });
    stops.push(() => api.close());

    console.log(`
  創先爭優 campaign service is running
    API          ${api.url}
    API docs     ${api.url}/docs   (OpenAPI: ${api.url}/openapi.json)
    Dashboard    ${api.url}/app/
    Health       ${api.url}/health
    Temporal UI  ${temporalUi}
  Create an admin token: npm run users -- create --id office --name 活動辦 --role admin
  Press Ctrl-C to stop.
`);
  } catch (error) {
    console.error(`[start] failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
