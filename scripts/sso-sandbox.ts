/**
 * Development only: wires the sandbox IdP (packages/sso-sandbox) to the demo
 * organization Globex, so a newcomer can try SSO end to end: globex.example
 * is a verified domain and a SAML connection to the sandbox waits in test
 * mode ("Test connection", then "Go live" in the admin console). The
 * connection follows the sandbox's URL when its port changes.
 */
import { createConnection, parseIdpMetadata, updateConnection } from "@atrium/core/sso";
import { systemActor } from "@atrium/core/actor";
import type { Db } from "@atrium/db";
import { startSandboxIdp, type SandboxIdp } from "@atrium/sso-sandbox";

export const SANDBOX_ORG_SLUG = "globex";
export const SANDBOX_DOMAIN = "globex.example";
const actor = systemActor("sso-sandbox");

export async function startAndWireSandbox(db: Db, options: { port: number; nodeEnv: string }): Promise<{ sandbox: SandboxIdp; connectionId: string } | null> {
  const org = await db.organization.findUnique({ where: { slug: SANDBOX_ORG_SLUG }, select: { id: true } });
  if (!org) return null;
  const sandbox = await startSandboxIdp({ port: options.port, nodeEnv: options.nodeEnv });
  const metadata = parseIdpMetadata(await (await fetch(sandbox.samlMetadataUrl)).text());

  const domain = await db.ssoDomain.findFirst({ where: { domain: SANDBOX_DOMAIN, verifiedAt: { not: null } }, select: { organizationId: true } });
  if (!domain) {
    await db.ssoDomain.upsert({
      where: { organizationId_domain: { organizationId: org.id, domain: SANDBOX_DOMAIN } },
      create: { organizationId: org.id, domain: SANDBOX_DOMAIN, token: "sandbox", verifiedAt: new Date() },
      update: { verifiedAt: new Date() },
    });
  }

  const saml = { idpEntityId: metadata.entityId, idpSsoUrl: metadata.ssoUrl, certificates: metadata.certificates, allowIdpInitiated: false, signAuthnRequests: metadata.wantAuthnRequestsSigned };
  const existing = await db.ssoConnection.findFirst({
    where: { organizationId: org.id, provider: "sandbox", protocol: "saml" },
    select: { id: true, name: true, idpEntityId: true, allowIdpInitiated: true, defaultRole: true, defaultCustomRoleId: true, signAuthnRequests: true },
    orderBy: { createdAt: "asc" },
  });
  if (!existing) {
    const created = await createConnection(db, actor, org.id, { name: "Sandbox IdP (SAML)", provider: "sandbox", protocol: "saml", saml });
    return { sandbox, connectionId: created.id };
  }
  if (existing.idpEntityId !== metadata.entityId || existing.signAuthnRequests !== metadata.wantAuthnRequestsSigned) {
    await updateConnection(db, actor, org.id, existing.id, {
      name: existing.name,
      provider: "sandbox",
      protocol: "saml",
      saml: { ...saml, allowIdpInitiated: existing.allowIdpInitiated },
      defaultRole: existing.defaultCustomRoleId ?? existing.defaultRole ?? "member",
    });
  }
  return { sandbox, connectionId: existing.id };
}
