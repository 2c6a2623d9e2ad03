/** `npm run migrate`: applies the SQL migrations to DATABASE_URL. */
import { migrate } from '../adapters/storage/migrate';
import { loadConfig } from '../config/env';

async function main() {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set: name the PostgreSQL database to migrate');
  const applied = await migrate(config.DATABASE_URL, (message) => console.log(message));
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
