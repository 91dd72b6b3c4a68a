-- Schema version 3: every save of an article keeps a revision; a revision number on the article makes a
-- second editor's stale save a conflict instead of a silent overwrite; old slugs of published articles
-- keep answering with a redirect.

ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL, -- who saved it; NULL for imports and demo
    saved_at   INTEGER NOT NULL,
    headline   TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    body_md    TEXT NOT NULL,
    UNIQUE (article_id, revision)
);

-- The first revision of every article that exists already.
INSERT INTO revisions (article_id, revision, user_id, saved_at, headline, standfirst, body_md)
SELECT id, 1, NULL, updated_at, headline, standfirst, body_md FROM articles;

CREATE TABLE old_slugs (
    slug       TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;
