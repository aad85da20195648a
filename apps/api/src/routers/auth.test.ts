import { LOGIN_THROTTLE } from "@atrium/core/auth";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();

describe("auth over HTTP", () => {
  it("signs in with an httpOnly SameSite cookie and returns the user", async () => {
    const c = api.client();
    const response = await c.fetch("/trpc/auth.login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "admin@acme.example", password: DEMO_PASSWORD } }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^atrium_session=[a-z2-7]{32};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect((await c.trpc.auth.me.query()).user.email).toBe("admin@acme.example");
  });

  it("answers a wrong password with 401 and a generic message", async () => {
    const error = await callError(api.client().trpc.auth.login.mutate({ email: "lee.chen@acme.example", password: "wrong-password" }));
    expect(error.status).toBe(401);
    expect(error.message).toBe("Invalid e-mail or password.");
  });

  it("answers wrong types with 400 and the field errors", async () => {
    const error = await callError(
      api.client().trpc.auth.login.mutate({ email: "not-an-email", password: 42 as unknown as string }),
    );
    expect(error.status).toBe(400);
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["email", "password"]);
  });

  it("answers malformed JSON with 400 and no stack trace", async () => {
    const response = await api.client().fetch("/trpc/auth.login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"json": {"email": ',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("answers 429 with Retry-After once an account has too many failures", async () => {
    const c = api.client();
    for (let i = 0; i < LOGIN_THROTTLE.email.maxFailures; i++) {
      await callError(c.trpc.auth.login.mutate({ email: "noah.roy@acme.example", password: `wrong-${i}-password` }));
    }
    const response = await c.fetch("/trpc/auth.login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "noah.roy@acme.example", password: DEMO_PASSWORD } }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(60);
  });

  it("answers 401 without a session and after logout", async () => {
    const c = await api.signedIn("sam.patel@acme.example");
    await c.trpc.auth.logout.mutate();
    expect((await callError(c.trpc.auth.me.query())).status).toBe(401);
    expect((await callError(api.client().trpc.org.list.query())).status).toBe(401);
  });

  it("refuses a state-changing request from another origin", async () => {
    const c = await api.signedIn("admin@acme.example");
    const response = await c.fetch("/trpc/auth.logout", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(403);
    expect((await c.trpc.auth.me.query()).user.email).toBe("admin@acme.example");
  });
});
