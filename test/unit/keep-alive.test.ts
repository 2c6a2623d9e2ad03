/**
 * activities/keep-alive.ts: an activity that waits on one slow call still
 * heartbeats, on a clock, and stops when its work ends, however it ends. Run in
 * the SDK's activity test environment, which reports each heartbeat. The work
 * waits for the beats themselves, so a loaded machine makes it slower, not flaky.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { keptAlive } from '../../activities/keep-alive';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function environment() {
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  let beats = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  env.on('heartbeat', () => {
    beats += 1;
    for (const waiter of waiters.filter((w) => beats >= w.count)) waiter.resolve();
  });
  /** Resolves once `count` heartbeats have been seen. */
  const beatsSeen = (count: number) => new Promise<void>((resolve) => waiters.push({ count, resolve }));
  return { env, beats: () => beats, beatsSeen };
}

test('when the work waits on one long call, then it heartbeats meanwhile and not after it returns', async () => {
  const { env, beats, beatsSeen } = environment();
  // The "call" ends only after three beats have come from the clock: none come from the work itself.
  await expect(env.run(() => keptAlive(async () => (await beatsSeen(3), 'done'), 50))).resolves.toBe('done');
  const atEnd = beats();
  expect(atEnd).toBe(3);
  await sleep(300);
  expect(beats()).toBe(atEnd);
});

test('when the work fails, then its error comes through and the heartbeats stop', async () => {
  const { env, beats, beatsSeen } = environment();
  await expect(env.run(() => keptAlive(async () => {
    await beatsSeen(2);
    throw new Error('start refused');
  }, 50))).rejects.toThrow('start refused');
  const atEnd = beats();
  expect(atEnd).toBe(2);
  await sleep(300);
  expect(beats()).toBe(atEnd);
});
