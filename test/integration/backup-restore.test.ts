/**
 * Backup and restore (issue 17): back up a database with ledger chains, destroy
 * it, restore into a fresh one migrated by the same release, and verify every
 * chain, row for row and hash for hash; a cut-off or tampered file is caught.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createStorage } from '../../adapters/storage';
import { backupDatabase, restoreDatabase } from '../../adapters/storage/backup';
import { createLedger } from '../../adapters/storage/ledger';
import { createTestDatabase, type TestDatabase } from '../support/database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-backup-'));
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function databaseWithLedger(): Promise<TestDatabase> {
  const db = await createTestDatabase({ prefix: 'backup_src' });
  dbs.push(db);
  const storage = createStorage(db.pool);
  for (const campaignId of ['alpha', 'beta']) {
    for (let i = 0; i < 30; i += 1) {
      await storage.transaction((tx) =>
        tx.ledger.append({
          key: `${campaignId}/unit-${i % 3}/task/t${i}/submitted`,
          campaignId,
          unitId: `unit-${i % 3}`,
          kind: 'task.submitted',
          actor: 'u1',
          occurredAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
          payload: { n: i, text: '材料已上傳 ✓', nested: { list: [1, 'two', null] } },
        }),
      );
    }
  }
  return db;
}

const ledgerRows = async (db: TestDatabase) => (await db.pool.query('SELECT * FROM ledger ORDER BY campaign_id, seq')).rows;

test('when a database is backed up, destroyed and restored into a fresh one, then every ledger chain verifies and every row and hash is as it was', async () => {
  const source = await databaseWithLedger();
  const before = await ledgerRows(source);
  const file = path.join(dir, 'campaigns.ndjson.gz');
  const counts = await backupDatabase(source.url, file);
  expect(counts.ledger).toBe(60);
  await source.drop();

  const target = await createTestDatabase({ prefix: 'backup_dst' });
  dbs.push(target);
  const loaded = await restoreDatabase(target.url, file);
  expect(loaded.ledger).toBe(60);
  expect(await ledgerRows(target)).toEqual(before);
  const ledger = createLedger(target.pool);
  for (const campaignId of ['alpha', 'beta']) expect(await ledger.verifyChain(campaignId)).toMatchObject({ ok: true, checked: 30 });

  // and the restored database takes new rows on the chain
  const storage = createStorage(target.pool);
  const appended = await storage.transaction((tx) =>
    tx.ledger.append({ key: 'alpha/unit-0/task/after/submitted', campaignId: 'alpha', unitId: 'unit-0', kind: 'task.submitted', actor: 'u1', occurredAt: '2026-01-01T00:00:00.000Z' }),
  );
  expect(appended.inserted).toBe(true);
  expect(await ledger.verifyChain('alpha')).toMatchObject({ ok: true, checked: 31 });
}, 120_000);

test('when a backup file is tampered with or cut off, then the restored chain fails verification or the restore is refused', async () => {
  const source = await databaseWithLedger();
  const file = path.join(dir, 'tamper.ndjson.gz');
  await backupDatabase(source.url, file);
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');

  const tampered = lines.map((line) => (line.includes('"n": 7,') && line.includes('"alpha"') ? line.replace('"n": 7,', '"n": 70,') : line));
  expect(tampered).not.toEqual(lines);
  fs.writeFileSync(path.join(dir, 'edited.ndjson.gz'), zlib.gzipSync(tampered.join('\n')));
  const edited = await createTestDatabase({ prefix: 'backup_edit' });
  dbs.push(edited);
  await restoreDatabase(edited.url, path.join(dir, 'edited.ndjson.gz'));
  expect((await createLedger(edited.pool).verifyChain('alpha')).ok).toBe(false);
  expect((await createLedger(edited.pool).verifyChain('beta')).ok).toBe(true);

  fs.writeFileSync(path.join(dir, 'cut.ndjson.gz'), zlib.gzipSync(lines.slice(0, 20).join('\n')));
  const cut = await createTestDatabase({ prefix: 'backup_cut' });
  dbs.push(cut);
  await expect(restoreDatabase(cut.url, path.join(dir, 'cut.ndjson.gz'))).rejects.toThrow(/cut off/);
  expect((await cut.pool.query('SELECT count(*)::int AS n FROM ledger')).rows[0].n).toBe(0);
}, 120_000);
