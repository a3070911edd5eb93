-- Clinic portal: people, who may edit which listing, invitations and resets, proposed changes,
-- access requests and the audit trail.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name           TEXT    NOT NULL DEFAULT '',
    password_hash  TEXT,
    role           TEXT    NOT NULL CHECK (role IN ('clinic', 'moderator', 'admin')),
    disabled       INTEGER NOT NULL DEFAULT 0,
    security_stamp TEXT    NOT NULL,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT,
    created_at     TEXT    NOT NULL
);

CREATE TABLE clinic_staff (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    clinic_id INTEGER NOT NULL REFERENCES clinics (id),
    added_at  TEXT    NOT NULL,
    PRIMARY KEY (user_id, clinic_id)
);

-- Only a hash of each token is kept, so a copy of the database cannot be used to sign in.
CREATE TABLE user_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    purpose    TEXT    NOT NULL CHECK (purpose IN ('invite', 'reset')),
    token_hash TEXT    NOT NULL UNIQUE,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);

CREATE TABLE access_requests (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics (id),
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    job_title   TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at  TEXT    NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    decided_at  TEXT
);

CREATE TABLE proposed_changes (
    id              INTEGER PRIMARY KEY,
    clinic_id       INTEGER NOT NULL REFERENCES clinics (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    base_updated_at TEXT    NOT NULL,
    changes_json    TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    note            TEXT,
    created_at      TEXT    NOT NULL,
    decided_by      INTEGER REFERENCES users (id),
    decided_at      TEXT
);
CREATE INDEX proposed_changes_status ON proposed_changes (status, created_at);

ALTER TABLE clinics ADD COLUMN clinic_updated_at TEXT;

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    action     TEXT    NOT NULL,
    clinic_id  INTEGER REFERENCES clinics (id),
    details    TEXT    NOT NULL DEFAULT '',
    request_id TEXT
);
CREATE INDEX audit_log_clinic ON audit_log (clinic_id, at);

-- Append-only: the application can add entries but never change or remove them.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
