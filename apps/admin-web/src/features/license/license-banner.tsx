import { Alert, Anchor, Box, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { trpc } from "../../lib/api.ts";
import { useMyAccess } from "../access/use-my-access.ts";
import { licenseNotice } from "./notice.ts";

/**
 * Shown on every page of an organization with an installed licence that
 * needs attention: expiry within 30, 14 or 7 days, grace, the community tier
 * after it, or more members than licensed seats. People who cannot read
 * billing do not see it.
 */
export function LicenseBanner({ orgId }: { orgId: string }) {
  const access = useMyAccess(orgId);
  const status = useQuery({ ...trpc.licensing.installed.status.queryOptions({ orgId }), enabled: access.can("billing:read"), retry: false });
  const notice = status.data ? licenseNotice(status.data) : null;
  if (!notice) return null;
  return (
    <Box component="section" aria-label="Licence notice" mb="md">
      <Alert color={notice.color} variant="light" role="status" title={notice.title}>
        <Text size="sm">
          {notice.text}{" "}
          <Anchor size="sm" renderRoot={(props) => <Link {...props} to="/orgs/$orgId/license" params={{ orgId }} />}>See the licence</Anchor>
        </Text>
      </Alert>
    </Box>
  );
}
