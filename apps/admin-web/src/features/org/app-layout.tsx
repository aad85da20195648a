import { AppShell, Avatar, Box, Burger, Group, Menu, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, Outlet, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { client, queryClient, trpc } from "../../lib/api.ts";
import { LicenseBanner } from "../license/license-banner.tsx";
import { PaymentIssueBanner } from "../billing/payment-issue-banner.tsx";
import { ImpersonationBanner } from "../support/impersonation-banner.tsx";
import { AppNavbar } from "./app-navbar.tsx";
import { OrgSwitcher } from "./org-switcher.tsx";
import { OrgTheme } from "./org-theme.tsx";
import { ShellBrand } from "./shell-brand.tsx";
import { useContextOrg } from "./use-context-org.ts";

const appRoute = getRouteApi("/app");

export function AppLayout() {
  const { user } = appRoute.useRouteContext();
  const { data: orgs = [] } = useQuery(trpc.org.list.queryOptions());
  const navigate = useNavigate();
  const orgId = useContextOrg(orgs);
  const [navOpened, setNavOpened] = useState(false);

  async function signOut() {
    await client.auth.logout.mutate();
    queryClient.clear();
    await navigate({ to: "/login", search: { redirect: undefined } });
  }

  return (
    <OrgTheme orgId={orgId}>
      <AppShell
        header={{ height: 60 }}
        navbar={orgId ? { width: 220, breakpoint: "sm", collapsed: { mobile: !navOpened } } : undefined}
        padding="lg"
      >
        <AppShell.Header>
          <Group h="100%" px={{ base: "sm", sm: "lg" }} justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap">
              {orgId && (
                <Burger
                  opened={navOpened}
                  onClick={() => setNavOpened((o) => !o)}
                  hiddenFrom="sm"
                  size="sm"
                  aria-label={navOpened ? "Close navigation" : "Open navigation"}
                />
              )}
              <ShellBrand orgId={orgId} />
              <OrgSwitcher orgs={orgs} value={orgId} />
            </Group>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton>
                  <VisuallyHidden>Account menu: </VisuallyHidden>
                  <Group gap="xs" wrap="nowrap">
                    <Avatar name={user.name} color="initials" size="sm" aria-hidden />
                    <Box visibleFrom="sm">
                      <Text size="sm" fw={500}>{user.name}</Text>
                      <Text size="xs" c="dimmed">{user.email}</Text>
                    </Box>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => void navigate({ to: "/account/mfa" })}>Two-factor authentication</Menu.Item>
                <Menu.Item onClick={() => void navigate({ to: "/account/sessions" })}>Sessions</Menu.Item>
                <Menu.Item onClick={() => void navigate({ to: "/device" })}>Connect a device</Menu.Item>
                <Menu.Divider />
                <Menu.Item onClick={signOut}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </AppShell.Header>
        {orgId && (
          <AppShell.Navbar p="sm" aria-label="Organization sections">
            <AppNavbar orgId={orgId} onNavigate={() => setNavOpened(false)} />
          </AppShell.Navbar>
        )}
        <AppShell.Main>
          <ImpersonationBanner />
          {orgId && <LicenseBanner orgId={orgId} />}
          {orgId && <PaymentIssueBanner orgId={orgId} />}
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </OrgTheme>
  );
}
