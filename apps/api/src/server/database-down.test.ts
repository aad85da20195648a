/**
 * With its database unreachable the API stays up, says it is not ready, and
 * answers requests that need the database with a clean, retryable 503.
 */
import { createDb } from "@atrium/db";
import { freePort } from "@atrium/db/embedded";
import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiEnv } from "../env.ts";
import { buildServer } from "../server.ts";

// Nothing listens on this port: every connection is refused, as when PostgreSQL is stopped.
const url = `postgresql://postgres:unused@127.0.0.1:${await freePort()}/atrium`;
const db = createDb(url, { maxConnections: 2, connectionTimeoutMs: 5000 });
const app: FastifyInstance = await buildServer({ db, env: loadApiEnv({ NODE_ENV: "test", DATABASE_URL: url, PORT: "0" }) });
afterAll(async () => {
  await app.close();
  await db.$disconnect();
});

describe("the database is unreachable", () => {
  it("/readyz answers 503 while /healthz still answers 200", async () => {
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect([ready.statusCode, ready.json()]).toEqual([503, { status: "unavailable", database: "unreachable" }]);
    const health = await app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
  });

  it("a tRPC call that needs the database answers 503 with Retry-After and no internals", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { orgId: "00000000-0000-4000-8000-000000000001" } }));
    const response = await app.inject({ method: "GET", url: `/trpc/org.get?input=${input}`, headers: { cookie: `atrium_session=${"a".repeat(32)}` } });
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    const body = response.json() as { error: { json: { message: string; data: { code: string; httpStatus: number } } } };
    expect(body.error.json.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
    expect(body.error.json.message).toBe("The service is briefly unavailable. Try again in a few seconds.");
    expect(response.body).not.toMatch(/127\.0\.0\.1|prisma|\bat \//i);
  });

  it("a mutation answers 503 too", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/trpc/auth.login",
      headers: { "content-type": "application/json", origin: "http://localhost:0" },
      payload: { json: { email: "admin@acme.example", password: "atrium-demo" } },
    });
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toMatch(/127\.0\.0\.1|prisma|\bat \//i);
  });

  it("the OpenID Provider answers 503 temporarily_unavailable (it starts once the database answers)", async () => {
    const response = await app.inject({ method: "GET", url: "/oidc/.well-known/openid-configuration" });
    expect([response.statusCode, response.headers["retry-after"], response.json()]).toEqual([
      503,
      "5",
      { error: "temporarily_unavailable", error_description: "The service is briefly unavailable. Try again in a few seconds." },
    ]);
  });
});
