-- Announces every committed change that can alter who a session belongs to or what a person may do in
-- an organization, on the channel `atrium_access_changed` (payload: the table's name). API instances
-- cache session and access lookups in process and drop them when this arrives (packages/core
-- src/invalidation). NOTIFY is transactional: it is delivered at commit, never for a rolled-back change,
-- and a transaction's identical notifications are delivered once. Statement-level triggers, so a bulk
-- change announces itself once.

CREATE FUNCTION notify_access_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('atrium_access_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

-- Sessions: revocation, sign-out, expiry sweeps, a changed expiry and a second factor passed. Not the
-- last-seen time written while a session is used (the caches keep it up to date themselves).
CREATE TRIGGER sessions_notify_access_changed
  AFTER INSERT OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER sessions_notify_access_updated
  AFTER UPDATE OF id, user_id, expires_at, mfa_verified_at ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();

-- People: deactivation (SCIM, admins), platform role, name and e-mail shown as the actor. Not sign-in times.
CREATE TRIGGER users_notify_access_changed
  AFTER DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER users_notify_access_updated
  AFTER UPDATE OF id, email, name, platform_role, status ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();

-- Organizations: identity, place in the hierarchy, plan, archive and deletion, role inheritance.
CREATE TRIGGER organizations_notify_access_changed
  AFTER INSERT OR DELETE OR TRUNCATE ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER organizations_notify_access_updated
  AFTER UPDATE OF id, parent_id, path, name, slug, plan, archived_at, deleted_at, inherit_roles_to_children ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();

-- Everything else the access lookup reads, whatever changes in it.
CREATE TRIGGER memberships_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER roles_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER groups_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER group_members_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_members
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER feature_overrides_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON feature_overrides
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER ip_allowlist_entries_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ip_allowlist_entries
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER applications_notify_access_changed
  AFTER INSERT OR DELETE OR TRUNCATE ON applications
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER applications_notify_access_updated
  AFTER UPDATE OF id, archived_at ON applications
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER application_permissions_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON application_permissions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
