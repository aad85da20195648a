/** Signs in through the API like the admin SPA does and returns the session cookie to send. */
export async function signIn(apiUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${apiUrl}/trpc/auth.login`, {
    method: "POST",
    // The CSRF check wants a same-origin Origin on state-changing requests.
    headers: { "content-type": "application/json", origin: apiUrl },
    body: JSON.stringify({ json: { email, password } }),
  });
  if (response.status !== 200) {
    throw new Error(`signing in as ${email} answered ${response.status}: ${await response.text()}`);
  }
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("atrium_session="));
  if (!session) throw new Error(`signing in as ${email} set no atrium_session cookie`);
  return session.split(";")[0]!;
}

/** The URL of a tRPC query over GET (superjson-encoded input). */
export function trpcQueryUrl(apiUrl: string, procedure: string, input: unknown): string {
  return `${apiUrl}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}
