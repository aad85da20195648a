import { Alert, Anchor, AppShell, Button, Group, Stack, Text } from "@mantine/core";
import { getRouteApi, Link, Outlet, useNavigate } from "@tanstack/react-router";
import { client, queryClient } from "../../lib/api.ts";

const staffRoute = getRouteApi("/staff");

const ROLE_NAMES = { super_admin: "Super admin", csm: "Customer Success Manager", support: "Support", finance: "Finance", sales: "Sales" } as const;

const NAV = [
  { to: "/portfolio", label: "My customers" },
  { to: "/health-model", label: "Health model" },
  { to: "/renewals", label: "Renewals" },
  { to: "/tickets", label: "Tickets" },
  { to: "/contracts", label: "Contracts" },
  { to: "/invoices", label: "Invoices" },
  { to: "/invoices", label: "Overdue", search: { overdue: true } },
  { to: "/customers", label: "All organizations" },
  { to: "/applications", label: "Applications" },
] as const;

export function StaffLayout() {
  const { user } = staffRoute.useRouteContext();
  const navigate = useNavigate();
  async function signOut() {
    await client.auth.logout.mutate();
    queryClient.clear();
    await navigate({ to: "/login", search: {} });
  }
  return (
    <AppShell header={{ height: 60 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Group gap="lg">
            <Text fw={700} size="lg" c="atrium.7">Atrium · Customer Success</Text>
            {user.platformRole && (
              <Group gap="md" component="nav" aria-label="Portal">
                {NAV.map((item) => (
                  <Anchor key={item.label} size="sm" fw={500} renderRoot={(props) => <Link {...props} to={item.to} search={"search" in item ? item.search : {}} activeProps={{ "aria-current": "page", style: { textDecoration: "underline" } }} />}>
                    {item.label}
                  </Anchor>
                ))}
              </Group>
            )}
          </Group>
          <Group gap="md">
            <div>
              <Text size="sm" fw={500}>{user.name}</Text>
              <Text size="xs" c="dimmed">{user.platformRole ? ROLE_NAMES[user.platformRole] : user.email}</Text>
            </div>
            <Button variant="default" size="xs" onClick={signOut}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {user.platformRole ? (
          <Outlet />
        ) : (
          <Stack maw={560}>
            <Alert color="orange" title="This portal is for platform staff" role="alert">
              You are signed in as {user.email}, which is a customer account. Tenant administration lives in the admin console.
            </Alert>
            <Button component="a" href="/admin/" variant="light" w="fit-content">Open the admin console</Button>
          </Stack>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
