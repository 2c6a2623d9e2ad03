/** `npm run users`: creating users and issuing, listing and revoking their tokens, on a real PostgreSQL. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createUsersRepository, type UsersRepository } from '../../adapters/storage/users-repository';
import { runUsersCli, type CliIo } from '../../scripts/users';
import { createTestDatabase, type TestDatabase } from '../support/database';

const ROOT = path.resolve(__dirname, '..', '..');
let db: TestDatabase;
let users: UsersRepository;

function captureIo(): CliIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (line) => outLines.push(line), err: (line) => errLines.push(line) };
}

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runUsersCli(argv, { DATABASE_URL: db.url }, io);
  return { code, out: io.outLines, err: io.errLines.join('\n') };
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'users_cli' });
  users = createUsersRepository(db.pool);
  await db.pool.query(
    `INSERT INTO units (id, parent_id, name, type, path, depth) VALUES ('branch-1', NULL, '第一支部', 'agency', '/branch-1/', 0)`,
  );
});

afterAll(async () => {
  await db?.drop();
});

test('when a supervisor is created, then the one line on standard output is a token that signs them in', async () => {
  const result = await cli('create', '--id', 'li', '--name', '李書記', '--role', 'supervisor');
  expect(result.code).toBe(0);
  expect(result.out).toHaveLength(1);
  expect(result.err).toContain('上級黨組織負責人');
  const user = await users.findUserByToken(result.out[0]);
  expect(user).toMatchObject({ id: 'li', name: '李書記', role: 'supervisor', unitId: null });
});

test('when a new token is issued, then it signs in and the earlier one still does', async () => {
  const first = await cli('token', '--id', 'li');
  const second = await cli('token', '--id', 'li');
  expect(first.code).toBe(0);
  expect(second.out[0]).not.toBe(first.out[0]);
  expect((await users.findUserByToken(first.out[0]))?.id).toBe('li');
  expect((await users.findUserByToken(second.out[0]))?.id).toBe('li');
});

test('when a unit user is created with its unit, then it is listed with the unit', async () => {
  expect((await cli('create', '--id', 'b1', '--name', '第一支部', '--role', 'unit', '--unit', 'branch-1')).code).toBe(0);
  const list = await cli('list');
  expect(list.code).toBe(0);
  expect(list.out).toEqual(expect.arrayContaining([expect.stringMatching(/^b1\t第一支部\tunit\t基層黨組織\tbranch-1\t/), expect.stringMatching(/^li\t/)]));
});

test('when a unit user is created without a unit, then it fails naming --unit and nothing is created', async () => {
  const result = await cli('create', '--id', 'b2', '--name', '第二支部', '--role', 'unit');
  expect(result.code).toBe(1);
  expect(result.err).toContain('--unit');
  expect(await users.get('b2')).toBeNull();
});

test('when the unit does not exist, then it fails saying so', async () => {
  const result = await cli('create', '--id', 'b9', '--name', '第九支部', '--role', 'unit', '--unit', 'branch-9');
  expect(result.code).toBe(1);
  expect(result.err).toContain('there is no unit "branch-9"');
});

test('when the role is unknown, then it fails listing the roles', async () => {
  const result = await cli('create', '--id', 'x', '--name', 'X', '--role', 'boss');
  expect(result.code).toBe(1);
  expect(result.err).toContain('admin, supervisor, unit');
});

test("when a user's tokens are revoked, then none of them signs in", async () => {
  const token = (await cli('token', '--id', 'li')).out[0];
  const result = await cli('revoke', '--id', 'li');
  expect(result.code).toBe(0);
  expect(await users.findUserByToken(token)).toBeNull();
});

test('when a token is asked for an unknown user, then it fails saying how to create them', async () => {
  const result = await cli('token', '--id', 'ghost');
  expect(result.code).toBe(1);
  expect(result.err).toContain('npm run users -- create --id ghost');
});

test('when the command is unknown or --id is missing, then the usage is shown', async () => {
  expect((await cli('promote', '--id', 'li')).code).toBe(2);
  const missing = await cli('token');
  expect(missing.code).toBe(2);
  expect(missing.err).toContain('usage:');
});

test('when DATABASE_URL is not set, then the script fails with a clear message', async () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const run = promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/users.ts', 'list'], { cwd: ROOT, env });
  await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('DATABASE_URL is not set') });
});
