/**
 * The errors the service's pools produce when PostgreSQL goes away mid-way
 * (adapters/storage/database.ts) are "the database is away", answered 503,
 * not 500 (api/errors.ts).
 */
import { describeError, isDatabaseUnavailable } from '../../api/errors';

test('when a statement hits the pool\'s client-side timeout (a half-open connection), then the database counts as away', () => {
  expect(isDatabaseUnavailable(new Error('Query read timeout'))).toBe(true);
});

test('when PostgreSQL ended a transaction left idle by a vanished client, then the database counts as away', () => {
  expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to idle-in-transaction timeout'), { code: '25P03' }))).toBe(true);
});

test('when a statement fails for its own reasons, then it is not mistaken for an outage', () => {
  expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
  expect(isDatabaseUnavailable(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(false);
});

test('when PostgreSQL\'s disk is full (53100), then the request is answered 503 saying so, not 500', () => {
  const full = Object.assign(new Error('could not extend file "base/5/16384": No space left on device'), { code: '53100' });
  expect(describeError(full)).toEqual({ status: 503, body: { error: 'Unavailable', message: expect.stringContaining('PostgreSQL\'s disk is full (disk full)') } });
});
