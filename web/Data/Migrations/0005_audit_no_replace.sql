-- The audit log's triggers refused UPDATE and DELETE, but INSERT OR REPLACE with an existing id removes
-- the old row without firing a delete trigger (recursive triggers are off). Refuse any insert that
-- names an id already taken, so history can only grow.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
