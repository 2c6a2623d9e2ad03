import { deliveredOnce, judgeDeliveries } from '../chaos/delivery-judgement';
import type { ReceivedWebhook } from '../support/webhook-receiver';

function hook(key: string, at: number, payload: Record<string, unknown> = {}, subject = 'notice'): ReceivedWebhook {
  const body = { key, subject, payload };
  return { key, signature: undefined, rawBody: JSON.stringify(body), body, at };
}
const digest = (key: string, at: number, merged: string[], subject = 'digest') => hook(key, at, { digest: 'daily-catch-up', merged: merged.map((k) => ({ key: k })) }, subject);

test('when every notice arrives once, alone or in a digest, then the deliveries pass', () => {
  const received = [hook('n1', 100), digest('d1', 200, ['n2', 'n3'])];
  expect([...deliveredOnce(received)].sort()).toEqual(['n1', 'n2', 'n3']);
  const verdict = judgeDeliveries(received, ['n1', 'n2', 'n3'], []);
  expect(verdict).toMatchObject({ pass: true, keys: 2, notices: 3 });
});

test('when a message is sent again under its key after a kill, then it passes, and the repeat is named with its distance to the kill', () => {
  const verdict = judgeDeliveries([digest('d1', 1_000, ['n1']), digest('d1', 7_000, ['n1'])], ['n1'], [500, 1_004]);
  expect(verdict.pass).toBe(true);
  expect(verdict.figures).toContain('repeated across a kill 1, not excused by one 0, changed 0');
  expect(verdict.notes.join()).toContain('4–4 ms before it');
});

test('when the kill came a moment before the receiver stamped the first arrival, then the repeat is still excused by it', () => {
  expect(judgeDeliveries([hook('n1', 1_100), hook('n1', 7_000)], ['n1'], [1_000], 5_000).pass).toBe(true);
});

test('when the kill came long after the first arrival, or the repeat came while the lease still held, then no crash mid-send excuses it and it fails', () => {
  const lateKill = judgeDeliveries([hook('n1', 1_000), hook('n1', 9_000)], ['n1'], [4_000], 5_000);
  expect(lateKill.pass).toBe(false);
  expect(lateKill.notes.join()).toContain('before the lease ran out: n1');
  expect(judgeDeliveries([hook('n1', 1_000), hook('n1', 3_000)], ['n1'], [1_010], 5_000).pass).toBe(false);
  expect(judgeDeliveries([hook('n1', 1_000), hook('n1', 6_500)], ['n1'], [1_010], 5_000).pass).toBe(true);
});

test('when a key is repeated with no kill between, or with a different message, then it fails', () => {
  expect(judgeDeliveries([hook('n1', 1_000), hook('n1', 2_000)], ['n1'], [5_000]).pass).toBe(false);
  const changed = judgeDeliveries([hook('n1', 1_000), hook('n1', 2_000, {}, 'another text')], ['n1'], [1_500]);
  expect(changed.pass).toBe(false);
  expect(changed.notes.join()).toContain('different message: n1');
});

test('when a notice arrives under two keys (two digests, or alone and in a digest), then it fails, though no key repeats', () => {
  const twoDigests = judgeDeliveries([digest('d1', 100, ['n1', 'n2']), digest('d1#2', 200, ['n2'])], ['n1', 'n2'], []);
  expect(twoDigests.pass).toBe(false);
  expect(twoDigests.notes.join()).toContain('under two keys: n2');
  expect(judgeDeliveries([hook('n1', 100), digest('d1', 200, ['n1'])], ['n1'], []).pass).toBe(false);
});

test('when a notice of the outbox never arrives, or nothing arrives at all, then it fails', () => {
  const missing = judgeDeliveries([hook('n1', 100)], ['n1', 'n2'], []);
  expect(missing.pass).toBe(false);
  expect(missing.notes.join()).toContain('never delivered: n2');
  expect(judgeDeliveries([], [], []).pass).toBe(false);
  // Something arrived, but the outbox holds nothing for this receiver (its notices went elsewhere).
  expect(judgeDeliveries([hook('n1', 100)], [], []).pass).toBe(false);
});
