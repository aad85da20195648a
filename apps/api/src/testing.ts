/**
 * Test helpers: a real API server on an ephemeral port over the calling test
 * file's own database (seeded with the demo data), and tRPC clients that keep
 * cookies like a browser does.
 */
import { freePort } from "@atrium/db/embedded";
import { createSession } from "@atrium/core/auth";
import type { DemoData } from "@atrium/core/seed";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { createDemoTestDatabase } from "@atrium/core/seed/testing";
import type { Db } from "@atrium/db";
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll } from "vitest";
import { loadApiEnv } from "./env.ts";
import { sessionCookies } from "./server/session-cookie.ts";
import type { LocalStripe } from "./dev/billing-stripe-local.ts";
import type { AppRouter } from "./routers/index.ts";
import { buildServer, type ServerOptions } from "./server.ts";

export interface TestApi {
  url: string;
  db: Db;
  /** The test database's connection string (e.g. for a worker on the same database). */
  databaseUrl: string;
  demo: DemoData;
  app: FastifyInstance;
  /** The in-process Stripe-compatible server the test API bills through (null without billing). */
  readonly localStripe: LocalStripe | null;
  /** A client with its own cookie jar (a separate browser). */
  client(): TestClient;
  /** A client signed in as a demo user (password DEMO_PASSWORD). */
  signedIn(email: string): Promise<TestClient>;
  /**
   * Signs a browser context in as a user without the sign-in page: a session
   * made by core's session service, its cookie set on the context as the
   * server would set it. Unlike the sign-in form, it records no sign-in audit
   * event, sets no last-login time and skips MFA; tests of those sign in through the form.
   */
  signInBrowser(context: BrowserCookieJar, email: string): Promise<void>;
}

/** What `signInBrowser` needs of a browser context (playwright-core's BrowserContext fits). */
export interface BrowserCookieJar {
  addCookies(cookies: { name: string; value: string; url: string; httpOnly: boolean; sameSite: "Lax" }[]): Promise<void>;
}

export interface TestClient {
  trpc: TRPCClient<AppRouter>;
  cookies: Map<string, string>;
  /** fetch against the server with this client's cookies and the server's Origin. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function startTestApi(options: Pick<ServerOptions, "sso" | "sessionCache"> = {}): Promise<TestApi> {
  return serveTestApi(await createDemoTestDatabase(), { sessionCache: false, ...options });
}

export type TestServerOptions = Pick<ServerOptions, "sso" | "sessionCache"> & {
  /**
   * The address the server says it is at (ATRIUM_PUBLIC_URL: OpenID Provider issuer, SSO
   * redirect URIs); its own by default. A second instance behind the first's address, as two
   * instances behind one load balancer, passes the first's.
   */
  publicUrl?: string;
};

/**
 * An API server over a database that holds the demo data, on a port of its own,
 * closed after the file's tests. startTestApi serves the file's own database;
 * testing-instances.ts serves a second instance on the same one.
 */
export async function serveTestApi(
  { db, url: databaseUrl, demo }: { db: Db; url: string; demo: DemoData },
  { publicUrl, ...options }: TestServerOptions = {},
): Promise<TestApi> {
  // The port is known before the server is built, so ATRIUM_PUBLIC_URL (SSO redirect URIs, ACS URLs) is real.
  const [app, port] = await listenOnFreePort((port) =>
    buildServer({ db, env: loadApiEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, PORT: String(port), ATRIUM_PUBLIC_URL: publicUrl ?? `http://127.0.0.1:${port}`, LOG_LEVEL: "error" }), logger: true, ...options }),
  );
  const url = `http://127.0.0.1:${port}`;
  afterAll(() => app.close());

  const client = (): TestClient => {
    const cookies = new Map<string, string>();
    const fetchWithCookies = async (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has("origin")) headers.set("origin", url);
      if (cookies.size) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
      const response = await fetch(input, { ...init, headers });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair, ...attributes] = cookie.split(";");
        const [name, value] = pair!.split("=") as [string, string];
        const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === "";
        if (expired) cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    };
    const trpc = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${url}/trpc`, transformer: superjson, fetch: fetchWithCookies })],
    });
    return { trpc, cookies, fetch: (path, init) => fetchWithCookies(`${url}${path}`, init) };
  };

  return {
    url,
    db,
    databaseUrl,
    demo,
    app,
    get localStripe() {
      return app.localStripe;
    },
    client,
    async signedIn(email) {
      const c = client();
      await c.trpc.auth.login.mutate({ email, password: DEMO_PASSWORD });
      return c;
    },
    async signInBrowser(context, email) {
      const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      const { token } = await createSession(db, user.id, { ip: "127.0.0.1", userAgent: "browser test" });
      await context.addCookies([{ name: sessionCookies(url).name, value: token, url, httpOnly: true, sameSite: "Lax" }]);
    },
  };
}


export interface CallError {
  status: number;
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

/** The error a tRPC call failed with; fails the test if the call succeeded or failed another way. */
export async function callError(call: Promise<unknown>): Promise<CallError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected the call to fail with a tRPC error, got ${String(error)}`);
  const data = error.data as { httpStatus: number; code: string; fieldErrors?: Record<string, string[]> };
  return { status: data.httpStatus, code: data.code, message: error.message, ...(data.fieldErrors ? { fieldErrors: data.fieldErrors } : {}) };
}

/**
 * Builds a server for a free port and starts it there. freePort's port can
 * still be taken before `listen` (another file picking the same number): the
 * server is then built again for another port, up to three times.
 */
export async function listenOnFreePort(build: (port: number) => Promise<FastifyInstance>): Promise<[FastifyInstance, number]> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const app = await build(port);
    try {
      await app.listen({ host: "127.0.0.1", port });
      return [app, port];
    } catch (error) {
      await app.close();
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 3) throw error;
    }
  }
}
