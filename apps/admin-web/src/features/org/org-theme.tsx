import { MantineThemeProvider, type MantineThemeOverride } from "@mantine/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { trpc } from "../../lib/api.ts";
import { brandTheme, isBrandColor } from "../settings/brand.ts";
import { PrimaryColorVariables } from "./primary-color-variables.tsx";

const UNBRANDED: MantineThemeOverride = {};

/** The console in the current organization's brand colour (Atrium's own when it has none). */
export function OrgTheme({ orgId, children }: { orgId: string | undefined; children: ReactNode }) {
  const settings = useQuery(trpc.org.settings.queryOptions(orgId ? { orgId } : skipToken));
  const brand = settings.data?.brandColor;
  const branded = isBrandColor(brand) && brand !== "atrium" ? brand : null;
  const theme = useMemo(() => (branded ? brandTheme(branded) : UNBRANDED), [branded]);
  return (
    <MantineThemeProvider theme={theme}>
      {branded && <PrimaryColorVariables />}
      {children}
    </MantineThemeProvider>
  );
}
