/**
 * The figures /metrics publishes about the work itself, read from PostgreSQL
 * at scrape time: one source of truth whatever the number of workers, and
 * unaffected by their restarts. Each query is served by an index
 * (db/migrations/1700000000900_metrics-indexes.sql).
 */
import type pg from 'pg';

export interface OperationalFigures {
  outbox: { undelivered: number; oldestUndeliveredAgeSeconds: number };
  /** Escalation-ladder rungs fired, by rung id (ledger rows whose key step is `rung`). */
  rungsFired: Array<{ rung: string; count: number }>;
  /** Ledger rows written, by kind. */
  ledgerRows: Array<{ kind: string; count: number }>;
  /** Units started per campaign by the fan-out. */
  unitsStarted: Array<{ campaignId: string; count: number }>;
}

export function createOperationalFigures(pool: pg.Pool) {
  return {
    async read(): Promise<OperationalFigures> {
      const [outbox, rungs, kinds, started] = await Promise.all([
        pool.query<{ undelivered: number; oldest: number | null }>(
          `SELECT count(*)::int AS undelivered, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest
             FROM outbox WHERE delivered_at IS NULL`,
        ),
        pool.query<{ rung: string; count: number }>(`SELECT rung, count(*)::int AS count FROM ledger WHERE step = 'rung' AND rung IS NOT NULL GROUP BY rung`),
        pool.query<{ kind: string; count: number }>(`SELECT kind, count(*)::int AS count FROM ledger GROUP BY kind`),
        pool.query<{ campaign_id: string; count: number }>(`SELECT campaign_id, count(*)::int AS count FROM campaign_units GROUP BY campaign_id`),
      ]);
      return {
        outbox: { undelivered: outbox.rows[0].undelivered, oldestUndeliveredAgeSeconds: Math.max(0, outbox.rows[0].oldest ?? 0) },
        rungsFired: rungs.rows,
        ledgerRows: kinds.rows,
        unitsStarted: started.rows.map((row) => ({ campaignId: row.campaign_id, count: row.count })),
      };
    },
  };
}

export type OperationalFiguresReader = ReturnType<typeof createOperationalFigures>;
