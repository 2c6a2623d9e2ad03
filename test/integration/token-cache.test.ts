/**
 * The API process remembers a bearer token's user for a short while
 * (users-repository: tokenCacheTtlMs): a revocation through the same
 * repository applies at once, one made elsewhere (the users CLI, another API
 * process) within the ttl. Real PostgreSQL.
 */
import { createUsersRepository, type UsersRepository } from '../../adapters/storage/users-repository';
import { createTestDatabase, type TestDatabase } from '../support/database';

const TTL_MS = 400;
let db: TestDatabase;
let api: UsersRepository;
/** What the users CLI or another API process sees: a repository of its own. */
let elsewhere: UsersRepository;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'token_cache' });
  api = createUsersRepository(db.pool, { tokenCacheTtlMs: TTL_MS });
  elsewhere = createUsersRepository(db.pool);
  await api.createUser({ id: 'li', name: '李書記', role: 'supervisor' });
  await api.createUser({ id: 'wang', name: '王書記', role: 'supervisor' });
});

afterAll(async () => {
  await db?.drop();
});

test('when a remembered token is looked up again, then no query is made', async () => {
  const token = await api.issueToken('li');
  expect((await api.findUserByToken(token))?.id).toBe('li');
  const query = jest.spyOn(db.pool, 'query');
  try {
    expect((await api.findUserByToken(token))?.id).toBe('li');
    expect(query).not.toHaveBeenCalled();
  } finally {
    query.mockRestore();
  }
});

test('when a token is revoked through the same repository, then it stops at once', async () => {
  const token = await api.issueToken('li');
  expect(await api.findUserByToken(token)).not.toBeNull();
  expect(await api.revokeToken(token)).toBe(true);
  expect(await api.findUserByToken(token)).toBeNull();
});

test('when all tokens of a user are revoked through the same repository, then every one stops at once', async () => {
  const first = await api.issueToken('wang');
  const second = await api.issueToken('wang');
  const other = await api.issueToken('li');
  for (const token of [first, second, other]) expect(await api.findUserByToken(token)).not.toBeNull();
  expect(await api.revokeAllTokens('wang')).toBe(2);
  expect(await api.findUserByToken(first)).toBeNull();
  expect(await api.findUserByToken(second)).toBeNull();
  expect((await api.findUserByToken(other))?.id).toBe('li');
});

test('when a token is revoked by another process, then it stops within the ttl', async () => {
  const token = await api.issueToken('li');
  expect(await api.findUserByToken(token)).not.toBeNull();
  await elsewhere.revokeAllTokens('li');
  // The stated bound: remembered at most TTL_MS from the lookup that stored it.
  await new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));
  expect(await api.findUserByToken(token)).toBeNull();
});

test('when a token is unknown, then it is not remembered: issued a moment later, it signs in', async () => {
  const unknown = await elsewhere.issueToken('wang');
  await db.pool.query('UPDATE api_tokens SET revoked_at = now()');
  expect(await api.findUserByToken(unknown)).toBeNull();
  await db.pool.query('UPDATE api_tokens SET revoked_at = NULL');
  expect((await api.findUserByToken(unknown))?.id).toBe('wang');
});
