import { errorMessage, PageHeader } from "@atrium/ui";
import { Alert, Loader, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { BrandingSection } from "./branding-section.tsx";
import { GeneralSection } from "./general-section.tsx";
import { InheritanceSection } from "./inheritance-section.tsx";
import { getRouteApi } from "@tanstack/react-router";

const settingsRoute = getRouteApi("/app/orgs/$orgId/settings");

/** The organization's name and region, its branding, and whether its roles reach child organizations. */
export function SettingsPage() {
  const { orgId } = settingsRoute.useParams();
  const settings = useQuery(trpc.org.settings.queryOptions({ orgId }));

  if (settings.isPending) return <Loader aria-label="Loading settings" />;
  if (settings.isError) return <Alert color="red" role="alert" title="Could not load the settings">{errorMessage(settings.error)}</Alert>;

  return (
    <Stack gap="lg" maw={760}>
      <PageHeader title="Settings" description={`How ${settings.data.name} is named and branded, and how its roles reach child organizations.`} />
      <GeneralSection key={`general-${orgId}`} orgId={orgId} settings={settings.data} />
      <BrandingSection key={`branding-${orgId}`} orgId={orgId} settings={settings.data} />
      <InheritanceSection orgId={orgId} settings={settings.data} />
    </Stack>
  );
}
