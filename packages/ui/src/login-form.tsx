import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";
import { errorMessage } from "./api-client.ts";

export interface LoginFormProps {
  title: string;
  subtitle: string;
  /** Signs in and moves on; a rejection is shown to the user (see errorMessage). */
  onSubmit(credentials: { email: string; password: string }): Promise<void>;
  footer?: { label: string; href: string };
  /** Where "Forgot password?" leads (shown under the password when the app offers resets). */
  forgotPasswordHref?: string;
  /**
   * Home-realm discovery: where this e-mail signs in. When it names an SSO
   * sign-in, the form offers it (and, when the organization enforces SSO,
   * hides the password).
   */
  discover?(email: string): Promise<SsoRoute | null>;
}

export interface SsoRoute {
  organizationName: string;
  /** What the button names: "Okta", "Microsoft Entra ID (Azure AD)", or the connection's own name. */
  idpName: string;
  href: string;
  enforced: boolean;
}

const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** How long typing pauses before the e-mail's domain is looked up. */
const DISCOVER_AFTER_MS = 400;

/**
 * The sign-in card both SPAs show; the error is announced to screen readers. E-mail first: once
 * the address is typed (or the field is left), its domain is looked up, and an organization that
 * signs its people in with an IdP is offered as "Continue with <IdP>" above the password (which
 * disappears when the organization enforces SSO).
 */
export function LoginForm({ title, subtitle, onSubmit, footer, forgotPasswordHref, discover }: LoginFormProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [sso, setSso] = useState<{ email: string; route: SsoRoute | null } | null>(null);
  const route = sso?.email === email ? sso.route : null;

  async function lookUp(): Promise<SsoRoute | null> {
    if (!discover || !LOOKS_LIKE_EMAIL.test(email)) return null;
    if (sso?.email === email) return sso.route;
    const found = await discover(email).catch(() => null);
    setSso({ email, route: found });
    return found;
  }

  useEffect(() => {
    if (!discover || !LOOKS_LIKE_EMAIL.test(email) || sso?.email === email) return;
    const timer = setTimeout(() => void lookUp(), DISCOVER_AFTER_MS);
    return () => clearTimeout(timer);
    // lookUp reads the same email and sso; re-run only when they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [email, sso]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const found = await lookUp();
      if (found && (found.enforced || !password)) {
        window.location.assign(found.href);
        return;
      }
      await onSubmit({ email, password });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w={400} radius="lg">
        <form onSubmit={submit} aria-label={title}>
          <Stack>
            <div>
              <Title order={1} size="h2">{title}</Title>
              <Text c="dimmed" size="sm">{subtitle}</Text>
            </div>
            {error && (
              <Alert color="red" role="alert" title="Sign-in failed">
                {error}
              </Alert>
            )}
            <TextInput label="Work e-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} onBlur={() => void lookUp()} />
            {route && (
              <Alert color="blue" title="Single sign-on" role="status">
                {route.organizationName} signs you in with {route.idpName}{route.enforced ? "." : "; you can also use your password."}
              </Alert>
            )}
            {route && (
              <Button component="a" href={route.href} fullWidth>
                Continue with {route.idpName}
              </Button>
            )}
            {!route?.enforced && (
              <PasswordInput label="Password" autoComplete="current-password" required={!route} value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            )}
            {!route?.enforced && forgotPasswordHref && (
              <Anchor href={forgotPasswordHref} size="sm" ta="right" mt={-8}>
                Forgot password?
              </Anchor>
            )}
            {!route?.enforced && (
              <Button type="submit" loading={pending} fullWidth variant={route ? "default" : "filled"}>
                Sign in
              </Button>
            )}
            {footer && (
              <Anchor href={footer.href} size="sm" ta="center">
                {footer.label}
              </Anchor>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
