import { PageHeader } from "@atrium/ui";
import { Loader, Stack } from "@mantine/core";
import { useMyAccess } from "../access/use-my-access.ts";
import { useOrgArchived } from "../org/use-org-archived.ts";
import { IpAllowlistCard } from "./ip-allowlist-card.tsx";
import { RateLimitCard } from "./rate-limit-card.tsx";
import { SessionPolicyCard } from "./session-policy-card.tsx";
import { MemberSecurityCard } from "../mfa/member-security-card.tsx";
import { MfaPolicyCard } from "../mfa/mfa-policy-card.tsx";
import { getRouteApi } from "@tanstack/react-router";

const securityRoute = getRouteApi("/app/orgs/$orgId/security");

/** Where requests to the organization may come from, and how fast its API keys may call. */
export function SecurityPage() {
  const { orgId } = securityRoute.useParams();
  const access = useMyAccess(orgId);
  const archived = useOrgArchived(orgId);

  return (
    <Stack gap="lg" maw={900}>
      <PageHeader
        title="Security"
        description="Network restrictions, the API rate limit, two-factor authentication, how long sessions last and members' sessions."
      />
      {access.isPending && <Loader aria-label="Loading your access" />}
      {access.can("ip_allowlist:read") && (
        <IpAllowlistCard orgId={orgId} canEdit={access.can("ip_allowlist:update") && !archived} />
      )}
      {access.can("rate_limits:read") && <RateLimitCard orgId={orgId} canEdit={access.can("rate_limits:update") && !archived} />}
      {access.can("security:read") && <MfaPolicyCard orgId={orgId} canEdit={access.can("security:update_mfa_policy") && !archived} />}
      {access.can("security:read") && <SessionPolicyCard orgId={orgId} canEdit={access.can("security:update_session_policy") && !archived} />}
      {access.can("members:read") && (access.can("members:reset_mfa") || access.can("members:revoke_sessions")) && (
        <MemberSecurityCard orgId={orgId} canReset={access.can("members:reset_mfa")} canRevoke={access.can("members:revoke_sessions")} />
      )}
    </Stack>
  );
}
