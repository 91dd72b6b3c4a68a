-- Schema version 13: what moving a WordPress site over needs. Sections may have a parent section (the
-- front page's menu lists the top-level ones); pages (About, Contact: not news, outside the article
-- lists) have their own table; an import remembers which WordPress object became which Gazette row, so
-- importing the same file again changes nothing; old WordPress addresses answer with a 301.

ALTER TABLE categories ADD COLUMN parent_id INTEGER REFERENCES categories(id) ON DELETE SET NULL;

CREATE TABLE pages (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE CHECK (length(path) BETWEEN 3 AND 600), -- "/about/", "/about/team/"
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    body_md      TEXT NOT NULL DEFAULT '',
    body_html    TEXT NOT NULL DEFAULT '',
    author_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    parent_id    INTEGER REFERENCES pages(id) ON DELETE SET NULL,
    menu_order   INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- (the site it came from, user|category|tag|post|page|comment, WordPress's key) → the Gazette row.
-- Users are keyed by login, terms by slug, the rest by WordPress's id.
CREATE TABLE wp_imported (
    source   TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('user', 'category', 'tag', 'post', 'page', 'comment')),
    wp_key   TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    PRIMARY KEY (source, kind, wp_key)
) WITHOUT ROWID;

-- Addresses a migrated site used to have: "/2019/03/07/slug/", "/?p=123" (stored with its query),
-- "/archives/123". Each answers with a 301 to the article's or page's address today.
CREATE TABLE legacy_paths (
    path       TEXT PRIMARY KEY,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    page_id    INTEGER REFERENCES pages(id) ON DELETE CASCADE,
    CHECK ((article_id IS NULL) <> (page_id IS NULL))
) WITHOUT ROWID;
