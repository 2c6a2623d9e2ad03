/**
 * How workflows call activities. No attempt limit on writes: a ledger entry
 * must never be lost, however long the database is away. Timeouts are what
 * notice a worker that died mid-activity, so they are short, and long
 * activities heartbeat.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

const retryForever: ActivityOptions['retry'] = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' };

/** One transaction or one query. */
export const QUICK: ActivityOptions = { startToCloseTimeout: '30 seconds', retry: retryForever };

/**
 * The same, run by the worker that runs the workflow (a local activity): no
 * round trip through the server, so an update answers in one workflow task,
 * and one marker in the history instead of three activity events and a
 * workflow task. Retried for ever too; past a minute the SDK waits on timers.
 */
export const QUICK_LOCAL: LocalActivityOptions = { startToCloseTimeout: '30 seconds', retry: retryForever };

/**
 * Sends to receivers that may be slow; heartbeats after each message. About a
 * quarter of an hour of attempts, then the caller hands the keys to a
 * redelivery workflow (workflows/delivery.ts) so that a campaign never waits
 * on a bounced address.
 */
export const DELIVERY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
};

/**
 * A small batch of notices sent by the workflow's own worker (a local
 * activity: one marker instead of three activity events and a workflow task).
 * A few quick attempts, up to a minute each (the SMTP timeout is 30 s); a
 * receiver still down is the redelivery workflow's to wait for, so the
 * workflow task is never held long. No heartbeats: local activities have none.
 */
export const DELIVERY_LOCAL: LocalActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '4 seconds', maximumAttempts: 3 },
};

/**
 * For the redelivery workflow: one activity, retried by the server with a
 * patient backoff (a minute, doubling, at most every six hours) for as long
 * as it takes. No history grows per attempt.
 */
export const REDELIVERY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '6 hours' },
};

/** Works through a batch of units (starts, signals, samples); heartbeats as it goes. */
export const BATCH: ActivityOptions = { startToCloseTimeout: '2 hours', heartbeatTimeout: '30 seconds', retry: retryForever };

/**
 * The fan-out's activities (its count and its batches), which beat on a clock while they work
 * (activities/keep-alive.ts), so a short heartbeat timeout does not cut a slow step short. An attempt
 * lost when the Temporal server restarts (its task or its completion dropped) is run again about
 * 5 s after its last heartbeat instead of BATCH's 30 s, and the units of the batch start that much
 * sooner. An outage longer than 5 s also times out a live attempt; its retry is harmless (starts are
 * idempotent, and the attempt given up on stops at its next unit). The worker sends heartbeats at most
 * 1 s apart (worker/create-worker.ts), so a live attempt has 4 s of margin.
 */
export const FAN_OUT: ActivityOptions = { startToCloseTimeout: '2 hours', heartbeatTimeout: '5 seconds', retry: retryForever };
