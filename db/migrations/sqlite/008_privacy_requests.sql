-- Schema version 8: readers' requests for their data (a copy, or erasure), made from the site's privacy
-- page, for staff to check and carry out from the newsroom.

CREATE TABLE privacy_requests (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('export', 'erase')),
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    done_at    INTEGER NOT NULL DEFAULT 0,   -- 0 while open
    done_by    INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX privacy_requests_open ON privacy_requests (done_at, id);
