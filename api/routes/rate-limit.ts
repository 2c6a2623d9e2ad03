/** A small in-memory limiter per key (a client address): at most `limit` takes per sliding window. One process only. */
export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now) {
  const takes = new Map<string, number[]>();
  return {
    /** 0 when allowed (and counted); otherwise the milliseconds to wait. */
    take(key: string): number {
      const at = now();
      const recent = (takes.get(key) ?? []).filter((t) => t > at - windowMs);
      if (recent.length >= limit) {
        takes.set(key, recent);
        return recent[0] + windowMs - at;
      }
      recent.push(at);
      takes.set(key, recent);
      // Forget idle addresses now and then, so the map does not grow without end.
      if (takes.size > 10_000) for (const [k, v] of takes) if (v.every((t) => t <= at - windowMs)) takes.delete(k);
      return 0;
    },
  };
}
