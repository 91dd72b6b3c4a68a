-- Schema version 9: reader live chat. A conversation is reached by a token only its reader holds (the
-- database keeps its hash, as with sessions); every message is stored before anyone is told of it.

CREATE TABLE chat_conversations (
    id              INTEGER PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    visitor_name    TEXT NOT NULL DEFAULT '',
    visitor_email   TEXT NOT NULL DEFAULT '',   -- private, like commenters' emails
    page_url        TEXT NOT NULL DEFAULT '',   -- where the reader opened the chat
    referrer        TEXT NOT NULL DEFAULT '',
    ip              TEXT,                       -- erased after the retention period
    user_agent      TEXT,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    agent_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    visitor_read_to INTEGER NOT NULL DEFAULT 0, -- the last message id the reader has seen
    agent_read_to   INTEGER NOT NULL DEFAULT 0, -- ... and the newsroom
    created_at      INTEGER NOT NULL,
    last_message_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chat_conversations_by_status ON chat_conversations (status, last_message_at);
CREATE INDEX chat_conversations_by_ip ON chat_conversations (ip, created_at);
CREATE INDEX chat_conversations_by_email ON chat_conversations (visitor_email);

CREATE TABLE chat_messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
    sender          TEXT NOT NULL CHECK (sender IN ('visitor', 'agent', 'bot', 'note')),
    agent_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    name            TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    client_id       TEXT,                        -- the sender's id for it: a resent message is stored once
    created_at      INTEGER NOT NULL,
    UNIQUE (conversation_id, client_id)
);
CREATE INDEX chat_messages_by_conversation ON chat_messages (conversation_id, id);
