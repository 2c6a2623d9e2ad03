#!/usr/bin/env node
// Builds the dashboard (web/) into web/dist: the OpenAPI document, the client
// types generated from it, then Vite. Run by `npm install` (postinstall) and by
// `npm start` when web/dist is missing or older than its sources, so no extra
// step is ever needed. Skips quietly where web/ is not there (the Docker
// dependency layers copy only package.json). `--if-stale` builds only when needed.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist', 'index.html');
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.mts', 'api', 'contracts', 'domain'];

function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function isStale() {
  if (!fs.existsSync(dist)) return true;
  const built = fs.statSync(dist).mtimeMs;
  return SOURCES.some((source) => fs.existsSync(path.join(root, source)) && newestMtime(path.join(root, source)) > built);
}

if (!fs.existsSync(path.join(web, 'index.html'))) {
  console.log('[web] no web/ sources here; skipping the dashboard build');
  process.exit(0);
}
if (process.argv.includes('--if-stale') && !isStale()) {
  console.log('[web] web/dist is up to date');
  process.exit(0);
}
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
run(bin('tsx'), ['scripts/write-openapi.ts', 'web/.generated/openapi.json']);
run(bin('openapi-typescript'), ['web/.generated/openapi.json', '--output', 'web/src/api/schema.d.ts']);
run(bin('vite'), ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn']);
console.log(`[web] built ${path.relative(root, path.dirname(dist))}`);
