import { Text } from "@mantine/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../../lib/api.ts";

/** The header's mark: the organization's logo when it has one (and it loads), Atrium's name otherwise. */
export function ShellBrand({ orgId }: { orgId: string | undefined }) {
  const settings = useQuery(trpc.org.settings.queryOptions(orgId ? { orgId } : skipToken));
  const [failed, setFailed] = useState<string | null>(null);
  const logoUrl = settings.data?.logoUrl ?? null;
  if (logoUrl && failed !== logoUrl) {
    return (
      <img
        src={logoUrl}
        alt={`${settings.data?.name ?? "Organization"} logo`}
        style={{ height: 32, maxWidth: 160, objectFit: "contain", display: "block" }}
        referrerPolicy="no-referrer"
        onError={() => setFailed(logoUrl)}
      />
    );
  }
  return (
    <Text fw={700} size="lg" c="var(--mantine-primary-color-7)" visibleFrom="xs">
      Atrium
    </Text>
  );
}
