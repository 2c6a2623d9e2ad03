/**
 * `npm run restore -- <file>`: migrates the target database (DATABASE_URL, or
 * the embedded default, which it starts itself on DATA_DIR while `npm start`
 * is stopped) to this release's schema, then loads the backup into it,
 * replacing what its tables held, and verifies every campaign's ledger chain.
 * Stop the API and workers first; connect as a superuser.
 *
 * With Temporal embedded too (TEMPORAL_ADDRESS unset), Temporal's store
 * DATA_DIR/temporal.db is replaced by the copy the backup took beside the file
 * (<file>.temporal.db), after the database is restored, with the dev server
 * stopped; the embedded default refuses a backup without that copy.
 * `--service-only` restores the database alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { restoreDatabase } from '../adapters/storage/backup';
import { createPool } from '../adapters/storage/database';
import { createLedger } from '../adapters/storage/ledger';
import { migrate } from '../adapters/storage/migrate';
import { loadConfig } from '../config/env';
import { serviceDatabaseUrl } from './backup';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/postgres';
import { assertTemporalStopped, copyTemporalStore, temporalCopyOf, temporalStoreFile } from './embedded/temporal-store';

async function main() {
  const args = process.argv.slice(2);
  const serviceOnly = args.includes('--service-only');
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) throw new Error('name the backup file: npm run restore -- .data/backups/campaigns-….ndjson.gz');
  const config = loadConfig();
  // The embedded default (neither URL set) needs Temporal's copy; with an external PostgreSQL it is restored when the backup has one.
  const restoreTemporal = !config.TEMPORAL_ADDRESS && !serviceOnly && (fs.existsSync(temporalCopyOf(file)) || !config.DATABASE_URL);
  if (restoreTemporal) {
    assertTemporalStopped(config.DATA_DIR, 'A restore');
    if (!fs.existsSync(temporalCopyOf(file))) {
      throw new Error(`no copy of Temporal's store beside the backup (${temporalCopyOf(file)}): without it Temporal's workflows would not match the restored ledger. Put it there, or pass --service-only to restore the service's database alone`);
    }
  }
  let embedded: EmbeddedPostgres | undefined;
  if (!config.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.DATA_DIR, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      logFile: path.join(config.DATA_DIR, 'postgres.log'),
      log: (message) => console.log(`[restore] ${message}`),
    });
  }
  const url = embedded?.url ?? serviceDatabaseUrl(config);
  const pool = createPool(url, { max: 2 });
  try {
    await migrate(url);
    const rows = await restoreDatabase(url, file);
    const campaigns = await pool.query<{ campaign_id: string }>('SELECT DISTINCT campaign_id FROM ledger ORDER BY campaign_id');
    const ledger = createLedger(pool);
    let broken = 0;
    for (const { campaign_id: campaignId } of campaigns.rows) {
      const result = await ledger.verifyChain(campaignId);
      if (!result.ok) broken += 1;
      console.log(`ledger of ${campaignId}: ${result.ok ? 'verified' : `BROKEN at ${result.brokenAt?.seq}: ${result.brokenAt?.reason}`} (${result.checked} rows)`);
    }
    console.log(`restored ${Object.values(rows).reduce((a, b) => a + b, 0)} rows from ${file}`);
    if (restoreTemporal) {
      const bytes = await copyTemporalStore(temporalCopyOf(file), temporalStoreFile(config.DATA_DIR));
      console.log(`restored Temporal's store ${temporalStoreFile(config.DATA_DIR)} (${bytes} bytes) from ${temporalCopyOf(file)}`);
    }
    if (broken) process.exitCode = 2;
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(`restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
