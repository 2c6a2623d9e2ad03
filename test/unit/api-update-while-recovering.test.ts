/**
 * Found by the chaos suite (worker SIGKILLed mid-campaign): while a workflow
 * recovers from a lost worker, Temporal refuses an update with
 * FAILED_PRECONDITION "Workflow Task in failed state". Nothing was applied and
 * the same request succeeds a moment later, so the API answers 503 (try again),
 * not 500; other FAILED_PRECONDITIONs stay unexpected.
 */
import { ServiceError } from '@temporalio/client';
import { describeError } from '../../api/errors';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

test('when an update meets a workflow task in failed state, then the API answers 503 and says to send it again', () => {
  const error = new ServiceError('Workflow Update failed', { cause: grpcError(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.') });
  const described = describeError(error);
  expect(described?.status).toBe(503);
  expect(described?.body.message).toContain('send it again');
});

test('when an update meets another failed precondition, then it stays an unexpected error (500)', () => {
  expect(describeError(new ServiceError('Workflow Update failed', { cause: grpcError(9, 'something else entirely') }))).toBeUndefined();
});
