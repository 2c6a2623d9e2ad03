/**
 * The service's one log format: pino's JSON lines on stdout, one object per
 * line with `time` (ISO), `level` (a name), `service` (api, worker, start) and
 * `msg`. The API adds `requestId`, `userId` and `workflowId`; the worker's
 * lines from the Temporal SDK carry `workflowId`, `runId` and `activityType`.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function createLogger(options: { service: string; level?: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A token in a log is a token anyone with the logs can use.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'authorization'], censor: '[redacted]' },
    },
    options.destination,
  );
}
