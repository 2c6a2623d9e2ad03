/** The in-process lookup cache (adapters/storage/ttl-cache.ts): expiry, invalidation, bound. */
import { createTtlCache } from '../../adapters/storage/ttl-cache';

function cacheWithClock(ttlMs: number, maxEntries: number) {
  let now = 1_000;
  const cache = createTtlCache<string, number>({ ttlMs, maxEntries, now: () => now });
  return { cache, advance: (ms: number) => void (now += ms) };
}

test('when an entry is younger than the ttl, then it is answered; at the ttl, it is gone', () => {
  const { cache, advance } = cacheWithClock(5_000, 10);
  cache.set('a', 1);
  advance(4_999);
  expect(cache.get('a')).toBe(1);
  advance(1);
  expect(cache.get('a')).toBeUndefined();
  expect(cache.size).toBe(0);
});

test('when an entry is stored again, then its ttl starts again', () => {
  const { cache, advance } = cacheWithClock(5_000, 10);
  cache.set('a', 1);
  advance(4_000);
  cache.set('a', 2);
  advance(4_000);
  expect(cache.get('a')).toBe(2);
});

test('when entries are deleted, one by key or several by value, then they are not answered', () => {
  const { cache } = cacheWithClock(5_000, 10);
  cache.set('t1', 7);
  cache.set('t2', 7);
  cache.set('t3', 8);
  cache.delete('t3');
  expect(cache.get('t3')).toBeUndefined();
  cache.deleteWhere((value) => value === 7);
  expect([cache.get('t1'), cache.get('t2'), cache.size]).toEqual([undefined, undefined, 0]);
  cache.set('t4', 9);
  cache.clear();
  expect(cache.get('t4')).toBeUndefined();
});

test('when more entries are stored than the bound, then the least recently stored go first', () => {
  const { cache } = cacheWithClock(5_000, 3);
  for (const [key, value] of [['a', 1], ['b', 2], ['c', 3]] as const) cache.set(key, value);
  cache.set('a', 10); // a is now the most recent
  cache.set('d', 4);
  expect(cache.size).toBe(3);
  expect(cache.get('b')).toBeUndefined();
  expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([10, 3, 4]);
});

test('when the ttl or the bound is 0, then nothing is remembered', () => {
  for (const [ttl, max] of [[0, 10], [5_000, 0]]) {
    const { cache } = cacheWithClock(ttl, max);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  }
});
