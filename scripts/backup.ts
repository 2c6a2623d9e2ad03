/**
 * `npm run backup -- [file]`: a consistent logical backup of the service's
 * PostgreSQL (DATABASE_URL, or the embedded default of `npm start` on
 * EMBEDDED_PG_PORT) while it runs; default file .data/backups/campaigns-<time>.ndjson.gz.
 * Restore with `npm run restore -- <file>` (see the README: Backup and restore).
 */
import fs from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../adapters/storage/backup';
import { loadConfig } from '../config/env';

export function serviceDatabaseUrl(config: ReturnType<typeof loadConfig>): string {
  return config.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/postgres`;
}

async function main() {
  const config = loadConfig();
  const file = process.argv[2] ?? path.join(config.DATA_DIR, 'backups', `campaigns-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson.gz`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const rows = await backupDatabase(serviceDatabaseUrl(config), file);
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  console.log(`backed up ${total} rows (${rows.ledger ?? 0} ledger rows) of ${Object.keys(rows).length} tables to ${file}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
