/** The one place a PostgreSQL pool is built. */
import pg from 'pg';

// Return bigint (seq) and counts as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  max?: number;
  /** Longest wait for a connection (ms): while PostgreSQL is away a request fails (the API answers 503), it does not hang. */
  connectionTimeoutMs?: number;
  /**
   * Longest wait for one statement's answer (ms), on the client side. A
   * connection cut without a FIN (a half-open socket) otherwise leaves the
   * statement, and the activity or request awaiting it, hanging until TCP
   * gives up many minutes later.
   */
  queryTimeoutMs?: number;
}

/** Options for a single pg.Client (backup, restore): the same fail-fast settings as the pools. */
export function connectionSettings(databaseUrl: string, options: Pick<PoolOptions, 'connectionTimeoutMs' | 'queryTimeoutMs'> = {}): pg.ClientConfig {
  return {
    connectionString: databaseUrl,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    ...(options.queryTimeoutMs === 0 ? {} : { query_timeout: options.queryTimeoutMs ?? 60_000 }),
    // Keepalive probes notice a silently dead peer on an idle connection; the server-side
    // limit ends a transaction whose client vanished, so its locks (the ledger's) are freed.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    idle_in_transaction_session_timeout: 60_000,
  };
}

export function createPool(databaseUrl: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ ...connectionSettings(databaseUrl, options), max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A checked-out client has no 'error' listener of the pool's (pg-pool removes
 * it while the client is lent): a connection lost mid-transaction would emit
 * an unhandled 'error' and kill the process. The error still reaches the
 * statement awaiting it; this listener only keeps the process alive.
 */
export function guardClient<T extends pg.ClientBase>(client: T): T {
  if (!(client as { campaignGuarded?: boolean }).campaignGuarded) {
    client.on('error', () => undefined);
    (client as { campaignGuarded?: boolean }).campaignGuarded = true;
  }
  return client;
}
