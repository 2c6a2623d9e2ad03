/**
 * SHA256SUMS beside the recorded histories: one `<sha256>  <file>` line per
 * history, written when it is recorded. A committed history is evidence of
 * what runs in production, so its bytes never change and it is never removed;
 * replay.test.ts holds every file to its line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const HISTORIES_DIR = path.resolve(__dirname, 'histories');
export const MANIFEST = path.join(HISTORIES_DIR, 'SHA256SUMS');

export const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** File name → checksum, as recorded. */
export function readManifest(): Map<string, string> {
  const entries = new Map<string, string>();
  if (!fs.existsSync(MANIFEST)) return entries;
  for (const line of fs.readFileSync(MANIFEST, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line.trim());
    if (match) entries.set(match[2], match[1]);
  }
  return entries;
}

export function appendChecksum(file: string, bytes: Uint8Array): void {
  if (readManifest().has(file)) throw new Error(`${file} is recorded already: committed histories are never rewritten`);
  fs.appendFileSync(MANIFEST, `${sha256(bytes)}  ${file}\n`);
}
