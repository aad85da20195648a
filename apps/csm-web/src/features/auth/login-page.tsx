import { errorMessage, LoginForm } from "@atrium/ui";
import { useNavigate } from "@tanstack/react-router";
import { client, queryClient, trpc } from "../../lib/api.ts";
import { loginRoute } from "../../routes/router.tsx";

export function LoginPage() {
  const navigate = useNavigate();
  const { redirect } = loginRoute.useSearch();
  return (
    <LoginForm
      title="Atrium Customer Success"
      subtitle="Sign in with your staff account."
      footer={{ label: "Tenant admin console", href: "/admin/" }}
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
