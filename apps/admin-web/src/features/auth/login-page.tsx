import { errorMessage, LoginForm } from "@atrium/ui";
import { useNavigate } from "@tanstack/react-router";
import { queryClient, trpc, client } from "../../lib/api.ts";
import { loginRoute } from "../../routes/router.tsx";

export function LoginPage() {
  const navigate = useNavigate();
  const { redirect } = loginRoute.useSearch();
  return (
    <LoginForm
      title="Sign in to Atrium"
      subtitle="Manage your organization, members, SSO and audit log."
      footer={{ label: "Customer Success portal", href: "/csm/" }}
      onSubmit={async (credentials) => {
        try {
          await client.auth.login.mutate(credentials);
        } catch (error) {
          throw new Error(errorMessage(error), { cause: error });
        }
        queryClient.clear();
        await queryClient.prefetchQuery(trpc.auth.me.queryOptions());
        await navigate({ to: redirect ?? "/" });
      }}
    />
  );
}
