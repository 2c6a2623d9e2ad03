/** The unit workflow's one way to record: ledger rows, their notices and the read model together, then delivery. */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities, LedgerEntryDraft } from '../../activities';
import type { NotificationDraft } from '../../domain/notifications';
import { QUICK, QUICK_LOCAL } from '../activity-options';
import { deliverOrHandOver } from '../delivery';
import type { UnitContext } from './context';
import { snapshot } from './view';

const { commitEvents } = proxyActivities<Activities>(QUICK);
const local = proxyLocalActivities<Activities>(QUICK_LOCAL);

/**
 * Writes ledger rows, their notifications' outbox rows and the read model in
 * one transaction (idempotent by key and version), then delivers the notices
 * (lean runs: a small batch by a local activity).
 */
export async function commit(ctx: UnitContext, entries: LedgerEntryDraft[], notifications: NotificationDraft[] = []): Promise<void> {
  ctx.state.version += 1;
  // Runs recorded before notifications existed return no keys.
  const { notificationKeys = [] } = await (ctx.lean ? local.commitEvents : commitEvents)({ entries, notifications, unitState: snapshot(ctx) });
  await deliverOrHandOver(notificationKeys, { local: ctx.leanRuns });
}
