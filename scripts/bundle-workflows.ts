/**
 * `npm run bundle:workflows`: builds the workflow bundle once, for production
 * images, so that workers start without bundling (and replay against exactly
 * the code that was shipped).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../worker/create-worker';

export const BUNDLE_PATH = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

async function main() {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
  fs.mkdirSync(path.dirname(BUNDLE_PATH), { recursive: true });
  fs.writeFileSync(BUNDLE_PATH, code);
  console.log(`workflow bundle written to ${path.relative(process.cwd(), BUNDLE_PATH)} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
