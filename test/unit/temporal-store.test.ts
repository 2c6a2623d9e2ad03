/** Temporal's embedded store in backup and restore: copied whole (with -wal / -shm), never while its dev server runs. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertTemporalStopped, copyTemporalStore, temporalCopyOf, temporalStoreFile } from '../../scripts/embedded/temporal-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('when the store is copied, then the file and its WAL arrive, and a stale -shm of the target is removed', async () => {
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  fs.writeFileSync(temporalStoreFile(dataDir), 'main');
  fs.writeFileSync(`${temporalStoreFile(dataDir)}-wal`, 'wal');
  const copy = temporalCopyOf(path.join(dir, 'backups', 'campaigns.ndjson.gz'));
  expect(await copyTemporalStore(temporalStoreFile(dataDir), copy)).toBe(7);
  fs.writeFileSync(`${temporalStoreFile(dataDir)}-shm`, 'stale');
  fs.writeFileSync(temporalStoreFile(dataDir), 'changed after the backup');
  await copyTemporalStore(copy, temporalStoreFile(dataDir));
  expect([fs.readFileSync(temporalStoreFile(dataDir), 'utf8'), fs.readFileSync(`${temporalStoreFile(dataDir)}-wal`, 'utf8'), fs.existsSync(`${temporalStoreFile(dataDir)}-shm`)]).toEqual(['main', 'wal', false]);
  expect(fs.readdirSync(path.dirname(copy)).filter((name) => name.endsWith('.partial'))).toEqual([]);
});

test('when there is no store to copy, then the copy fails naming the file', async () => {
  await expect(copyTemporalStore(path.join(dir, 'none', 'temporal.db'), path.join(dir, 'x.temporal.db'))).rejects.toThrow(/none\/temporal\.db does not exist/);
});

test('when the dev server of npm start runs on the data folder, then backup and restore refuse; when it is gone, they go on', async () => {
  const dataDir = path.join(dir, 'running');
  fs.mkdirSync(dataDir);
  expect(() => assertTemporalStopped(dataDir, 'A backup')).not.toThrow();
  // A stand-in whose command line reads like the dev server's.
  const server = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', 'server', 'start-dev'], { stdio: 'ignore' });
  try {
    fs.writeFileSync(path.join(dataDir, 'temporal.pid'), `${server.pid}\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(() => assertTemporalStopped(dataDir, 'A backup')).toThrow(/stop `npm start` first\. A backup needs Temporal's store and the service's database from the same stop/);
  } finally {
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  expect(() => assertTemporalStopped(dataDir, 'A restore')).not.toThrow();
});
