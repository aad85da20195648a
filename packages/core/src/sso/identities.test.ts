import { createTestDatabase } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { loadConnection } from "./connection-record.ts";
import { TRANSIENT_NAMEID } from "./identities.ts";
import { completeSsoLogin, SsoLoginError } from "./sign-in.ts";

const { db } = await createTestDatabase();
const org = await db.organization.create({ data: { name: "Links", slug: "sso-links", plan: "enterprise" }, select: { id: true } });
await db.ssoDomain.create({ data: { organizationId: org.id, domain: "links.example", token: "t", verifiedAt: new Date() } });
const mapping = { email: "email", name: "name" };
const connection = async (protocol: "saml" | "oidc") =>
  loadConnection(
    db,
    (await db.ssoConnection.create({ data: { organizationId: org.id, name: protocol, protocol, provider: `generic_${protocol}`, status: "live", attributeMapping: mapping }, select: { id: true } })).id,
  );
const saml = await connection("saml");
const oidc = await connection("oidc");
const options = { testByUserId: null, meta: { ip: "127.0.0.1", userAgent: "test", requestId: "r" } };
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

const links = (connectionId: string) => db.ssoIdentity.findMany({ where: { connectionId }, select: { subject: true, userId: true } });
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error instanceof SsoLoginError ? error.reason : String(error)));

describe("SAML sign-ins through completeSsoLogin", () => {
  it("link a persistent NameID to the account (SAML makes no email_verified statement: not refused)", async () => {
    const outcome = await completeSsoLogin(db, saml, { subject: "ada@links.example", subjectFormat: EMAIL_FORMAT, attributes: { email: "ada@links.example" } }, options);
    expect(outcome.kind).toBe("session");
    const ada = await db.user.findUniqueOrThrow({ where: { email: "ada@links.example" }, select: { id: true } });
    expect(await links(saml.id)).toEqual([{ subject: "ada@links.example", userId: ada.id }]);
  });

  it("match a transient NameID by e-mail only and create no link", async () => {
    for (const subject of ["_transient-1", "_transient-2"]) {
      const outcome = await completeSsoLogin(db, saml, { subject, subjectFormat: TRANSIENT_NAMEID, attributes: { email: "bo@links.example" } }, options);
      expect(outcome.kind === "session" && outcome.user.email).toBe("bo@links.example");
    }
    const bo = await db.user.findUniqueOrThrow({ where: { email: "bo@links.example" }, select: { id: true } });
    expect(await links(saml.id)).not.toContainEqual(expect.objectContaining({ userId: bo.id }));
  });
});

describe("OIDC e-mail verification through completeSsoLogin", () => {
  it("refuses an unverified e-mail, for a test sign-in too, and accepts it once the connection is authoritative", async () => {
    const identity = { subject: "sub-cy", attributes: { email: "cy@links.example" }, emailVerified: false };
    expect(await refusal(completeSsoLogin(db, oidc, identity, options))).toBe("email_not_verified");
    const tester = await db.user.create({ data: { email: "tester@links.example", name: "Tester" }, select: { id: true } });
    expect(await refusal(completeSsoLogin(db, oidc, identity, { ...options, testByUserId: tester.id }))).toBe("email_not_verified");
    expect(await db.user.findUnique({ where: { email: "cy@links.example" } })).toBeNull();

    const outcome = await completeSsoLogin(db, { ...oidc, trustUnverifiedEmail: true }, identity, options);
    expect(outcome.kind === "session" && outcome.user.email).toBe("cy@links.example");
  });
});
