import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { errorMessage } from "./api-client.ts";

export interface LoginFormProps {
  title: string;
  subtitle: string;
  /** Signs in and moves on; a rejection is shown to the user (see errorMessage). */
  onSubmit(credentials: { email: string; password: string }): Promise<void>;
  footer?: { label: string; href: string };
}

/** The sign-in card both SPAs show; the error is announced to screen readers. */
export function LoginForm({ title, subtitle, onSubmit, footer }: LoginFormProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
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
            <TextInput label="Work e-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            <Button type="submit" loading={pending} fullWidth>
              Sign in
            </Button>
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
