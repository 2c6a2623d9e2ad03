#!/usr/bin/env node
// `campaign`: runs the TypeScript CLI (cli/main.ts) through tsx, a dependency
// already, so the checkout needs no build step.
require('tsx/cjs');
const { runCli } = require('./main.ts');

runCli(process.argv.slice(2)).then((code) => {
  process.stdout.write('', () => process.exit(code));
});
