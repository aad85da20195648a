-- Session policy per organization (no row, or a null column: the platform default applies).
-- idle_timeout_minutes: a session unused this long ends; max_lifetime_hours: a session this old ends
-- however much it is used. A person's sessions follow the strictest policy among the organizations
-- they are a member of and those organizations' ancestors.
CREATE TABLE session_policies (
  organization_id       uuid PRIMARY KEY REFERENCES organizations (id),
  idle_timeout_minutes  integer CHECK (idle_timeout_minutes BETWEEN 5 AND 10080),
  max_lifetime_hours    integer CHECK (max_lifetime_hours BETWEEN 1 AND 720),
  updated_by            uuid REFERENCES users (id),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- Session lookups are cached per API instance: a changed policy is announced like any access change.
CREATE TRIGGER session_policies_notify_access_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON session_policies
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
