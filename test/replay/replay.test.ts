/**
 * Replays every recorded history against today's workflow code: a change that
 * would make a running campaign take a different path fails here, not in
 * production years later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal';

const HISTORIES_DIR = path.resolve(__dirname, 'histories');
const files = fs.readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.binpb')).sort();

test('when the recorded histories are present, then there is at least one of each workflow type', () => {
  expect(files.some((file) => file.includes('-campaign-'))).toBe(true);
  expect(files.some((file) => file.includes('-unit-'))).toBe(true);
  expect(files.some((file) => file.includes('-rectification-'))).toBe(true);
});

test.each(files)('when %s is replayed on the current code, then it takes the same path', async (file) => {
  const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
});
