-- Schema version 4: the newsroom's full status flow, draft → review → scheduled → published → unpublished.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (the migration runner turns
-- foreign keys off around migrations and runs foreign_key_check before turning them back on).

CREATE TABLE articles_new (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 200),
    headline       TEXT NOT NULL CHECK (length(headline) BETWEEN 1 AND 500),
    standfirst     TEXT NOT NULL DEFAULT '',
    body_md        TEXT NOT NULL DEFAULT '',
    body_html      TEXT NOT NULL DEFAULT '',
    author_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    category_id    INTEGER NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished')),
    published_at   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    breaking       INTEGER NOT NULL DEFAULT 0 CHECK (breaking IN (0, 1)),
    image_url      TEXT NOT NULL DEFAULT '',
    image_alt      TEXT NOT NULL DEFAULT '',
    image_caption  TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL DEFAULT 1
);

INSERT INTO articles_new (id, slug, headline, standfirst, body_md, body_html, author_id, category_id, status,
                          published_at, created_at, updated_at, breaking, image_url, image_alt, image_caption,
                          revision)
SELECT id, slug, headline, standfirst, body_md, body_html, author_id, category_id, status, published_at,
       created_at, updated_at, breaking, image_url, image_alt, image_caption, revision
FROM articles;

DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;

CREATE INDEX articles_published ON articles (status, published_at DESC);
CREATE INDEX articles_category ON articles (category_id, status, published_at DESC);
CREATE INDEX articles_author ON articles (author_id, status, published_at DESC);
