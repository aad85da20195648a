-- Large audit exports run as worker jobs. The file is kept in PostgreSQL (the
-- only store), in chunks, so any API instance can serve the download.
CREATE TYPE export_status AS ENUM ('queued', 'running', 'done', 'failed');

CREATE TABLE audit_exports (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  requested_by     uuid REFERENCES users (id),
  format           text NOT NULL CHECK (format IN ('csv', 'ndjson')),
  filter           jsonb NOT NULL DEFAULT '{}'::jsonb,
  status           export_status NOT NULL DEFAULT 'queued',
  total_rows       bigint,
  rows_done        bigint NOT NULL DEFAULT 0,
  bytes            bigint NOT NULL DEFAULT 0,
  error            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  expires_at       timestamptz NOT NULL DEFAULT now() + interval '7 days'
);
CREATE INDEX audit_exports_organization_id_idx ON audit_exports (organization_id, created_at DESC);

CREATE TABLE audit_export_chunks (
  export_id  uuid NOT NULL REFERENCES audit_exports (id) ON DELETE CASCADE,
  n          integer NOT NULL,
  data       bytea NOT NULL,
  PRIMARY KEY (export_id, n)
);

CREATE FUNCTION audit_exports_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('atrium_audit_export', NEW.id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER audit_exports_notify_after_insert
  AFTER INSERT ON audit_exports
  FOR EACH ROW EXECUTE FUNCTION audit_exports_notify();
