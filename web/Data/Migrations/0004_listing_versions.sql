-- Every change to the listings bumps one version number, so every running site (this process or
-- another: a CLI import, a second web instance) learns of it by reading one row, and reloads.
-- Triggers do the bump, so no write path can forget it, not even a hand-run SQL statement.
CREATE TABLE data_versions (
    name    TEXT    PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('listings', 1);

CREATE TRIGGER clinics_version_insert AFTER INSERT ON clinics
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'listings';
END;
CREATE TRIGGER clinics_version_update AFTER UPDATE ON clinics
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'listings';
END;
CREATE TRIGGER clinics_version_delete AFTER DELETE ON clinics
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'listings';
END;

-- Listing ids are never reused: a stale snapshot, cache, bookmark or audit entry that names an id
-- must never point at a different clinic. SQLite hands out max(id) + 1, which repeats an id after the
-- highest row is deleted, so ids come from this counter instead, and an insert without one fails.
CREATE TABLE id_sequences (
    name TEXT    PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO id_sequences (name, last) VALUES ('clinics', (SELECT coalesce(max(id), 0) FROM clinics));

CREATE TRIGGER clinics_ids_never_reused BEFORE INSERT ON clinics
WHEN NEW.id IS NULL OR NEW.id <= (SELECT last FROM id_sequences WHERE name = 'clinics')
BEGIN
    SELECT RAISE(ABORT, 'clinic ids come from id_sequences and are never reused');
END;
CREATE TRIGGER clinics_ids_advance AFTER INSERT ON clinics
BEGIN
    UPDATE id_sequences SET last = NEW.id WHERE name = 'clinics';
END;

-- A listing that is gone (demo data replaced while a claim, report or audit entry still names it)
-- keeps its row, hidden, so that history stays readable.
ALTER TABLE clinics ADD COLUMN removed_at TEXT;
