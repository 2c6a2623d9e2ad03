/**
 * `npm run backup -- [file]`: a consistent logical backup of the service's
 * PostgreSQL (DATABASE_URL, or the embedded default of `npm start`); default
 * file .data/backups/campaigns-<time>.ndjson.gz.
 *
 * With Temporal embedded too (TEMPORAL_ADDRESS unset and DATA_DIR/temporal.db
 * there), Temporal's store is part of the backup: `npm start` must be stopped,
 * the embedded PostgreSQL (when DATABASE_URL is unset) is started here, and
 * both stores are taken from that one stop, the Temporal copy as
 * <file>.temporal.db. With an external Temporal (or `--service-only`) the
 * backup is taken while the service runs, and Temporal's store is backed up on
 * its own side (README).
 * Restore with `npm run restore -- <file>` (see the README: Backup and restore).
 */
import fs from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../adapters/storage/backup';
import { loadConfig } from '../config/env';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/postgres';
import { assertTemporalStopped, copyTemporalStore, temporalCopyOf, temporalStoreFile } from './embedded/temporal-store';

export function serviceDatabaseUrl(config: ReturnType<typeof loadConfig>): string {
  return config.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/postgres`;
}

async function main() {
  const config = loadConfig();
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('--')) ?? path.join(config.DATA_DIR, 'backups', `campaigns-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson.gz`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const embeddedTemporal = !config.TEMPORAL_ADDRESS && !args.includes('--service-only') && fs.existsSync(temporalStoreFile(config.DATA_DIR));
  let embedded: EmbeddedPostgres | undefined;
  if (embeddedTemporal) {
    assertTemporalStopped(config.DATA_DIR, 'A backup');
    if (!config.DATABASE_URL) {
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(config.DATA_DIR, 'postgres'),
        port: config.EMBEDDED_PG_PORT,
        logFile: path.join(config.DATA_DIR, 'postgres.log'),
        log: (message) => console.log(`[backup] ${message}`),
      });
    }
  }
  try {
    const rows = await backupDatabase(embedded?.url ?? serviceDatabaseUrl(config), file);
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    console.log(`backed up ${total} rows (${rows.ledger ?? 0} ledger rows) of ${Object.keys(rows).length} tables to ${file}`);
    if (embeddedTemporal) {
      const bytes = await copyTemporalStore(temporalStoreFile(config.DATA_DIR), temporalCopyOf(file));
      console.log(`backed up Temporal's store ${temporalStoreFile(config.DATA_DIR)} (${bytes} bytes) to ${temporalCopyOf(file)}`);
    } else {
      console.log(`Temporal's store is not in this backup (${config.TEMPORAL_ADDRESS ? `external Temporal at ${config.TEMPORAL_ADDRESS}` : `no ${temporalStoreFile(config.DATA_DIR)}, or --service-only`}): back it up on Temporal's side`);
    }
  } finally {
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
