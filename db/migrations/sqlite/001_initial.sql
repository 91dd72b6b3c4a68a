-- Gazette schema, version 1: people, sections, tags, articles, settings.
-- Times are Unix seconds (UTC).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug          TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 200),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author', 'moderator', 'agent')),
    bio           TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 200),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 200),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 200),
    headline       TEXT NOT NULL CHECK (length(headline) BETWEEN 1 AND 500),
    standfirst     TEXT NOT NULL DEFAULT '',
    body_md        TEXT NOT NULL DEFAULT '',
    body_html      TEXT NOT NULL DEFAULT '',
    author_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    category_id    INTEGER NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
    published_at   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    breaking       INTEGER NOT NULL DEFAULT 0 CHECK (breaking IN (0, 1)),
    image_url      TEXT NOT NULL DEFAULT '',
    image_alt      TEXT NOT NULL DEFAULT '',
    image_caption  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX articles_published ON articles (status, published_at DESC);
CREATE INDEX articles_category ON articles (category_id, status, published_at DESC);
CREATE INDEX articles_author ON articles (author_id, status, published_at DESC);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags (tag_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
