/**
 * Taking an SSO connection live: only after a passing test, or with the connection's name typed
 * as confirmation, recorded in the audit log as a go-live without a passing test.
 */
import { sandboxKeys } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { callError, startTestApi } from "../testing.ts";

const api = await startTestApi();
const globex = api.demo.organizations["globex"]!;
const owner = await api.signedIn("it@globex.example");
const REFUSAL = "Run a passing test of this connection first, or type its name to take it live without one.";

async function connection(name: string) {
  const { id } = await owner.trpc.sso.connections.create.mutate({
    orgId: globex,
    name,
    provider: "okta",
    protocol: "saml",
    saml: { idpEntityId: "https://idp.golive.example/saml", idpSsoUrl: "https://idp.golive.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false },
  });
  return id;
}

/** A "Test connection" run's outcome, as the test sign-in records it. */
const recordTest = (connectionId: string, ok: boolean, minutesAgo = 0) =>
  api.db.ssoTestResult.create({
    data: { organizationId: globex, connectionId, ok, error: ok ? null : "Signature check failed", createdAt: new Date(Date.now() - minutesAgo * 60_000) },
    select: { id: true },
  });

const statusOf = async (connectionId: string) => (await api.db.ssoConnection.findUniqueOrThrow({ where: { id: connectionId }, select: { status: true } })).status;
const goLiveAudits = (connectionId: string) =>
  api.db.auditEvent.findMany({ where: { action: "sso.connection_update", resourceId: connectionId }, select: { details: true } });

describe("going live", () => {
  it("is refused (409) without any test, with only a failed one, or with a wrongly typed name; nothing changes", async () => {
    const id = await connection("Untested IdP");
    const refused = await callError(owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "live" }));
    expect([refused.status, refused.message]).toEqual([409, REFUSAL]);

    await recordTest(id, false);
    expect((await callError(owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "live" }))).status).toBe(409);
    expect((await callError(owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "live", confirmName: "Untested" }))).status).toBe(409);

    expect(await statusOf(id)).toBe("test");
    expect(await goLiveAudits(id)).toEqual([]);
  });

  it("is allowed without a passing test when the name is typed, and audited as such", async () => {
    const id = await connection("Typed IdP");
    await owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "live", confirmName: " Typed IdP " });
    expect(await statusOf(id)).toBe("live");
    expect(await goLiveAudits(id)).toEqual([{ details: { status: { before: "test", after: "live" }, withoutPassingTest: true } }]);
  });

  it("needs no confirmation once the latest test passed", async () => {
    const id = await connection("Tested IdP");
    await recordTest(id, false, 10);
    await recordTest(id, true, 5);
    await owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "live" });
    expect(await statusOf(id)).toBe("live");
    expect(await goLiveAudits(id)).toEqual([{ details: { status: { before: "test", after: "live" } } }]);
  });

  it("asks again when the latest test failed after an earlier pass", async () => {
    const id = await connection("Broken since IdP");
    await recordTest(id, true, 10);
    await recordTest(id, false, 5);
    expect((await callError(owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "live" }))).status).toBe(409);
  });

  it("lets a live connection go back to test mode without confirmation", async () => {
    const id = await connection("Back to test IdP");
    await recordTest(id, true);
    await owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "live" });
    await owner.trpc.sso.connections.setStatus.mutate({ orgId: globex, connectionId: id, status: "test" });
    expect(await statusOf(id)).toBe("test");
  });
});

