-- Schema version 7: reader comments. The email, address and user agent of a commenter are private: no
-- public page, feed or API shows them; addresses and agents are erased after a retention period.

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    depth        INTEGER NOT NULL DEFAULT 1 CHECK (depth >= 1),
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL,            -- lower-cased; never public
    author_url   TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,            -- plain text as typed
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    reason       TEXT NOT NULL DEFAULT '', -- why it was held or marked spam
    ip           TEXT,                     -- NULL once past the retention period
    user_agent   TEXT,
    user_id      INTEGER REFERENCES users(id) ON DELETE SET NULL, -- staff who wrote it (a staff badge)
    erased       INTEGER NOT NULL DEFAULT 0, -- erased on request but kept as "[deleted]" for its replies
    created_at   INTEGER NOT NULL,
    status_at    INTEGER NOT NULL          -- when the status last changed (trash empties after 30 days)
);
CREATE INDEX comments_by_article ON comments (article_id, status, id);
CREATE INDEX comments_by_status ON comments (status, id);
CREATE INDEX comments_by_email ON comments (author_email, article_id, status); -- known authors, duplicates
CREATE INDEX comments_by_ip ON comments (ip, created_at);

-- Senders whose comments go straight to spam; expires_at 0 = never.
CREATE TABLE comment_bans (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('email', 'ip')),
    value      TEXT NOT NULL,
    expires_at INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (kind, value)
);

ALTER TABLE articles ADD COLUMN comments_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0; -- approved, shown on the site
