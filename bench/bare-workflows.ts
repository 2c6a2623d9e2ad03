/**
 * The baselines of `npm run bench:compare`: the least a Temporal workflow can
 * be. `bareWorkflow` waits until told to finish and answers an update that
 * changes its state, with no activity; it stands for "bare Temporal" beside
 * the unit workflow.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

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
