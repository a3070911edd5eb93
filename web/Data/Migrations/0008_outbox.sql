-- Mail written in the same transaction as the decision that causes it, and delivered by a background sender:
-- a decision without its message, or a message without its decision, cannot exist. body is protected with the
-- site's Data Protection keys (it may hold a one-time link) and erased once sent; a password-reset request
-- has no body until the sender prepares it. claim and claimed_until hold a message for the one instance sending it.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    claim           TEXT,
    claimed_until   TEXT,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
