-- The clinic directory. Each set of codes (levels of care, payment, ages, populations, languages,
-- services, accreditation) is a bit mask: "any of" within a filter is one AND, and "all of" across
-- filters is a conjunction of those, with no joins. Bit positions live in ClinicCodes.cs.
CREATE TABLE clinics (
    id                 INTEGER PRIMARY KEY,
    slug               TEXT    NOT NULL UNIQUE,
    name               TEXT    NOT NULL,
    program_name       TEXT,
    street             TEXT    NOT NULL,
    street2            TEXT,
    city               TEXT    NOT NULL,
    state              TEXT    NOT NULL,
    zip                TEXT    NOT NULL,
    latitude           REAL    NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude          REAL    NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    phone              TEXT,
    intake_phone       TEXT,
    website            TEXT,
    description        TEXT,
    status             TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed', 'hidden')),
    accepting          TEXT    NOT NULL DEFAULT 'unknown' CHECK (accepting IN ('yes', 'no', 'unknown')),
    wait_note          TEXT,
    iop_hours_per_week REAL,
    iop_day            INTEGER NOT NULL DEFAULT 0,
    iop_evening        INTEGER NOT NULL DEFAULT 0,
    iop_weekend        INTEGER NOT NULL DEFAULT 0,
    iop_length_weeks   INTEGER,
    iop_telehealth     INTEGER NOT NULL DEFAULT 0,
    care_mask          INTEGER NOT NULL DEFAULT 0,
    pay_mask           INTEGER NOT NULL DEFAULT 0,
    age_mask           INTEGER NOT NULL DEFAULT 0,
    pop_mask           INTEGER NOT NULL DEFAULT 0,
    lang_mask          INTEGER NOT NULL DEFAULT 0,
    service_mask       INTEGER NOT NULL DEFAULT 0,
    accred_mask        INTEGER NOT NULL DEFAULT 0,
    other_languages    TEXT,
    services_reported  INTEGER NOT NULL DEFAULT 1,
    source             TEXT    NOT NULL CHECK (source IN ('demo', 'samhsa', 'clinic', 'admin')),
    source_id          TEXT,
    claimed            INTEGER NOT NULL DEFAULT 0,
    last_verified      TEXT,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX clinics_state_city ON clinics (state, city);
CREATE UNIQUE INDEX clinics_source ON clinics (source, source_id) WHERE source_id IS NOT NULL;

-- "Report a problem with this listing" submissions, kept for moderators.
CREATE TABLE clinic_reports (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('closed', 'wrong_phone', 'not_accepting', 'wrong_services', 'other')),
    message     TEXT    NOT NULL DEFAULT '',
    email       TEXT,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at  TEXT    NOT NULL
);
CREATE INDEX clinic_reports_open ON clinic_reports (status, created_at);
