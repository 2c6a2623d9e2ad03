/**
 * SHA256SUMS beside the recorded histories: one `<sha256>  <file>` line per
 * history, written when it is recorded. A committed history is evidence of
 * what runs in production, so its bytes never change and it is never removed;
 * replay.test.ts holds every file to its line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { allRuns } from '../support/histories';

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

/**
 * Saves every run of each named workflow as `<label>-<name>-runN.binpb` (binary
 * protobuf: exact, and what `temporal workflow show --output json` converts
 * from) and adds its checksum. Never overwrites: `wx` refuses an existing file.
 */
export async function saveHistories(client: Client, label: string, workflows: ReadonlyArray<readonly [name: string, workflowId: string]>): Promise<void> {
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [name, workflowId] of workflows) {
    const runs = await allRuns(client, workflowId);
    runs.forEach(({ history }, index) => {
      const file = path.join(HISTORIES_DIR, `${label}-${name}-run${index + 1}.binpb`);
      const bytes = temporal.api.history.v1.History.encode(temporal.api.history.v1.History.fromObject(history)).finish();
      fs.writeFileSync(file, bytes, { flag: 'wx' });
      appendChecksum(path.basename(file), bytes);
      console.log(`${path.relative(process.cwd(), file)}: ${history.events?.length} events`);
    });
  }
}

/**
 * `RECORD_HISTORIES=<label> npx jest <workflow test>`: a workflow test that
 * drives a workflow type the scripted recorder does not (scoring, 每月一星,
 * commendation, digests) saves its histories with this label. Without the
 * variable it does nothing, so the suite never writes histories.
 */
export async function recordHistoriesIfAsked(client: Client, workflows: ReadonlyArray<readonly [name: string, workflowId: string]>): Promise<void> {
  const label = process.env.RECORD_HISTORIES;
  if (label) await saveHistories(client, label, workflows);
}
