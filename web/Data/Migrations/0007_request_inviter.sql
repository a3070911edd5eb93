-- Who invited a colleague, so the inviter cannot also decide the request: nobody grants access they asked for,
-- directly or by invitation.
ALTER TABLE access_requests ADD COLUMN invited_by INTEGER REFERENCES users (id);
