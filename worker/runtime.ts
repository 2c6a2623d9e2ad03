/**
 * The worker process's Temporal runtime, installed once before any connection:
 * the SDK's logger writes into the service's pino JSON format (the SDK adds
 * workflowId, runId, activityType… to each line from a workflow or an
 * activity), the Rust core's own warnings are forwarded to it, and the SDK's
 * Prometheus exporter serves the worker's metrics (task slots, poll and
 * schedule-to-start latencies, sticky cache…) at WORKER_METRICS_HOST:PORT/metrics.
 */
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry, type LogLevel as SdkLevel } from '@temporalio/worker';
import type { Logger } from '../observability/logger';

const PINO_LEVEL: Record<SdkLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
const SDK_LEVEL: Record<string, SdkLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', silent: 'ERROR' };

/** An SDK logger that writes each entry as one pino line, its metadata (workflowId, runId, …) at the top level. */
export function sdkLoggerOver(logger: Logger): DefaultLogger {
  return new DefaultLogger(SDK_LEVEL[logger.level] ?? 'INFO', (entry: LogEntry) => {
    const { meta, message, level } = entry;
    logger[PINO_LEVEL[level]]({ ...meta, source: 'temporal-sdk' }, message);
  });
}

export interface WorkerRuntimeOptions {
  logger: Logger;
  /** host:port of the SDK's Prometheus exporter; none when absent. */
  metricsBindAddress?: string;
}

export function installWorkerRuntime(options: WorkerRuntimeOptions): Runtime {
  return Runtime.install({
    logger: sdkLoggerOver(options.logger),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(options.metricsBindAddress ? { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } } : {}),
    },
  });
}
