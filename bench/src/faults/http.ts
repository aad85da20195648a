/** Calls into the API as the SPA does (tRPC over HTTP with a session cookie), classifying each answer. */
export interface Answer {
  status: number;
  /** 2xx, or 4xx/5xx with a JSON body carrying no stack trace or HTML. */
  clean: boolean;
  body: string;
  /** The tRPC result's data, on success. */
  data?: unknown;
}

const STACK = /\n\s+at [^\n]+:\d+:\d+|<html|<!DOCTYPE/i;

export async function classify(response: Response): Promise<Answer> {
  const body = await response.text();
  const json = (response.headers.get("content-type") ?? "").includes("application/json");
  const clean = response.ok || (json && !STACK.test(body));
  let data: unknown;
  if (response.ok && json) data = (JSON.parse(body) as { result?: { data?: { json?: unknown } } }).result?.data?.json;
  return { status: response.status, clean, body, data };
}

export class TrpcClient {
  /** `origin`: the public URL the API expects in Origin (CSRF check); defaults to `apiUrl`. */
  constructor(
    readonly apiUrl: string,
    private cookie = "",
    readonly origin = apiUrl,
    private readonly bearer = "",
  ) {}

  private headers(): Record<string, string> {
    return { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}) };
  }

  /** The same caller against another API instance. */
  on(apiUrl: string) {
    return new TrpcClient(apiUrl, this.cookie, this.origin, this.bearer);
  }

  /** A client that authenticates with a bearer token (API key) instead of a session. */
  withBearer(token: string) {
    return new TrpcClient(this.apiUrl, "", this.origin, token);
  }

  async signIn(email: string, password: string) {
    const response = await fetch(`${this.apiUrl}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin },
      body: JSON.stringify({ json: { email, password } }),
    });
    if (response.status !== 200) throw new Error(`signing in as ${email} answered ${response.status}: ${await response.text()}`);
    const session = response.headers.getSetCookie().find((c) => c.startsWith("atrium_session="));
    if (!session) throw new Error(`signing in as ${email} set no session cookie`);
    this.cookie = session.split(";")[0]!;
    return this;
  }

  async query(procedure: string, input: unknown, timeoutMs = 60_000): Promise<Answer> {
    const url = `${this.apiUrl}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    return this.send(url, { headers: this.headers() }, timeoutMs);
  }

  async mutate(procedure: string, input: unknown, timeoutMs = 60_000): Promise<Answer> {
    return this.send(`${this.apiUrl}/trpc/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin, ...this.headers() },
      body: JSON.stringify({ json: input }),
    }, timeoutMs);
  }

  private async send(url: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
    try {
      return await classify(await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }));
    } catch (error) {
      // No answer at all (connection refused, or no answer within the timeout): never clean.
      return { status: 0, clean: false, body: (error as Error).message };
    }
  }
}

export async function getStatus(url: string, timeoutMs = 10_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
