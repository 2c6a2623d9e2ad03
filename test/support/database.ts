/**
 * A throw-away PostgreSQL database for a test file: created on the server at
 * TEST_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * migrated by the service's own migration runner (node-pg-migrate over
 * db/migrations), dropped by `drop()`.
 *
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase(); });
 *   afterAll(async () => { await db?.drop(); });
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../adapters/storage/migrate';

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  name: string;
  pool: pg.Pool;
  /** Closes the pool and drops the database (idempotent). */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Start of the database name, e.g. 'units_test' → 'units_test_3f9a1c2b'. Default 'test'. */
  prefix?: string;
  /** Skip the migrations (an empty database). */
  migrate?: boolean;
  /** Pool size. */
  max?: number;
}

export function adminUrl(): string {
  return process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const prefix = (options.prefix ?? 'test').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }

  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: options.max ?? 5 });
  // An idle client losing its connection must not crash the test process.
  pool.on('error', () => undefined);

  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await pool.end().catch(() => undefined);
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };

  if (options.migrate !== false) {
    try {
      await migrate(url.toString());
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { url: url.toString(), name, pool, drop };
}
