-- Schema version 6: page views, counted privately. One number per article per day, nothing about who
-- read: no cookies, no addresses, no user agents are stored.

CREATE TABLE page_views (
    day        TEXT NOT NULL,     -- YYYY-MM-DD in the site's time zone
    article_id INTEGER NOT NULL,  -- 0 for pages that are not articles (front, sections, tags, authors)
    views      INTEGER NOT NULL CHECK (views >= 0),
    PRIMARY KEY (day, article_id)
) WITHOUT ROWID;
