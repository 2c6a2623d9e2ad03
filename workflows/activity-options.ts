/**
 * How workflows call activities. No attempt limit anywhere: a ledger entry or
 * a notice must never be lost, however long a peer is away. Timeouts are what
 * notice a worker that died mid-activity, so they are short, and long
 * activities heartbeat.
 */
import type { ActivityOptions } from '@temporalio/workflow';

const retryForever: ActivityOptions['retry'] = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' };

/** One transaction or one query. */
export const QUICK: ActivityOptions = { startToCloseTimeout: '30 seconds', retry: retryForever };

/** Sends to receivers that may be slow; heartbeats after each message. */
export const DELIVERY: ActivityOptions = { startToCloseTimeout: '10 minutes', heartbeatTimeout: '30 seconds', retry: retryForever };

/** Works through a batch of units (starts, signals, samples); heartbeats as it goes. */
export const BATCH: ActivityOptions = { startToCloseTimeout: '2 hours', heartbeatTimeout: '30 seconds', retry: retryForever };
