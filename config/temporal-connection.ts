/**
 * The client connection to the Temporal frontend, tuned to come back quickly
 * after the server restarts. The SDK's defaults back a broken channel off to
 * 120 s between reconnect attempts and give a call ten retries growing to 5 s
 * apart, so a 10 s restart can leave the API and the fan-out waiting tens of
 * seconds after the server is back. Here: reconnect after 0.2 s, then at most
 * 1 s apart; retry a retryable call at most 1 s apart for about 25 s.
 */
import { Connection, isRetryableError, makeGrpcRetryInterceptor, type ConnectionOptions, type GrpcRetryOptions } from '@temporalio/client';

export const TEMPORAL_RECONNECT_INITIAL_MS = 200;
export const TEMPORAL_RECONNECT_MAX_MS = 1_000;
export const TEMPORAL_CALL_RETRY_ATTEMPTS = 25;

/**
 * Retryable calls (UNAVAILABLE and the like) tried again 0.17 s, 0.29 s, … then at most
 * 1 s apart (± 20 %), 25 attempts in all. Written out because SDK 1.24's
 * defaultGrpcRetryOptions drops a maxIntervalMs passed to it and keeps its 5 s.
 */
export const temporalRetryOptions: GrpcRetryOptions = {
  delayFunction: (attempt) => Math.min(TEMPORAL_RECONNECT_MAX_MS, 100 * 1.7 ** attempt) * (0.8 + Math.random() * 0.4),
  retryableDecider: (attempt, status) => attempt < TEMPORAL_CALL_RETRY_ATTEMPTS && isRetryableError(status),
};

export function temporalConnectionOptions(address: string): ConnectionOptions {
  return {
    address,
    channelArgs: {
      // Merged by the SDK over its keepalive defaults.
      'grpc.initial_reconnect_backoff_ms': TEMPORAL_RECONNECT_INITIAL_MS,
      'grpc.max_reconnect_backoff_ms': TEMPORAL_RECONNECT_MAX_MS,
    },
    interceptors: [makeGrpcRetryInterceptor(temporalRetryOptions)],
  };
}

export function connectTemporal(address: string): Promise<Connection> {
  return Connection.connect(temporalConnectionOptions(address));
}
