import { LoginForm } from "@atrium/ui";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { client, queryClient } from "../../lib/api.ts";

const loginRoute = getRouteApi("/login");

export function LoginPage() {
  const navigate = useNavigate();
  const { redirect } = loginRoute.useSearch();
  return (
    <LoginForm
      title="Atrium Customer Success"
      subtitle="Sign in with your staff account."
      footer={{ label: "Tenant admin console", href: "/admin/" }}
      onSubmit={async (credentials) => {
        await client.auth.login.mutate(credentials);
        queryClient.clear();
        await navigate({ to: redirect ?? "/" });
      }}
    />
  );
}
