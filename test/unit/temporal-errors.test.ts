/**
 * Temporal's answers under load become a clear 503, not a 500 (api/errors.ts).
 * A query to a workflow whose last workflow task timed out (a busy worker)
 * fails with FAILED_PRECONDITION until a task completes: seen in
 * bench:compare on a loaded machine as a 500 from GET /campaigns/:id/progress.
 */
import { ServiceError } from '@temporalio/client';
import { describeError } from '../../api/errors';

const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

test('when a query fails because the workflow task is in failed state, then the reply is 503 and says to try again', () => {
  const error = new ServiceError('Failed to query Workflow', { cause: grpcError(9, 'Unable to query workflow due to Workflow Task in failed state.') });
  expect(describeError(error)).toEqual({ status: 503, body: { error: 'Unavailable', message: expect.stringMatching(/try again in a moment/) } });
});

test('when another FAILED_PRECONDITION comes back, then it is not mistaken for a busy workflow', () => {
  const error = new ServiceError('Failed to query Workflow', { cause: grpcError(9, 'something else entirely') });
  expect(describeError(error)).toBeUndefined();
});
