/**
 * activities/keep-alive.ts: an activity that waits on one slow call still
 * heartbeats, on a clock, and stops when its work ends, however it ends. Run in
 * the SDK's activity test environment, which reports each heartbeat.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { keptAlive } from '../../activities/keep-alive';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function environment() {
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  const beats: number[] = [];
  env.on('heartbeat', () => beats.push(Date.now()));
  return { env, beats };
}

test('when the work waits 450 ms on one call, then it heartbeats about every 100 ms meanwhile and not after it returns', async () => {
  const { env, beats } = environment();
  await expect(env.run(() => keptAlive(async () => (await sleep(450), 'done'), 100))).resolves.toBe('done');
  expect(beats.length).toBeGreaterThanOrEqual(3);
  const atEnd = beats.length;
  await sleep(300);
  expect(beats.length).toBe(atEnd);
});

test('when the work fails, then its error comes through and the heartbeats stop', async () => {
  const { env, beats } = environment();
  await expect(env.run(() => keptAlive(async () => {
    await sleep(250);
    throw new Error('start refused');
  }, 100))).rejects.toThrow('start refused');
  const atEnd = beats.length;
  expect(atEnd).toBeGreaterThanOrEqual(1);
  await sleep(300);
  expect(beats.length).toBe(atEnd);
});
