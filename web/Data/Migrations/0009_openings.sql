-- Openings, always dated: whether a program can take someone now, from a date, after a wait of about some
-- weeks, or is full; when that was last confirmed and by whom (clinic, moderator, import, demo). Staff confirm
-- openings often and without moderation, so they are their own columns and their own history.
ALTER TABLE clinics ADD COLUMN openings_status TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE clinics ADD COLUMN openings_next_start TEXT;
ALTER TABLE clinics ADD COLUMN openings_wait_weeks INTEGER;
ALTER TABLE clinics ADD COLUMN openings_as_of TEXT;
ALTER TABLE clinics ADD COLUMN openings_source TEXT;

-- An openings update is not an edit of the listing: a form or a proposed change opened before it is not out of
-- date because of it. The row version counts changes to every other column.
DROP TRIGGER clinics_row_version;
CREATE TRIGGER clinics_row_version AFTER UPDATE OF slug, name, program_name, street, street2, city, state, zip, latitude, longitude, phone, intake_phone, website, description, status, accepting, wait_note, iop_hours_per_week, iop_day, iop_evening, iop_weekend, iop_length_weeks, iop_telehealth, care_mask, pay_mask, age_mask, pop_mask, lang_mask, service_mask, accred_mask, other_languages, services_reported, source, source_id, claimed, last_verified, updated_at, clinic_updated_at, removed_at ON clinics
WHEN NEW.row_version = OLD.row_version
BEGIN
    UPDATE clinics SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;

-- Every openings update, with the values before and after, so a moderator can see who said what and undo it.
CREATE TABLE openings_updates (
    id          INTEGER PRIMARY KEY,
    clinic_id   INTEGER NOT NULL REFERENCES clinics (id),
    user_id     INTEGER REFERENCES users (id),
    source      TEXT    NOT NULL,
    before_json TEXT    NOT NULL,
    after_json  TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    reverted_by INTEGER REFERENCES users (id),
    reverted_at TEXT
);
CREATE INDEX openings_updates_clinic ON openings_updates (clinic_id, id);
