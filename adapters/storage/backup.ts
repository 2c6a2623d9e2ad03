/**
 * A logical backup of the service's database, and its restore, with nothing
 * but a PostgreSQL connection: the embedded default ships no pg_dump (its
 * package carries initdb, pg_ctl and postgres only), and a machine's own
 * pg_dump refuses a newer server. One gzip'd file of JSON lines: a header
 * naming the migrations the schema is at, every row of every table (read in
 * one REPEATABLE READ snapshot, so the file is consistent while the service
 * runs), and a trailer with the row counts, so a cut-off file is refused.
 *
 * Restore goes into a database migrated to the same migrations, as a
 * superuser: rows are loaded with triggers off (session_replication_role =
 * replica), so the ledger's append-only trigger and the read model's counters
 * see the rows exactly as they were, hashes included; sequences are moved past
 * the restored values.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import pg from 'pg';
import { connectionSettings, guardClient } from './database';

export const BACKUP_FORMAT = 'campaign-orchestrator-backup/1';
const BATCH = 1000;

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  tables: string[];
}
interface Trailer {
  end: true;
  rows: Record<string, number>;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

async function dataTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  return rows.map((row) => row.name);
}

async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY run_on, id');
  return rows.map((row) => row.name);
}

/** Writes the backup of `databaseUrl` to `file`; returns the rows per table. */
export async function backupDatabase(databaseUrl: string, file: string): Promise<Record<string, number>> {
  // No statement limit (a big table's rows are one INSERT), but an error listener: a lost connection fails the backup, it does not kill the process.
  const client = guardClient(new pg.Client(connectionSettings(databaseUrl, { queryTimeoutMs: 0 })));
  await client.connect();
  const lines = new PassThrough();
  const written = pipeline(lines, zlib.createGzip(), fs.createWriteStream(`${file}.partial`));
  const rows: Record<string, number> = {};
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await dataTables(client);
    const header: Header = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migrations: await appliedMigrations(client), tables };
    lines.write(`${JSON.stringify(header)}\n`);
    for (const table of tables) {
      rows[table] = 0;
      await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM ${quote(table)} t`);
      for (;;) {
        const batch = await client.query<{ row: string }>(`FETCH ${BATCH} FROM backup_rows`);
        for (const { row } of batch.rows) {
          if (!lines.write(`{"t":${JSON.stringify(table)},"r":${row}}\n`)) await new Promise((resolve) => lines.once('drain', resolve));
        }
        rows[table] += batch.rows.length;
        if (batch.rows.length < BATCH) break;
      }
      await client.query('CLOSE backup_rows');
    }
    await client.query('COMMIT');
    lines.end(`${JSON.stringify({ end: true, rows } satisfies Trailer)}\n`);
    await written;
    // Only a complete file takes the name: an interrupted backup leaves a .partial, never a file that looks whole.
    await fs.promises.rename(`${file}.partial`, file);
    return rows;
  } catch (error) {
    lines.destroy();
    await written.catch(() => undefined);
    await fs.promises.rm(`${file}.partial`, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Loads a backup into `databaseUrl`, which must be migrated to the backup's
 * migrations (run the same release's `npm run migrate` first). Its tables are
 * emptied first; all of it happens in one transaction.
 */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<Record<string, number>> {
  // No statement limit (a big table's rows are one INSERT), but an error listener: a lost connection fails the backup, it does not kill the process.
  const client = guardClient(new pg.Client(connectionSettings(databaseUrl, { queryTimeoutMs: 0 })));
  await client.connect();
  const input = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  try {
    let header: Header | undefined;
    let trailer: Trailer | undefined;
    const loaded: Record<string, number> = {};
    let pending: { table: string; rows: unknown[] } | undefined;
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      const table = quote(pending.table);
      await client.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(pending.rows)]);
      loaded[pending.table] = (loaded[pending.table] ?? 0) + pending.rows.length;
      pending.rows = [];
    };
    for await (const line of input) {
      if (!line) continue;
      const record = JSON.parse(line) as Header | Trailer | { t: string; r: unknown };
      if (!header) {
        header = record as Header;
        if (header.format !== BACKUP_FORMAT) throw new Error(`${file} is not a backup of this service (format ${String(header.format)})`);
        const migrations = await appliedMigrations(client);
        if (JSON.stringify(migrations) !== JSON.stringify(header.migrations)) {
          throw new Error(
            `the database is at ${migrations.length} migrations, the backup at ${header.migrations.length} (last: ${header.migrations.at(-1)}); restore with the release that took the backup, into a database migrated by it`,
          );
        }
        await client.query('BEGIN');
        await client.query('SET LOCAL session_replication_role = replica');
        if (header.tables.length) await client.query(`TRUNCATE ${header.tables.map(quote).join(', ')}`);
        continue;
      }
      if ('end' in record) {
        trailer = record;
        continue;
      }
      const { t, r } = record as { t: string; r: unknown };
      if (!header.tables.includes(t)) throw new Error(`${file} holds rows of a table its header does not list: ${t}`);
      if (pending?.table !== t) {
        await flush();
        pending = { table: t, rows: [] };
      }
      pending.rows.push(r);
      if (pending.rows.length >= BATCH) await flush();
    }
    await flush();
    if (!header) throw new Error(`${file} is empty`);
    if (!trailer) throw new Error(`${file} is cut off (no trailer): take the backup again`);
    for (const table of header.tables) {
      if ((loaded[table] ?? 0) !== trailer.rows[table]) throw new Error(`${table}: ${loaded[table] ?? 0} rows loaded, the backup holds ${trailer.rows[table]}`);
    }
    // Sequences (bigserial columns) past the restored values.
    const serials = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const { table_name: table, column_name: column } of serials.rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
        [table, column],
      );
    }
    await client.query('COMMIT');
    return loaded;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    input.close();
    await client.end();
  }
}
