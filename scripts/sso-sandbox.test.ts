/** The sandbox IdP `npm start` runs: development only, wired to Globex, and it follows its own port. */
import { createDemoTestDatabase } from "@atrium/core/seed/testing";
import { startSandboxIdp } from "@atrium/sso-sandbox";
import { describe, expect, it } from "vitest";
import { startAndWireSandbox } from "./sso-sandbox.ts";

describe("sandbox IdP", () => {
  it("refuses to start in production", async () => {
    await expect(startSandboxIdp({ port: 0, nodeEnv: "production" })).rejects.toThrow(/development only/);
  });

  it("wires Globex: a verified demo domain and a SAML connection in test mode, updated when the port changes", async () => {
    const { db, demo } = await createDemoTestDatabase();
    const first = await startAndWireSandbox(db, { port: 0, nodeEnv: "development" });
    await first!.sandbox.close();
    const second = await startAndWireSandbox(db, { port: 0, nodeEnv: "development" });
    await second!.sandbox.close();
    expect(second!.connectionId).toBe(first!.connectionId);
    const connection = await db.ssoConnection.findUniqueOrThrow({ where: { id: first!.connectionId }, select: { organizationId: true, status: true, idpEntityId: true, signAuthnRequests: true } });
    // The sandbox wants signed AuthnRequests (and encrypts assertions): the connection signs them.
    expect(connection).toEqual({ organizationId: demo.organizations["globex"], status: "test", idpEntityId: `${second!.sandbox.url}/saml/metadata`, signAuthnRequests: true });
    expect(await db.ssoSpCertificate.count({ where: { connectionId: first!.connectionId, status: "active" } })).toBe(1);
    expect(await db.ssoDomain.count({ where: { organizationId: demo.organizations["globex"]!, domain: "globex.example", verifiedAt: { not: null } } })).toBe(1);
  });
});
