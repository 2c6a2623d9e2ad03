/**
 * `npm run restore -- <file>`: migrates the target database (DATABASE_URL, or
 * the embedded default, which it starts itself on DATA_DIR while `npm start`
 * is stopped) to this release's schema, then loads the backup into it,
 * replacing what its tables held, and verifies every campaign's ledger chain.
 * Stop the API and workers first; connect as a superuser.
 */
import path from 'node:path';
import { restoreDatabase } from '../adapters/storage/backup';
import { createPool } from '../adapters/storage/database';
import { createLedger } from '../adapters/storage/ledger';
import { migrate } from '../adapters/storage/migrate';
import { loadConfig } from '../config/env';
import { serviceDatabaseUrl } from './backup';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/postgres';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('name the backup file: npm run restore -- .data/backups/campaigns-….ndjson.gz');
  const config = loadConfig();
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
