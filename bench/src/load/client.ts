/** A signed-in admin speaking tRPC (superjson envelope, as the SPA does) and REST to the API. */
import { signIn } from "../trpc-session.ts";

export interface Reply {
  status: number;
  body: unknown;
}

export class AdminClient {
  private constructor(
    readonly apiUrl: string,
    readonly email: string,
    private readonly cookie: string,
  ) {}

  static async signIn(apiUrl: string, email: string, password: string): Promise<AdminClient> {
    return new AdminClient(apiUrl, email, await signIn(apiUrl, email, password));
  }

  async query(procedure: string, input: unknown): Promise<Reply> {
    const url = `${this.apiUrl}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    return this.read(await fetch(url, { headers: { cookie: this.cookie } }));
  }

  async mutate(procedure: string, input: unknown): Promise<Reply> {
    const response = await fetch(`${this.apiUrl}/trpc/${procedure}`, {
      method: "POST",
      headers: { cookie: this.cookie, origin: this.apiUrl, "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    });
    return this.read(response);
  }

  /** A REST download, read to the end (its size is the body). */
  async download(path: string): Promise<Reply> {
    const response = await fetch(`${this.apiUrl}${path}`, { headers: { cookie: this.cookie } });
    const bytes = (await response.arrayBuffer()).byteLength;
    return { status: response.status, body: bytes };
  }

  private async read(response: Response): Promise<Reply> {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = (JSON.parse(text) as { result?: { data?: { json?: unknown } } }).result?.data?.json ?? JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  }
}

/** SCIM over HTTP with a bearer token. */
export async function scimCall(apiUrl: string, token: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${apiUrl}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/scim+json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
