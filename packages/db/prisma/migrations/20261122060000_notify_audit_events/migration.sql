-- Announces new audit events once their transaction commits: one
-- notification per statement and organization on `atrium_audit_event`
-- (payload `<organization id or nil uuid>:<highest seq written>`) for the
-- API's live tail, and an empty one on `atrium_audit_alerts` and
-- `atrium_audit_stream` to wake the worker's alert and SIEM streaming jobs
-- (PostgreSQL folds identical notifications of one transaction into one).
CREATE FUNCTION audit_events_announce() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT coalesce(organization_id, '00000000-0000-0000-0000-000000000000') AS org, max(seq) AS seq
      FROM inserted GROUP BY 1
  LOOP
    PERFORM pg_notify('atrium_audit_event', r.org || ':' || r.seq);
  END LOOP;
  PERFORM pg_notify('atrium_audit_alerts', '');
  PERFORM pg_notify('atrium_audit_stream', '');
  RETURN NULL;
END $$;

CREATE TRIGGER audit_events_announce_after_insert
  AFTER INSERT ON audit_events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_announce();
