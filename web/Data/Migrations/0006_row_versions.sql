-- Each listing counts its own changes, so "changed since you opened this form" compares a number, not
-- a date: two changes on one day are still two versions. A proposed change remembers the version it
-- was made from, so a moderator is warned before approving a change made to an older listing.
ALTER TABLE clinics ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER clinics_row_version AFTER UPDATE ON clinics
WHEN NEW.row_version = OLD.row_version
BEGIN
    UPDATE clinics SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
ALTER TABLE proposed_changes ADD COLUMN base_row_version INTEGER;
