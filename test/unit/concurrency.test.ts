/** mapLimit: the one helper that overlaps independent I/O calls, a bounded number at a time. */
import { mapLimit } from '../../domain/concurrency';

test('when items are mapped with a limit, then at most that many calls run at once and results keep the items\' order', async () => {
  let running = 0;
  let peak = 0;
  const results = await mapLimit([50, 10, 30, 0, 20, 40, 5], 3, async (ms, index) => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running -= 1;
    return `${index}:${ms}`;
  });
  expect(results).toEqual(['0:50', '1:10', '2:30', '3:0', '4:20', '5:40', '6:5']);
  expect(peak).toBe(3);
});

test('when there are no items, then no call is made', async () => {
  const work = jest.fn();
  expect(await mapLimit([], 4, work)).toEqual([]);
  expect(work).not.toHaveBeenCalled();
});

test('when a call fails, then mapLimit rejects with its error', async () => {
  await expect(mapLimit([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('send failed')) : n))).rejects.toThrow('send failed');
});
