/**
 * The client connection to the Temporal frontend, tuned to come back quickly
 * after the server restarts. The SDK's defaults back a broken channel off to
 * 120 s between reconnect attempts and give a call ten retries growing to 5 s
 * apart, so a 10 s restart can leave the API and the fan-out waiting tens of
 * seconds after the server is back. Here: reconnect after 0.2 s, then at most
 * 1 s apart; retry a retryable call at most 1 s apart for about 25 s.
 */
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

export const TEMPORAL_RECONNECT_INITIAL_MS = 200;
export const TEMPORAL_RECONNECT_MAX_MS = 1_000;
export const TEMPORAL_CALL_RETRY_ATTEMPTS = 25;

export function temporalConnectionOptions(address: string): ConnectionOptions {
  return {
    address,
    channelArgs: {
      // Merged by the SDK over its keepalive defaults.
      'grpc.initial_reconnect_backoff_ms': TEMPORAL_RECONNECT_INITIAL_MS,
      'grpc.max_reconnect_backoff_ms': TEMPORAL_RECONNECT_MAX_MS,
    },
    interceptors: [
      makeGrpcRetryInterceptor(
        defaultGrpcRetryOptions({
          maxAttempts: TEMPORAL_CALL_RETRY_ATTEMPTS,
          maxIntervalMs: () => TEMPORAL_RECONNECT_MAX_MS,
        }),
      ),
    ],
  };
}

export function connectTemporal(address: string): Promise<Connection> {
  return Connection.connect(temporalConnectionOptions(address));
}
