/**
 * Delivering notices without holding up a campaign. A workflow first tries to
 * deliver its notices itself, with a bounded number of attempts; if a receiver
 * stays down or keeps refusing (a bounced address, a misconfigured route), the
 * keys are handed to a redelivery workflow of their own that keeps trying,
 * at most six hours apart, until they are delivered. The outbox rows stay in place all along:
 * nothing is lost, and the unit's timeline goes on meanwhile.
 */
import { CancelledFailure, TemporalFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ActivityFailure, ParentClosePolicy, proxyActivities, proxyLocalActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { NotificationRedeliveryInput } from '../contracts';
import { notificationRedeliveryWorkflowId } from '../contracts/workflow-ids';
import { DELIVERY, DELIVERY_LOCAL, REDELIVERY } from './activity-options';

const { deliverNotifications } = proxyActivities<Activities>(DELIVERY);
const local = proxyLocalActivities<Activities>(DELIVERY_LOCAL);
const patient = proxyActivities<Activities>(REDELIVERY);

/**
 * A local activity that ran out of attempts surfaces as its last failure (the
 * activity's error or its timeout), not wrapped in an ActivityFailure; left
 * uncaught it would fail the workflow. A cancellation still propagates.
 */
const isLocalActivityFailure = (error: unknown) => error instanceof TemporalFailure && !(error instanceof CancelledFailure);

/** Up to this many notices go by a local activity when the caller allows it; a larger batch may take long, and goes by a regular one. */
export const LOCAL_DELIVERY_MAX_KEYS = 20;

/** Keeps trying to deliver `keys` (already in the outbox) until they are all delivered. */
export async function notificationRedeliveryWorkflow(input: NotificationRedeliveryInput): Promise<void> {
  await patient.deliverNotifications({ keys: input.keys });
}

/**
 * Delivers now if the receivers answer; otherwise hands the keys over and returns.
 * With `local`, a small batch is tried by a local activity (fewer attempts, handed over sooner).
 */
export async function deliverOrHandOver(keys: string[], options: { local?: boolean } = {}): Promise<void> {
  if (keys.length === 0) return;
  const byLocalActivity = options.local && keys.length <= LOCAL_DELIVERY_MAX_KEYS;
  try {
    await (byLocalActivity ? local.deliverNotifications : deliverNotifications)({ keys });
  } catch (error) {
    if (!(error instanceof ActivityFailure || (byLocalActivity && isLocalActivityFailure(error)))) throw error;
    try {
      await startChild(notificationRedeliveryWorkflow, {
        // The first key names the batch: keys are unique, so is the id.
        workflowId: notificationRedeliveryWorkflowId(keys[0]),
        args: [{ keys }],
        // It outlives its parent's continue-as-new and completion.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (startError) {
      // The same keys handed over again (a repeated request) while the first hand-over still tries them.
      if (!(startError instanceof WorkflowExecutionAlreadyStartedError)) throw startError;
    }
  }
}
