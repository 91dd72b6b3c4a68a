-- Schema version 10: full-text search over articles (SQLite FTS5, an external-content index kept in step
-- with the articles table by triggers). The chat's bot answers from it; site search uses it too.

CREATE VIRTUAL TABLE articles_fts USING fts5(
    headline, standfirst, body_md,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, headline, standfirst, body_md)
    VALUES (new.id, new.headline, new.standfirst, new.body_md);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body_md)
    VALUES ('delete', old.id, old.headline, old.standfirst, old.body_md);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, standfirst, body_md ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body_md)
    VALUES ('delete', old.id, old.headline, old.standfirst, old.body_md);
    INSERT INTO articles_fts (rowid, headline, standfirst, body_md)
    VALUES (new.id, new.headline, new.standfirst, new.body_md);
END;
