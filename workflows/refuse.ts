/**
 * How a workflow says no: a non-retryable ApplicationFailure of one of the
 * service's error types, which the API maps to its HTTP status in one place.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { ErrorType } from '../domain/errors';

/** `details`, when given, travels with the failure (e.g. the facts that make a candidate ineligible). */
export function refuse(type: ErrorType, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, ...(details !== undefined ? { details: [details] } : {}) });
}
