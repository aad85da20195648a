import { LoginForm } from "@atrium/ui";
import { useNavigate } from "@tanstack/react-router";
import { client, queryClient } from "../../lib/api.ts";
import { loginRoute } from "../../routes/router.tsx";

export function LoginPage() {
  const navigate = useNavigate();
  const { redirect } = loginRoute.useSearch();
  return (
    <LoginForm
      title="Sign in to Atrium"
      subtitle="Manage your organization, members, SSO and audit log."
      footer={{ label: "Customer Success portal", href: "/csm/" }}
      discover={async (email) => {
        const realm = await client.sso.discover.mutate({ email });
        return realm.method === "sso" ? { organizationName: realm.organizationName, href: realm.loginUrl, enforced: realm.enforced } : null;
      }}
      onSubmit={async (credentials) => {
        await client.auth.login.mutate(credentials);
        queryClient.clear();
        await navigate({ to: redirect ?? "/" });
      }}
    />
  );
}
