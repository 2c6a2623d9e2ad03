/**
 * `npm run bench:bundle-cost [-- <workflowsPath>…]`: what each cached workflow
 * pays for the bundle's module graph. In the SDK's reusable V8 context every
 * workflow has its own webpack module cache, so `importWorkflows()` evaluates
 * the whole graph again for each one. This evaluates it N times in one V8
 * context, keeping each module cache alive as the worker's workflow cache
 * does, and prints the heap and time per evaluation, the bare baseline
 * (bench/bare-workflows.ts) measured beside it in the same run. Asserts nothing.
 */
import path from 'node:path';
import vm from 'node:vm';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../worker/create-worker';

const N = 200;
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function cost(workflowsPath: string): Promise<{ kib: number; ms: number; modules: number }> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: silent });
  let current = new Map<string | symbol, unknown>();
  const context = vm.createContext({});
  Object.defineProperty(context, '__webpack_module_cache__', {
    value: new Proxy({}, { get: (_, key) => current.get(key), set: (_, key, value) => (current.set(key, value), true) }),
  });
  vm.runInContext(code, context);
  const temporal = (context as { __TEMPORAL__: { importWorkflows(): unknown } }).__TEMPORAL__;
  temporal.importWorkflows(); // warm-up: V8 compiles the functions once
  const kept: Array<Map<string | symbol, unknown>> = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let i = 0; i < N; i += 1) {
    current = new Map();
    temporal.importWorkflows();
    kept.push(current);
  }
  const ms = (performance.now() - started) / N;
  gc();
  const kib = (process.memoryUsage().heapUsed - before) / 1024 / N;
  return { kib, ms, modules: kept[0].size };
}

async function main() {
  const paths = process.argv.slice(2).length ? process.argv.slice(2).map((p) => path.resolve(p)) : [WORKFLOWS_PATH];
  const bare = await cost(require.resolve('./bare-workflows'));
  console.log(`module graph evaluated per cached workflow, ${N} evaluations each (heap after GC; time per evaluation):`);
  console.log(`  ${'bare workflow (baseline)'.padEnd(48)} ${bare.modules.toString().padStart(4)} modules ${bare.kib.toFixed(1).padStart(8)} KiB ${bare.ms.toFixed(2).padStart(7)} ms`);
  for (const workflowsPath of paths) {
    const c = await cost(workflowsPath);
    console.log(`  ${path.relative(process.cwd(), workflowsPath).padEnd(48)} ${c.modules.toString().padStart(4)} modules ${c.kib.toFixed(1).padStart(8)} KiB ${c.ms.toFixed(2).padStart(7)} ms  (${(c.kib / bare.kib).toFixed(1)}× the heap, ${(c.ms / bare.ms).toFixed(1)}× the time)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
