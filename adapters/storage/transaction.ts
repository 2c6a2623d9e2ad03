/**
 * The one place a transaction is opened: BEGIN, the caller's work, COMMIT, or
 * ROLLBACK on any error, and the client back to the pool either way.
 */
import type pg from 'pg';

/** What a single statement needs: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Runs `work` in one transaction on a client of its own; rolls back and rethrows if `work` throws. */
export async function withTransaction<T>(pool: Pick<pg.Pool, 'connect'>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // The caller's error is the one that matters; a failed ROLLBACK (a lost connection) must not hide it.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
