-- Program schedules and the listing's time zone (see the SQLite migration 0011).
ALTER TABLE clinics ADD COLUMN time_zone text;
ALTER TABLE clinics ADD COLUMN iop_schedule text;

DROP TRIGGER clinics_row_version ON clinics;
CREATE TRIGGER clinics_row_version BEFORE UPDATE OF slug, name, program_name, street, street2, city, state, zip, latitude, longitude, phone, intake_phone, website, description, status, accepting, wait_note, iop_hours_per_week, iop_day, iop_evening, iop_weekend, iop_length_weeks, iop_telehealth, care_mask, pay_mask, age_mask, pop_mask, lang_mask, service_mask, accred_mask, other_languages, services_reported, source, source_id, claimed, last_verified, updated_at, clinic_updated_at, removed_at, time_zone, iop_schedule ON clinics FOR EACH ROW EXECUTE FUNCTION clinics_row_version();
