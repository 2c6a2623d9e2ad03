/**
 * The one place a transaction is opened: BEGIN, the caller's work, COMMIT, or
 * ROLLBACK on any error, and the client back to the pool either way; a client
 * whose transaction failed is destroyed, not reused.
 */
import type pg from 'pg';
import { guardClient } from './database';

/** What a single statement needs: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Runs `work` in one transaction on a client of its own; rolls back and rethrows if `work` throws. */
export async function withTransaction<T>(pool: Pick<pg.Pool, 'connect'>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = guardClient(await pool.connect());
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // The caller's error is the one that matters; a failed ROLLBACK (a lost connection) must not hide it.
    const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
    // A business error (a 409, a check) leaves a healthy connection; a lost one, or a statement
    // that timed out client-side (its answer may still come), leaves one nobody may reuse.
    if (!rolledBack || /timeout|terminat|not queryable|ECONN|EPIPE/i.test(String((error as Error)?.message ?? error))) {
      broken = error instanceof Error ? error : new Error(String(error));
    }
    throw error;
  } finally {
    // release(error) destroys the client instead of lending it to the next caller.
    client.release(broken);
  }
}
