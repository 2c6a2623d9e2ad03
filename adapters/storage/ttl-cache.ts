/**
 * A small in-process cache: each entry lives `ttlMs` from when it was stored,
 * and at most `maxEntries` are kept (the least recently stored goes first).
 * For lookups every request repeats (a bearer token's user, a campaign row)
 * where an answer up to `ttlMs` old is acceptable; writes made through this
 * process invalidate their entries at once (`delete`, `deleteWhere`).
 */
export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** The clock; Date.now by default (tests pass their own). */
  now?: () => number;
}

export interface TtlCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
  /** Drops every entry whose value matches, e.g. every token of a user. */
  deleteWhere(matches: (value: V, key: K) => boolean): void;
  clear(): void;
  readonly size: number;
}

export function createTtlCache<K, V>(options: TtlCacheOptions): TtlCache<K, V> {
  const now = options.now ?? Date.now;
  const entries = new Map<K, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() >= entry.expiresAt) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      if (options.ttlMs <= 0 || options.maxEntries <= 0) return;
      // Re-stored keys move to the back: the Map's order is the order of storing.
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + options.ttlMs });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as K);
    },
    delete(key) {
      entries.delete(key);
    },
    deleteWhere(matches) {
      for (const [key, entry] of entries) if (matches(entry.value, key)) entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
