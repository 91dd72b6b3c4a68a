-- Schema version 2: staff sessions. The cookie carries a random token; only its BLAKE2b hash is stored,
-- so a copy of the database does not let anyone sign in.

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,               -- hex BLAKE2b-256 of the session token
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,                  -- per-session CSRF token for forms
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
