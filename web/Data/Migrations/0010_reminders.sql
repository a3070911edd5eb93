-- Reminders to clinic staff whose openings or verification are old: when each listing was last reminded
-- (at most once a week, whichever instance runs the job) and whether its staff paused them; the one-time links
-- the emails carry, one per person, kept as hashes; and when each background job last ran, so a daily job runs once a day
-- across every instance.
CREATE TABLE reminder_state (
    clinic_id    INTEGER PRIMARY KEY REFERENCES clinics (id),
    last_sent_at TEXT,
    paused_at    TEXT,
    paused_by    INTEGER REFERENCES users (id)
);

CREATE TABLE reminder_links (
    id         INTEGER PRIMARY KEY,
    clinic_id  INTEGER NOT NULL REFERENCES clinics (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
);

CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT
);

-- Reminders look up a listing's staff by listing; the key starts with the person.
CREATE INDEX clinic_staff_clinic ON clinic_staff (clinic_id);
