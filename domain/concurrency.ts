/**
 * The one concurrency helper: maps items with at most `limit` calls in flight,
 * results in the order of the items. Used wherever many independent I/O calls
 * (workflow starts, signals, queries, sends) should overlap without flooding
 * their server.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(
    Array.from({ length: items.length ? lanes : 0 }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
