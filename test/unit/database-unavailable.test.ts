/**
 * The errors the service's pools produce when PostgreSQL goes away mid-way
 * (adapters/storage/database.ts) are "the database is away", answered 503,
 * not 500 (api/errors.ts).
 */
import { isDatabaseUnavailable } from '../../api/errors';

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
