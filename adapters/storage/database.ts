/** The one place a PostgreSQL pool is built. */
import pg from 'pg';

// Return bigint (seq) and counts as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(databaseUrl: string, options: { max?: number; connectionTimeoutMs?: number } = {}): pg.Pool {
  // A bounded wait for a connection: while PostgreSQL is away a request fails (the API answers 503), it does not hang.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10, connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}
