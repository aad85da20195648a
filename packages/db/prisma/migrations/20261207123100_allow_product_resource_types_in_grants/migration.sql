-- Resource grants may name a product's resource type (`<application slug>/<type>`,
-- declared with PUT /v1/catalog) beside Atrium's own (`workspace`).
ALTER TABLE resource_grants DROP CONSTRAINT resource_grants_resource_type_check;
ALTER TABLE resource_grants ADD CONSTRAINT resource_grants_resource_type_check
  CHECK (resource_type ~ '^[a-z_]+$' OR resource_type ~ '^[a-z0-9][a-z0-9-]{1,62}/[a-z][a-z0-9_]{0,49}$');
