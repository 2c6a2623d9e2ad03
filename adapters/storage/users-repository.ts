/**
 * People who call the API and their bearer tokens (tables `users` and
 * `api_tokens`). A token is 32 random bytes, base64url; only its SHA-256 (hex)
 * is stored, so a copy of the database does not let anyone sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { AppError, ErrorType } from '../../domain/errors';
import { ROLES, type Role } from '../../domain/labels';
import { unitIdSchema, userIdSchema } from '../../domain/units';
import { parseOrThrow } from '../../domain/validation';
import { createTtlCache } from './ttl-cache';

export interface User {
  id: string;
  name: string;
  role: Role;
  /** The user's own unit (role `unit`); null otherwise. */
  unitId: string | null;
  email: string | null;
  createdAt: string;
}

const roleSchema = z.enum(Object.keys(ROLES) as [Role, ...Role[]], {
  error: () => `must be one of: ${Object.keys(ROLES).join(', ')}`,
});

export const newUserSchema = z
  .object({
    /** The id supervisors are listed under in the unit tree (`supervisors` of a unit row). */
    id: userIdSchema,
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    role: roleSchema,
    unitId: unitIdSchema.optional(),
    email: z.email('must be an email address').optional(),
  })
  .superRefine((user, ctx) => {
    if (user.role === 'unit' && !user.unitId) {
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: `a user with the role unit (${ROLES.unit.zh}) needs the id of their unit` });
    }
  });
export type NewUser = z.input<typeof newUserSchema>;

/** The stored form of a token: SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  unit_id: string | null;
  email: string | null;
  created_at: Date;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  role: row.role,
  unitId: row.unit_id,
  email: row.email,
  createdAt: row.created_at.toISOString(),
});

export interface UsersRepository {
  /** Throws InvalidInputError for a bad field or an unknown unit, AppError(Conflict) for an id that exists. */
  createUser(input: NewUser): Promise<User>;
  get(id: string): Promise<User | null>;
  list(): Promise<User[]>;
  /** A new token for the user (earlier ones stay valid); the plaintext is returned once and never stored. */
  issueToken(userId: string): Promise<string>;
  /** The user a valid, unrevoked token belongs to; null for anything else. */
  findUserByToken(token: string): Promise<User | null>;
  /** True when the token existed and was not yet revoked. */
  revokeToken(token: string): Promise<boolean>;
  /** Revokes every token of the user; returns how many. */
  revokeAllTokens(userId: string): Promise<number>;
}

export interface UsersRepositoryOptions {
  /**
   * How long a token's user is remembered in this process (0: not at all). A token revoked
   * through this repository stops at once; one revoked elsewhere (the users CLI, another API
   * process) within this bound. docs/security.md states it.
   */
  tokenCacheTtlMs?: number;
  /** At most this many tokens remembered. */
  tokenCacheEntries?: number;
}

/** The default bound on a revocation made by another process (docs/security.md). */
export const TOKEN_CACHE_TTL_MS = 5_000;

export function createUsersRepository(pool: pg.Pool, options: UsersRepositoryOptions = {}): UsersRepository {
  // Keyed by the token's hash: the plaintext is not kept beyond the request.
  const tokens = createTtlCache<string, User>({ ttlMs: options.tokenCacheTtlMs ?? 0, maxEntries: options.tokenCacheEntries ?? 10_000 });
  // Bumped by every revocation: a lookup that read before it is not remembered.
  let revocations = 0;
  return {
    async createUser(input) {
      const user = parseOrThrow(newUserSchema, input, 'the user');
      try {
        const { rows } = await pool.query<UserRow>(
          `INSERT INTO users (id, name, role, unit_id, email) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, name, role, unit_id, email, created_at`,
          [user.id, user.name, user.role, user.unitId ?? null, user.email ?? null],
        );
        return toUser(rows[0]);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === '23505') throw new AppError(ErrorType.Conflict, `a user "${user.id}" already exists; issue them a new token instead`);
        if (code === '23503') {
          throw new AppError(ErrorType.InvalidInput, `there is no unit "${user.unitId}"; import the unit tree first or correct the unit id`);
        }
        throw error;
      }
    },

    async get(id) {
      const { rows } = await pool.query<UserRow>('SELECT id, name, role, unit_id, email, created_at FROM users WHERE id = $1', [id]);
      return rows[0] ? toUser(rows[0]) : null;
    },

    async list() {
      const { rows } = await pool.query<UserRow>('SELECT id, name, role, unit_id, email, created_at FROM users ORDER BY id');
      return rows.map(toUser);
    },

    async issueToken(userId) {
      const token = randomBytes(32).toString('base64url');
      try {
        await pool.query('INSERT INTO api_tokens (token_hash, user_id) VALUES ($1, $2)', [hashToken(token), userId]);
      } catch (error) {
        if ((error as { code?: string }).code === '23503') throw new AppError(ErrorType.NotFound, `there is no user "${userId}"; create them first`);
        throw error;
      }
      return token;
    },

    async findUserByToken(token) {
      if (!token) return null;
      const hash = hashToken(token);
      const known = tokens.get(hash);
      if (known) return known;
      const seen = revocations;
      const { rows } = await pool.query<UserRow>(
        `SELECT u.id, u.name, u.role, u.unit_id, u.email, u.created_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
        [hash],
      );
      if (!rows[0]) return null; // an unknown token is not remembered: it may be issued a moment later
      const user = toUser(rows[0]);
      if (seen === revocations) tokens.set(hash, user);
      return user;
    },

    async revokeToken(token) {
      const hash = hashToken(token);
      const result = await pool.query('UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [hash]);
      // After the write, and counted: a lookup racing it cannot put the token back.
      revocations += 1;
      tokens.delete(hash);
      return result.rowCount === 1;
    },

    async revokeAllTokens(userId) {
      const result = await pool.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
      revocations += 1;
      tokens.deleteWhere((user) => user.id === userId);
      return result.rowCount ?? 0;
    },
  };
}
