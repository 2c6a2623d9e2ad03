/**
 * A throw-away PostgreSQL database for a test file: created on the server at
 * TEST_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * migrated with every file of db/migrations in name order (the part between
 * '-- Up Migration' and '-- Down Migration'), dropped by `drop()`.
 *
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase(); });
 *   afterAll(async () => { await db?.drop(); });
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'db', 'migrations');

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

/** The Up part of a migration file: between '-- Up Migration' and '-- Down Migration' (or the end). */
export function upSection(sql: string): string {
  const up = sql.indexOf('-- Up Migration');
  const down = sql.indexOf('-- Down Migration');
  const start = up === -1 ? 0 : up + '-- Up Migration'.length;
  return sql.slice(start, down === -1 || down < start ? undefined : down);
}

/** Migration files, in the order they apply. */
export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => path.join(dir, file));
}

/** Applies every migration's Up section, each in its own transaction, and records them as node-pg-migrate does. */
export async function applyMigrations(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied: string[] = [];
  await pool.query(
    'CREATE TABLE IF NOT EXISTS pgmigrations (id serial PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL)',
  );
  for (const file of migrationFiles(dir)) {
    const name = path.basename(file, '.sql');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(upSection(fs.readFileSync(file, 'utf8')));
      await client.query('INSERT INTO pgmigrations (name, run_on) VALUES ($1, now())', [name]);
      await client.query('COMMIT');
      applied.push(name);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new Error(`migration ${path.basename(file)} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      client.release();
    }
  }
  return applied;
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
      await applyMigrations(pool);
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { url: url.toString(), name, pool, drop };
}
