-- Up Migration

-- Browser sessions of the dashboard (issue 18): signing in with a token gives a
-- session cookie. Only the SHA-256 of the session id is stored, like tokens; the
-- CSRF token is sent back in a header on every change (double submit).
CREATE TABLE web_sessions (
  session_hash  text PRIMARY KEY,
  -- The token signed in with: revoking it ends the session too.
  token_hash    text NOT NULL REFERENCES api_tokens(token_hash),
  user_id       text NOT NULL REFERENCES users(id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- Down Migration

DROP TABLE web_sessions;
