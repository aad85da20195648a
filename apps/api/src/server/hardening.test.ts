import { randomBytes } from "node:crypto";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiEnv } from "../env.ts";
import { buildServer } from "../server.ts";
import { SPA_CONTENT_SECURITY_POLICY } from "./security.ts";
import { createDemoTestDatabase } from "@atrium/core/seed/testing";

// A production-mode server (request logging on, HTTPS public URL) whose log lines we keep.
const { db, url: databaseUrl } = await createDemoTestDatabase();
const lines: string[] = [];
const env = loadApiEnv({
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl,
  PORT: "0",
  LOG_LEVEL: "info",
  ATRIUM_PUBLIC_URL: "https://atrium.example.test",
  ATRIUM_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});
const app = await buildServer({ db, env, logger: true, logStream: { write: (line) => void lines.push(line) } });
await app.listen({ host: "127.0.0.1", port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
afterAll(() => app.close());

const login = () =>
  fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: { email: "admin@acme.example", password: DEMO_PASSWORD } }),
  });

describe("hardening", () => {
  it("keeps passwords, session tokens, bearer tokens and URL secrets out of the logs", async () => {
    const response = await login();
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0]!;
    const sessionToken = cookie.split(";")[0]!.split("=")[1]!;
    expect(sessionToken.length).toBeGreaterThan(20);

    await fetch(`${base}/trpc/org.list`, { headers: { cookie: cookie.split(";")[0]! } });
    await fetch(`${base}/trpc/org.list`, { headers: { authorization: "Bearer atr_supersecretapikeyvalue0000" } });
    await fetch(`${base}/admin/invitations/accept?token=invitation-secret-token-123&x=1`);

    const log = lines.join("");
    expect(lines.length).toBeGreaterThan(4);
    expect(log).toContain("/admin/invitations/[redacted]?token=[redacted]&x=[redacted]"); // the path segment is an invitation token too
    for (const secret of [DEMO_PASSWORD, sessionToken, "atr_supersecretapikeyvalue0000", "invitation-secret-token-123"]) {
      expect(log, secret).not.toContain(secret);
    }
    // Each line is JSON with the request id, so one request's lines can be found.
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string });
    expect(parsed.filter((l) => l.reqId).length).toBeGreaterThan(4);
  });

  it("sets a host-only, Secure, HttpOnly, SameSite=Lax session cookie over HTTPS", async () => {
    const cookie = (await login()).headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^__Host-atrium_session=/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("serves the SPAs with a strict CSP and every response with HSTS and anti-framing headers", async () => {
    for (const path of ["/admin/", "/csm/customers"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-security-policy")).toBe(SPA_CONTENT_SECURITY_POLICY);
      expect(SPA_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(SPA_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
      // The built page has no inline script the policy would block.
      expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    const health = await fetch(`${base}/healthz`);
    expect(health.headers.get("strict-transport-security")).toMatch(/max-age=\d{8}/);
    expect(health.headers.get("x-frame-options")).toBe("DENY");
    expect(health.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses bodies over the limit with 413 and a clean error", async () => {
    const response = await fetch(`${base}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ json: { email: "a@b.c", password: "x".repeat(2 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
