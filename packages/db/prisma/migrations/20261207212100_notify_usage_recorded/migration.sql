-- Live analytics: one notification per organization whose usage changed, per statement (a batch
-- of thousands of events announces each organization once). The payload is the organization id;
-- the API's analytics live stream listens on `atrium_usage_recorded` and tells that organization's
-- pages to refetch.
CREATE FUNCTION notify_usage_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  FOR org IN SELECT DISTINCT organization_id FROM inserted_usage LOOP
    PERFORM pg_notify('atrium_usage_recorded', org::text);
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER usage_events_notify_recorded
  AFTER INSERT ON usage_events
  REFERENCING NEW TABLE AS inserted_usage
  FOR EACH STATEMENT EXECUTE FUNCTION notify_usage_recorded();
