/**
 * Temporal's store in the embedded default: the dev server's SQLite file
 * DATA_DIR/temporal.db (with its -wal and -shm when present). It is copied
 * only while the dev server is stopped, by `npm run backup` beside the
 * service's backup and back by `npm run restore`, so that Temporal's
 * workflows and the service's ledger come from the same stop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { liveProcessOf } from './leftover-process';

const SIDE_FILES = ['', '-wal', '-shm'] as const;

export function temporalStoreFile(dataDir: string): string {
  return path.resolve(dataDir, 'temporal.db');
}

/** Where the copy of Temporal's store goes beside a backup file. */
export function temporalCopyOf(backupFile: string): string {
  return `${backupFile}.temporal.db`;
}

/** Throws when the embedded dev server of `npm start` runs on `dataDir`: its file cannot be copied or replaced then. */
export function assertTemporalStopped(dataDir: string, doing: string): void {
  const live = liveProcessOf(path.join(dataDir, 'temporal.pid'));
  if (live && live.command.includes('start-dev')) {
    throw new Error(
      `the embedded Temporal dev server runs (pid ${live.pid}) on ${temporalStoreFile(dataDir)}: stop \`npm start\` first. ${doing} needs Temporal's store and the service's database from the same stop`,
    );
  }
}

/** Copies `from` (a temporal.db) and its -wal / -shm to `to`, removing side files of `to` that `from` has not. */
export async function copyTemporalStore(from: string, to: string): Promise<number> {
  if (!fs.existsSync(from)) throw new Error(`Temporal's store ${from} does not exist`);
  await fs.promises.mkdir(path.dirname(to), { recursive: true });
  let bytes = 0;
  for (const side of SIDE_FILES) {
    const source = `${from}${side}`;
    const target = `${to}${side}`;
    if (fs.existsSync(source)) {
      // Copied under a temporary name first: an interrupted copy never looks like a whole store.
      await fs.promises.copyFile(source, `${target}.partial`);
      await fs.promises.rename(`${target}.partial`, target);
      bytes += (await fs.promises.stat(target)).size;
    } else {
      await fs.promises.rm(target, { force: true });
    }
  }
  return bytes;
}
