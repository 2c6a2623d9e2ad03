/**
 * Browser sessions (table `web_sessions`): the dashboard's sign-in turns a
 * bearer token into a session id kept in an HttpOnly cookie. Only the session
 * id's SHA-256 is stored; the session lives while the token it was opened with
 * is unrevoked and its expiry is ahead.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashToken, type User } from './users-repository';

export interface WebSession {
  user: User;
  /** Sent back by the browser in the X-CSRF-Token header on every change. */
  csrfToken: string;
  expiresAt: string;
}

export interface SessionsRepository {
  /** A new session for the token's user, or null when the token is unknown or revoked. Returns the plaintext session id once. */
  open(token: string, lifetimeMs: number): Promise<{ sessionId: string; session: WebSession } | null>;
  /** The live session of the id; null when unknown, expired or its token was revoked. */
  find(sessionId: string): Promise<WebSession | null>;
  /** Ends the session; true when there was one. */
  close(sessionId: string): Promise<boolean>;
}

interface SessionRow {
  id: string;
  name: string;
  role: User['role'];
  unit_id: string | null;
  email: string | null;
  created_at: Date;
  csrf_token: string;
  expires_at: Date;
}

const SELECT_LIVE = `SELECT u.id, u.name, u.role, u.unit_id, u.email, u.created_at, s.csrf_token, s.expires_at
  FROM web_sessions s
  JOIN api_tokens t ON t.token_hash = s.token_hash AND t.revoked_at IS NULL
  JOIN users u ON u.id = t.user_id
  WHERE s.session_hash = $1 AND s.expires_at > now()`;

const toSession = (row: SessionRow): WebSession => ({
  user: { id: row.id, name: row.name, role: row.role, unitId: row.unit_id, email: row.email, createdAt: row.created_at.toISOString() },
  csrfToken: row.csrf_token,
  expiresAt: row.expires_at.toISOString(),
});

export function createSessionsRepository(pool: pg.Pool): SessionsRepository {
  return {
    async open(token, lifetimeMs) {
      if (!token) return null;
      const sessionId = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const inserted = await pool.query(
        `INSERT INTO web_sessions (session_hash, token_hash, user_id, csrf_token, expires_at)
         SELECT $1, t.token_hash, t.user_id, $3, now() + make_interval(secs => $4::double precision / 1000)
         FROM api_tokens t WHERE t.token_hash = $2 AND t.revoked_at IS NULL`,
        [hashToken(sessionId), hashToken(token), csrfToken, lifetimeMs],
      );
      if (inserted.rowCount !== 1) return null;
      const session = await this.find(sessionId);
      return session ? { sessionId, session } : null;
    },

    async find(sessionId) {
      if (!sessionId) return null;
      const { rows } = await pool.query<SessionRow>(SELECT_LIVE, [hashToken(sessionId)]);
      return rows[0] ? toSession(rows[0]) : null;
    },

    async close(sessionId) {
      const result = await pool.query('DELETE FROM web_sessions WHERE session_hash = $1', [hashToken(sessionId)]);
      return result.rowCount === 1;
    },
  };
}
