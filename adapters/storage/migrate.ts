/**
 * Applies the SQL migrations in db/migrations (forward-only, versioned by file
 * name, each in its own transaction, under node-pg-migrate's advisory lock so
 * that several instances starting at once apply each migration once).
 */
import path from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { guardClient } from './database';

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'db', 'migrations');

export async function migrate(databaseUrl: string, log: (message: string) => void = () => undefined): Promise<string[]> {
  // A client of our own, guarded: should the server go away mid-migration (stopped, crashed), the
  // running statement fails and this rejects, where node-pg-migrate's own client would crash the process.
  const client = guardClient(new pg.Client({ connectionString: databaseUrl }));
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      count: Infinity,
      checkOrder: true,
      log,
      logger: { debug: () => undefined, info: log, warn: log, error: log },
    });
    return applied.map((migration) => migration.name);
  } finally {
    await client.end().catch(() => undefined);
  }
}
