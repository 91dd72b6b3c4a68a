-- Schema version 5: the media library. Files live in the data directory under media/; this table knows
-- them, who uploaded them and what they show.

CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,   -- URL path, e.g. /media/uploads/2026/11/3f9a2c1b-harbour.png
    filename    TEXT NOT NULL,          -- as uploaded
    mime        TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')),
    bytes       INTEGER NOT NULL,
    alt         TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
