/**
 * The workflow bundle carries no zod. In the SDK's reusable V8 context every
 * cached workflow evaluates the bundle's modules again, so zod and the schemas
 * built on it cost each unit workflow about 1.5 MiB and tens of milliseconds
 * (docs/scaling.md). Workflows import message handles from
 * contracts/workflow-handles.ts and plan defaults from domain/defaults.
 */
import { workflowBundle } from '../support/temporal';

/** The module paths webpack names in the bundle (development mode keeps them as ids). */
function bundledModules(code: string): string[] {
  return [...new Set([...code.matchAll(/"((?:\.\.?\/)+[^"\s]+\.(?:ts|js|cjs|mjs))"/g)].map((m) => m[1]))];
}

test('when the workflows are bundled, then the bundle holds no zod module and no zod schema module of the project', async () => {
  const { code } = await workflowBundle();
  const modules = bundledModules(code);
  // The probe sees the modules that are there: the workflows themselves and the SDK.
  expect(modules.some((m) => m.includes('workflows/unit-campaign/index.ts'))).toBe(true);
  expect(modules.some((m) => m.includes('@temporalio/workflow'))).toBe(true);
  expect(modules.filter((m) => /node_modules\/zod\//.test(m))).toEqual([]);
  expect(modules.filter((m) => /(contracts\/index|contracts\/common|domain\/plan|-schema)\.ts$/.test(m))).toEqual([]);
  expect(code).not.toMatch(/from 'zod'|require\("zod"\)|\bZodError\b/);
}, 120_000);
