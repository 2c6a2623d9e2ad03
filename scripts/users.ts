/**
 * Users and their API tokens, for the campaign office (活動領導小組辦公室):
 *
 *   npm run users -- create --id li --name 李書記 --role supervisor [--unit <unit id>] [--email a@b]
 *   npm run users -- token --id li          # a new token (earlier ones stay valid)
 *   npm run users -- revoke --id li         # revokes every token of the user
 *   npm run users -- list
 *
 * `create` and `token` print the token alone on standard output (so that
 * `TOKEN=$(npm run -s users -- token --id li)` works); it is shown once and
 * only its hash is stored. Reads DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import { createPool } from '../adapters/storage/database';
import { createUsersRepository } from '../adapters/storage/users-repository';
import { loadConfig } from '../config/env';
import { AppError } from '../domain/errors';
import { ROLES, label, type Role } from '../domain/labels';
import { InvalidInputError } from '../domain/validation';

export const USAGE = `usage:
  npm run users -- create --id <user id> --name <name> --role admin|supervisor|unit [--unit <unit id>] [--email <address>]
  npm run users -- token --id <user id>
  npm run users -- revoke --id <user id>
  npm run users -- list`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

class UsageError extends Error {}

/** Runs one command; returns the exit code. */
export async function runUsersCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  let databaseUrl: string | undefined;
  try {
    databaseUrl = loadConfig(env).DATABASE_URL;
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  if (!databaseUrl) {
    io.err('DATABASE_URL is not set: point it at the service\'s PostgreSQL, e.g.\n  DATABASE_URL=postgres://user:password@host:5432/campaigns npm run users -- list');
    return 1;
  }

  const [command, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    if (!command || !['create', 'token', 'revoke', 'list'].includes(command)) throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    values = parseArgs({
      args: rest,
      options: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, email: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
    if (command !== 'list' && !values.id) throw new UsageError(`"${command}" needs --id <user id>`);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const pool = createPool(databaseUrl, { max: 2 });
  const users = createUsersRepository(pool);
  try {
    switch (command) {
      case 'create': {
        const user = await users.createUser({
          id: values.id!,
          name: values.name as string,
          role: values.role as Role,
          ...(values.unit ? { unitId: values.unit } : {}),
          ...(values.email ? { email: values.email } : {}),
        });
        const token = await users.issueToken(user.id);
        io.err(`created ${user.id} (${user.name}), ${label(ROLES[user.role])}${user.unitId ? ` of unit ${user.unitId}` : ''}; their token (shown once):`);
        io.out(token);
        return 0;
      }
      case 'token': {
        const user = await users.get(values.id!);
        if (!user) {
          io.err(`there is no user "${values.id}"; create them with: npm run users -- create --id ${values.id} --name <name> --role <role>`);
          return 1;
        }
        const token = await users.issueToken(user.id);
        io.err(`a new token for ${user.id} (${user.name}), shown once:`);
        io.out(token);
        return 0;
      }
      case 'revoke': {
        const count = await users.revokeAllTokens(values.id!);
        io.err(`revoked ${count} token(s) of ${values.id}`);
        return 0;
      }
      default: {
        const list = await users.list();
        if (list.length === 0) io.err('no users yet; create one with: npm run users -- create --id <id> --name <name> --role admin');
        for (const user of list) {
          io.out([user.id, user.name, user.role, ROLES[user.role].zh, user.unitId ?? '-', user.email ?? '-'].join('\t'));
        }
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof InvalidInputError) {
      io.err(`${error.what} is invalid:\n${error.problems.map((p) => `  --${p.path === 'unitId' ? 'unit' : p.path}: ${p.message}`).join('\n')}\n${USAGE}`);
      return 1;
    }
    if (error instanceof AppError) {
      io.err(error.message);
      return 1;
    }
    if ((error as { code?: string }).code === '42P01') {
      io.err('the database has no users table yet: run `npm run migrate` first');
      return 1;
    }
    if ((error as { code?: string }).code === 'ECONNREFUSED') {
      io.err(`cannot reach PostgreSQL at DATABASE_URL (${(error as Error).message}); is it running?`);
      return 1;
    }
    throw error;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  runUsersCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
