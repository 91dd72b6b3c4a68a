-- Schema version 11: breaking news and live coverage pushed to open pages.

-- An article covered live: started (and ended) by the newsroom, or ended by itself after hours
-- without an entry.
CREATE TABLE live_coverage (
    article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('live', 'ended')),
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER NOT NULL DEFAULT 0,
    last_entry_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX live_coverage_by_status ON live_coverage (status);

-- Its short timestamped entries (Markdown, rendered once when saved).
CREATE TABLE live_entries (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    body_md    TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    image_url  TEXT NOT NULL DEFAULT '',
    image_alt  TEXT NOT NULL DEFAULT '',
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    key_event  INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX live_entries_by_article ON live_entries (article_id, id);

-- What open pages were told (/live), so that a client that reconnects with the last id it has gets
-- everything after it, across restarts. AUTOINCREMENT: an id is never reused after old events go.
CREATE TABLE live_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
