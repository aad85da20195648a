-- Identity adoption for health scores, now that SSO and SCIM exist: SSO is
-- enforced for the organization, and SCIM is connected when the organization
-- holds a live (unrevoked, unexpired) SCIM token.
CREATE OR REPLACE VIEW org_identity_adoption AS
  SELECT o.id AS organization_id,
         COALESCE(e.enforced, false) AS sso_enforced,
         EXISTS (
           SELECT 1 FROM scim_tokens t
            WHERE t.organization_id = o.id
              AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now())
         ) AS scim_connected
    FROM organizations o
    LEFT JOIN sso_enforcement e ON e.organization_id = o.id;
