-- The audit log accepts a product's own actions (`<application slug>/<resource>.<verb>`,
-- registered with PUT /v1/catalog and written by POST /v1/audit/events) beside
-- Atrium's `resource.verb`.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check
  CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' OR action ~ '^[a-z0-9][a-z0-9-]{1,62}/[a-z][a-z0-9_]{0,49}\.[a-z][a-z0-9_]{0,49}$');
