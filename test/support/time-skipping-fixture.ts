/**
 * The usual set-up of a time-skipping workflow test file: a test server, a
 * harness (worker, database) on it, and a branch tree of units; torn down
 * after the file. Read `fixture.env` and `fixture.h` inside tests.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { branchTree, startHarness, type Harness, type HarnessOptions } from './harness';
import { createTimeSkippingEnv } from './temporal';

export interface TimeSkippingFixture {
  readonly env: TestWorkflowEnvironment;
  readonly h: Harness;
}

export function useTimeSkippingHarness(branches: number, options: () => HarnessOptions | Promise<HarnessOptions> = () => ({})): TimeSkippingFixture {
  let env: TestWorkflowEnvironment | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    h = await startHarness(env, await options());
    await h.units.importTree(branchTree(branches));
  });
  afterAll(async () => {
    await h?.stop();
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the time-skipping server is not up yet: read fixture.env inside a test');
      return env;
    },
    get h() {
      if (!h) throw new Error('the harness is not up yet: read fixture.h inside a test');
      return h;
    },
  };
}
