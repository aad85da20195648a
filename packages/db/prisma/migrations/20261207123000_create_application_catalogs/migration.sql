-- The product catalog each application declares through PUT /v1/catalog: its
-- permissions, resource types and audit action types. Names carry the
-- application's slug (`demo-product/notes:share`, `demo-product/note`,
-- `demo-product/note.share`), so they never collide with Atrium's own
-- catalog nor with another application's. A whole document replaces the
-- previous one; rows are platform-level, like applications.
CREATE TABLE application_permissions (
  application_id  uuid NOT NULL REFERENCES applications (id),
  name            text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}/[a-z][a-z0-9_]{0,49}:[a-z][a-z0-9_]{0,49}$'),
  description     text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 300),
  category        text NOT NULL CHECK (length(btrim(category)) BETWEEN 1 AND 60),
  minimum_role    text NOT NULL CHECK (minimum_role IN ('viewer', 'member', 'admin')),
  position        integer NOT NULL,
  PRIMARY KEY (name)
);
CREATE INDEX application_permissions_application_id_idx ON application_permissions (application_id, position);

CREATE TABLE application_resource_types (
  application_id  uuid NOT NULL REFERENCES applications (id),
  type            text NOT NULL CHECK (type ~ '^[a-z0-9][a-z0-9-]{1,62}/[a-z][a-z0-9_]{0,49}$'),
  description     text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 300),
  position        integer NOT NULL,
  PRIMARY KEY (type)
);
CREATE INDEX application_resource_types_application_id_idx ON application_resource_types (application_id, position);

CREATE TABLE application_audit_actions (
  application_id  uuid NOT NULL REFERENCES applications (id),
  action          text NOT NULL CHECK (action ~ '^[a-z0-9][a-z0-9-]{1,62}/[a-z][a-z0-9_]{0,49}\.[a-z][a-z0-9_]{0,49}$'),
  description     text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 300),
  position        integer NOT NULL,
  PRIMARY KEY (action)
);
CREATE INDEX application_audit_actions_application_id_idx ON application_audit_actions (application_id, position);
