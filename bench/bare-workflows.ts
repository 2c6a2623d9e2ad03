/**
 * The baselines of `npm run bench:compare`: the least a Temporal workflow can
 * be. `bareWorkflow` waits until told to finish and answers an update that
 * changes its state, with no activity; it stands for "bare Temporal" beside
 * the unit workflow. `barePatchedWorkflow` is the same after asking one
 * patch, as every new unit run does (a marker, and the SDK's upsert of the
 * TemporalChangeVersion search attribute): `--start-breakdown` measures what
 * that alone costs a bulk start.
 */
import { condition, defineSignal, defineUpdate, patched, setHandler } from '@temporalio/workflow';

export const bareTouchUpdate = defineUpdate<number, [string]>('touch');
export const bareFinishSignal = defineSignal('finish');

export async function bareWorkflow(): Promise<number> {
  let touches = 0;
  let finished = false;
  setHandler(bareTouchUpdate, () => (touches += 1));
  setHandler(bareFinishSignal, () => void (finished = true));
  await condition(() => finished);
  return touches;
}

export async function barePatchedWorkflow(): Promise<number> {
  patched('bench-one-patch');
  return bareWorkflow();
}
