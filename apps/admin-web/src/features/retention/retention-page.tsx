import { PageHeader } from "@atrium/ui";
import { Loader, Stack } from "@mantine/core";
import { useMyAccess } from "../access/use-my-access.ts";
import { useOrgArchived } from "../org/use-org-archived.ts";
import { LegalHoldsCard } from "./legal-holds-card.tsx";
import { PoliciesCard } from "./policies-card.tsx";
import { getRouteApi } from "@tanstack/react-router";

const retentionRoute = getRouteApi("/app/orgs/$orgId/retention");

/** How long each kind of data is kept, and the legal holds that suspend deletion. */
export function RetentionPage() {
  const { orgId } = retentionRoute.useParams();
  const access = useMyAccess(orgId);
  const archived = useOrgArchived(orgId);

  return (
    <Stack gap="lg" maw={1000}>
      <PageHeader
        title="Retention"
        description="Data older than its retention period is deleted by a job that runs daily. Events covered by an active legal hold are never deleted, whatever their age."
      />
      {access.isPending && <Loader aria-label="Loading your access" />}
      {access.can("retention:read") && (
        <>
          <PoliciesCard orgId={orgId} canEdit={access.can("retention:update") && !archived} />
          <LegalHoldsCard
            orgId={orgId}
            canPlace={access.can("retention:place_hold") && !archived}
            canRelease={access.can("retention:release_hold") && !archived}
          />
        </>
      )}
    </Stack>
  );
}
