-- Schema version 12: application passwords for the WordPress REST API (HTTP Basic), as WordPress has
-- them: named per client, shown once, revocable. A password is 24 random characters (143 bits), so a
-- fast hash is enough to store it (BLAKE2b, like session tokens); nobody can guess one from its hash.

CREATE TABLE app_passwords (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX app_passwords_by_user ON app_passwords (user_id);
