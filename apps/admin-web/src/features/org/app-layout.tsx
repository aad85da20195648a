import { AppShell, Avatar, Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Outlet, useNavigate } from "@tanstack/react-router";
import { client, queryClient, trpc } from "../../lib/api.ts";
import { appRoute } from "../../routes/router.tsx";
import { OrgSwitcher } from "./org-switcher.tsx";

export function AppLayout() {
  const { user } = appRoute.useRouteContext();
  const { data: orgs = [] } = useQuery(trpc.org.list.queryOptions());
  const navigate = useNavigate();

  async function signOut() {
    await client.auth.logout.mutate();
    queryClient.clear();
    await navigate({ to: "/login", search: { redirect: undefined } });
  }

  return (
    <AppShell header={{ height: 60 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Group gap="lg">
            <Text fw={700} size="lg" c="atrium.7">
              Atrium
            </Text>
            <OrgSwitcher orgs={orgs} />
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={`Account menu for ${user.name}`}>
                <Group gap="xs">
                  <Avatar name={user.name} color="initials" size="sm" />
                  <div>
                    <Text size="sm" fw={500}>{user.name}</Text>
                    <Text size="xs" c="dimmed">{user.email}</Text>
                  </div>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={signOut}>Sign out</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
