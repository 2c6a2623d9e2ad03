/**
 * The API on its own (`npm run api`): connects to Temporal at TEMPORAL_ADDRESS
 * and PostgreSQL at DATABASE_URL, listens on API_HOST:API_PORT, and closes
 * cleanly on SIGTERM or SIGINT.
 */
import { Client } from '@temporalio/client';
import { connectTemporal } from '../config/temporal-connection';
import { createChannelTester } from '../adapters/notify';
import { createStorage } from '../adapters/storage';
import { createPool } from '../adapters/storage/database';
import { loadConfig, type Config } from '../config/env';
import { createLogger, type Logger } from '../observability/logger';
import { workflowIdInterceptor } from '../observability/request-context';
import { startTracing } from '../observability/tracing';
import { createApp, type ApiDeps } from './app';
import { startApiServer, type RunningServer } from './server';

export interface RunningApi extends RunningServer {
  /** Closes the server, then the Temporal connection and the pool. */
  close(): Promise<void>;
}

/** Starts the API from a configuration; `npm start` may call it with its own addresses filled in. */
/** The edge and logging parts of the API's dependencies, as the configuration sets them. */
export function edgeDepsFromConfig(config: Config, logger: Logger): Pick<ApiDeps, 'edge' | 'requestLogger' | 'logger' | 'metricsToken'> {
  return {
    edge: {
      rateLimit: { perTokenPerMinute: config.RATE_LIMIT_PER_MINUTE, perIpPerMinute: config.RATE_LIMIT_IP_PER_MINUTE },
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      trustProxyHops: config.TRUST_PROXY_HOPS,
    },
    requestLogger: logger,
    logger: { error: (message, context) => logger.error(context ?? {}, message), warn: (message, context) => logger.warn(context ?? {}, message) },
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
  };
}

export async function startApi(config: Config, logger: Logger = createLogger({ service: 'api', level: config.LOG_LEVEL })): Promise<RunningApi> {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set: the API needs the service\'s PostgreSQL (or run `npm start`, which embeds one)');
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set: the API needs a Temporal frontend, e.g. 127.0.0.1:7233 (or run `npm start`, which runs a dev server)');
  const tracing = startTracing(config, 'campaigns-api');
  const connection = await connectTemporal(config.TEMPORAL_ADDRESS);
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, interceptors: { workflow: [workflowIdInterceptor, ...tracing.clientInterceptors] } });
  const pool = createPool(config.DATABASE_URL);
  const app = createApp({
    temporal,
    storage: createStorage(pool),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    testChannel: createChannelTester(config),
    simulationMaxUnits: config.SIMULATION_MAX_UNITS,
    reportFont: { path: config.REPORT_CJK_FONT, face: config.REPORT_CJK_FONT_FACE },
    ...edgeDepsFromConfig(config, logger),
  });
  let server: RunningServer;
  try {
    server = await startApiServer(app, { port: config.API_PORT, host: config.API_HOST });
  } catch (error) {
    await pool.end().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await tracing.stop();
    throw error;
  }
  return {
    ...server,
    async close() {
      await server.close();
      await pool.end();
      await connection.close();
      await tracing.stop();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ service: 'api', level: config.LOG_LEVEL });
  const api = await startApi(config, logger);
  logger.info({ url: api.url }, `campaign API listening on ${api.url} (docs at ${api.url}/docs)`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal}: closing the API`);
    api.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'the API did not close cleanly');
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
