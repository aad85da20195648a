import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { errorMessage } from "./api-client.ts";

export interface LoginFormProps {
  title: string;
  subtitle: string;
  /** Signs in and moves on; a rejection is shown to the user (see errorMessage). */
  onSubmit(credentials: { email: string; password: string }): Promise<void>;
  footer?: { label: string; href: string };
  /**
   * Home-realm discovery: where this e-mail signs in. When it names an SSO
   * sign-in, the form offers it (and, when the organization enforces SSO,
   * hides the password).
   */
  discover?(email: string): Promise<SsoRoute | null>;
}

export interface SsoRoute {
  organizationName: string;
  href: string;
  enforced: boolean;
}

/** The sign-in card both SPAs show; the error is announced to screen readers. */
export function LoginForm({ title, subtitle, onSubmit, footer, discover }: LoginFormProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [sso, setSso] = useState<{ email: string; route: SsoRoute | null } | null>(null);
  const route = sso?.email === email ? sso.route : null;

  async function lookUp(): Promise<SsoRoute | null> {
    if (!discover || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return null;
    if (sso?.email === email) return sso.route;
    const found = await discover(email).catch(() => null);
    setSso({ email, route: found });
    return found;
  }

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
              <Alert color="blue" title="Single sign-on">
                {route.organizationName} signs you in with its identity provider{route.enforced ? "." : "; you can also use your password."}
              </Alert>
            )}
            {!route?.enforced && (
              <PasswordInput label="Password" autoComplete="current-password" required={!route} value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            )}
            {route && (
              <Button component="a" href={route.href} variant={route.enforced ? "filled" : "light"} fullWidth>
                Continue with SSO
              </Button>
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
