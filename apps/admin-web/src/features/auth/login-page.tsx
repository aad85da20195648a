import { LoginForm } from "@atrium/ui";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { client, queryClient } from "../../lib/api.ts";
import { MfaLoginStep, type MfaChallenge } from "../mfa/login-step.tsx";

const loginRoute = getRouteApi("/login");

export function LoginPage() {
  const navigate = useNavigate();
  const { redirect, return_to: returnTo } = loginRoute.useSearch();
  const [mfa, setMfa] = useState<MfaChallenge | null>(null);
  const enter = async () => {
    queryClient.clear();
    // Signing in to an application through Atrium's OpenID Provider: back to its interaction, a full page load.
    if (returnTo) return window.location.assign(returnTo);
    await navigate({ to: redirect ?? "/" });
  };
  if (mfa) return <MfaLoginStep step={mfa} onSignedIn={enter} onCancel={() => setMfa(null)} />;
  return (
    <LoginForm
      title="Sign in to Atrium"
      subtitle="Manage your organization, members, SSO and audit log."
      footer={{ label: "Customer Success portal", href: "/csm/" }}
      forgotPasswordHref="/admin/forgot-password"
      discover={async (email) => {
        const realm = await client.sso.discover.mutate({ email });
        return realm.method === "sso" ? { organizationName: realm.organizationName, idpName: realm.idpName, href: returnTo ? `${realm.loginUrl}${realm.loginUrl.includes("?") ? "&" : "?"}return_to=${encodeURIComponent(returnTo)}` : realm.loginUrl, enforced: realm.enforced } : null;
      }}
      onSubmit={async (credentials) => {
        const result = await client.auth.login.mutate(credentials);
        if (result.mfa) return setMfa(result.mfa);
        await enter();
      }}
    />
  );
}
