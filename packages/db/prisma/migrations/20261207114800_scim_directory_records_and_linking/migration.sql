-- SCIM users are directory records kept as the identity provider sent them;
-- linking a record to an Atrium account is a separate step. A record may stay
-- unlinked (no usable address, an address outside the organization's verified
-- domains, or an account already linked to another record): the admin sees
-- why (link_issue, link_address) and resolves it on the SCIM page.
ALTER TABLE scim_users ALTER COLUMN user_id DROP NOT NULL;
-- Deleting an account keeps the directory record, unlinked.
ALTER TABLE scim_users DROP CONSTRAINT scim_users_user_id_fkey;
ALTER TABLE scim_users ADD CONSTRAINT scim_users_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE scim_users
  ADD COLUMN display_name      text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
  ADD COLUMN link_issue        text CHECK (link_issue IN ('no_address', 'outside_verified_domains', 'account_taken')),
  ADD COLUMN link_address      citext CHECK (length(link_address) <= 320),
  ADD COLUMN link_dismissed_at timestamptz,
  ADD CONSTRAINT scim_users_link_issue_only_unlinked CHECK (link_issue IS NULL OR user_id IS NULL);
UPDATE scim_users su SET display_name = left(u.name, 200) FROM users u WHERE u.id = su.user_id;
CREATE INDEX scim_users_organization_id_unlinked_idx ON scim_users (organization_id) WHERE user_id IS NULL;

-- Directory group membership, of linked and unlinked records alike. group_members
-- holds the same membership for linked records' accounts (grants and roles read it).
CREATE TABLE scim_group_members (
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  group_id         uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  scim_user_id     uuid NOT NULL REFERENCES scim_users (id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, scim_user_id)
);
CREATE INDEX scim_group_members_scim_user_id_idx ON scim_group_members (scim_user_id);
INSERT INTO scim_group_members (organization_id, group_id, scim_user_id, created_at)
  SELECT g.organization_id, gm.group_id, su.id, gm.created_at
    FROM group_members gm
    JOIN groups g ON g.id = gm.group_id AND g.source = 'scim'
    JOIN scim_users su ON su.organization_id = g.organization_id AND su.user_id = gm.user_id;
