/**
 * How a workflow says no: a non-retryable ApplicationFailure of one of the
 * service's error types, which the API maps to its HTTP status in one place.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { ErrorType } from '../domain/errors';

export function refuse(type: ErrorType, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}
