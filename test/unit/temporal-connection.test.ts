/**
 * The client connection's settings (config/temporal-connection.ts): reconnect
 * and call retries at most about a second apart, where the SDK's defaults back
 * off to 120 s and 5 s. The effect against a real dev server killed for 10 s
 * (a call answered 0.6–0.9 s after its return, 4.5–4.9 s with the defaults) is
 * in docs/chaos.md; a timed test of it was flaky under CI's load.
 */
import { status } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions } from '@temporalio/client';
import { TEMPORAL_CALL_RETRY_ATTEMPTS, TEMPORAL_RECONNECT_MAX_MS, temporalConnectionOptions, temporalRetryOptions } from '../../config/temporal-connection';

const unavailable = { code: status.UNAVAILABLE, details: 'tcp connect error', metadata: {} } as never;

test('when a channel drops, then it reconnects after 0.2 s and then at most 1 s apart', () => {
  const { channelArgs } = temporalConnectionOptions('127.0.0.1:7233');
  expect(channelArgs).toMatchObject({ 'grpc.initial_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': TEMPORAL_RECONNECT_MAX_MS });
});

test('when a call finds the server away, then it is retried at most about 1 s apart, 25 attempts in all, where the defaults wait up to 5 s and give up after 10', () => {
  const delays = Array.from({ length: TEMPORAL_CALL_RETRY_ATTEMPTS - 1 }, (_, i) => temporalRetryOptions.delayFunction(i + 1, unavailable));
  // The SDK adds up to 20 % jitter to the capped interval.
  expect(Math.max(...delays)).toBeLessThanOrEqual(TEMPORAL_RECONNECT_MAX_MS * 1.2);
  expect(temporalRetryOptions.retryableDecider(TEMPORAL_CALL_RETRY_ATTEMPTS - 1, unavailable)).toBe(true);
  expect(temporalRetryOptions.retryableDecider(TEMPORAL_CALL_RETRY_ATTEMPTS, unavailable)).toBe(false);
  const sdk = defaultGrpcRetryOptions();
  expect(Math.max(...Array.from({ length: 9 }, (_, i) => sdk.delayFunction(i + 1, unavailable)))).toBeGreaterThan(TEMPORAL_RECONNECT_MAX_MS * 2);
  expect(sdk.retryableDecider(10, unavailable)).toBe(false);
  expect(temporalConnectionOptions('x:1').interceptors).toHaveLength(1);
});
