/**
 * Replays every recorded history against today's workflow code: a change that
 * would make a running campaign take a different path fails here, not in
 * production years later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_TYPES } from '../../contracts';
import { workflowBundle } from '../support/temporal';
import { HISTORIES_DIR, readManifest, sha256 } from './history-manifest';

const files = fs.readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.binpb')).sort();

test('when the histories are read, then each is byte for byte the one recorded in SHA256SUMS, and none recorded is missing', () => {
  const manifest = readManifest();
  const actual = new Map(files.map((file) => [file, sha256(fs.readFileSync(path.join(HISTORIES_DIR, file)))]));
  // A file without a line was added by hand; a line without a file was deleted; a different sum was rewritten.
  expect([...actual.keys()].filter((file) => !manifest.has(file))).toEqual([]);
  expect([...manifest.keys()].filter((file) => !actual.has(file))).toEqual([]);
  expect([...actual].filter(([file, sum]) => manifest.get(file) !== sum).map(([file]) => file)).toEqual([]);
});

test('when the recorded histories are read, then every workflow type the worker runs has at least one', () => {
  const recorded = new Set(
    files.map((file) => temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file))).events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name),
  );
  // A new workflow type needs a recorded history before campaigns depend on it (RECORD_HISTORIES, README).
  expect(Object.values(WORKFLOW_TYPES).filter((type) => !recorded.has(type))).toEqual([]);
});

test.each(files)('when %s is replayed on the current code, then it takes the same path', async (file) => {
  const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
});
