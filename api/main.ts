/**
 * The API on its own (`npm run api`): connects to Temporal at TEMPORAL_ADDRESS
 * and PostgreSQL at DATABASE_URL, listens on API_HOST:API_PORT, and closes
 * cleanly on SIGTERM or SIGINT.
 */
import { Client, Connection } from '@temporalio/client';
import { createChannelTester } from '../adapters/notify';
import { createStorage } from '../adapters/storage';
import { createPool } from '../adapters/storage/database';
import { loadConfig, type Config } from '../config/env';
import { createApp } from './app';
import { startApiServer, type RunningServer } from './server';

export interface RunningApi extends RunningServer {
  /** Closes the server, then the Temporal connection and the pool. */
  close(): Promise<void>;
}

/** Starts the API from a configuration; `npm start` may call it with its own addresses filled in. */
export async function startApi(config: Config): Promise<RunningApi> {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set: the API needs the service\'s PostgreSQL (or run `npm start`, which embeds one)');
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set: the API needs a Temporal frontend, e.g. 127.0.0.1:7233 (or run `npm start`, which runs a dev server)');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const pool = createPool(config.DATABASE_URL);
  const app = createApp({ temporal, storage: createStorage(pool), taskQueue: config.TEMPORAL_TASK_QUEUE, testChannel: createChannelTester(config), simulationMaxUnits: config.SIMULATION_MAX_UNITS });
  let server: RunningServer;
  try {
    server = await startApiServer(app, { port: config.API_PORT, host: config.API_HOST });
  } catch (error) {
    await pool.end().catch(() => undefined);
    await connection.close().catch(() => undefined);
    throw error;
  }
  return {
    ...server,
    async close() {
      await server.close();
      await pool.end();
      await connection.close();
    },
  };
}

async function main(): Promise<void> {
  const api = await startApi(loadConfig());
  console.log(`campaign API listening on ${api.url} (docs at ${api.url}/docs)`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing the API`);
    api.close().then(
      () => process.exit(0),
      (error) => {
        console.error('the API did not close cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
