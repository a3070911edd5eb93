-- Program schedules: a listing's tracks (days, start and end in its own local time, setting, languages, who for),
-- one a line in the text form ProgramTracks reads, and the IANA time zone those times are in. The day, evening,
-- weekend and online flags are derived from the tracks when a listing has any.
ALTER TABLE clinics ADD COLUMN time_zone TEXT;
ALTER TABLE clinics ADD COLUMN iop_schedule TEXT;

-- A schedule change is an edit of the listing: the row version counts it (openings still do not count).
DROP TRIGGER clinics_row_version;
CREATE TRIGGER clinics_row_version AFTER UPDATE OF slug, name, program_name, street, street2, city, state, zip, latitude, longitude, phone, intake_phone, website, description, status, accepting, wait_note, iop_hours_per_week, iop_day, iop_evening, iop_weekend, iop_length_weeks, iop_telehealth, care_mask, pay_mask, age_mask, pop_mask, lang_mask, service_mask, accred_mask, other_languages, services_reported, source, source_id, claimed, last_verified, updated_at, clinic_updated_at, removed_at, time_zone, iop_schedule ON clinics
WHEN NEW.row_version = OLD.row_version
BEGIN
    UPDATE clinics SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
