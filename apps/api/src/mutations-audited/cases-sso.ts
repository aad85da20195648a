import { X509Certificate } from "node:crypto";
import { createSamlIdp, sandboxKeys } from "@atrium/sso-sandbox";
import type { Case, Sweep } from "./sweep.ts";

/** The audited-mutations sweep's cases for single sign-on. */
export function ssoCases({ api, owner, unique, child, txtRecords }: Sweep): Record<string, Case> {
  const o = owner.trpc;
  const idp = createSamlIdp({ entityId: "https://idp.sweep.example/saml", ssoUrl: "https://idp.sweep.example/sso", ...sandboxKeys("idp") });
  const saml = { idpEntityId: "https://idp.sweep.example/saml", idpSsoUrl: "https://idp.sweep.example/sso", certificates: [sandboxKeys("idp").certificate], allowIdpInitiated: false };
  const connectionInput = () => ({ name: unique("Sweep IdP"), provider: "okta" as const, protocol: "saml" as const, saml });

  // SSO is configured in an organization of its own (never Acme): nobody other cases sign in as is routed to it.
  let ssoOrg: Promise<string> | undefined;
  const org = () => (ssoOrg ??= child());
  const connection = async () => {
    const orgId = await org();
    return { orgId, connectionId: (await o.sso.connections.create.mutate({ orgId, ...connectionInput() })).id };
  };
  const domain = async () => {
    const orgId = await org();
    return { orgId, domainId: (await o.sso.domains.add.mutate({ orgId, domain: `${unique("sweep")}.example` })).id };
  };

  return {
    "sso.connections.create": { input: async () => ({ orgId: await org(), ...connectionInput() }) },
    "sso.connections.update": { input: async () => ({ ...(await connection()), ...connectionInput(), defaultRole: "viewer" }) },
    "sso.connections.setStatus": {
      input: async () => {
        const orgId = await org();
        const input = connectionInput();
        const { id } = await o.sso.connections.create.mutate({ orgId, ...input });
        return { orgId, connectionId: id, status: "live", confirmName: input.name };
      },
    },
    "sso.connections.rotateCertificates": {
      input: async () => ({ ...(await connection()), certificates: [sandboxKeys("idp").certificate, sandboxKeys("idp-next").certificate] }),
    },
    "sso.connections.delete": { input: connection },
    "sso.connections.parseMetadata": {
      input: async () => ({ orgId: await org(), xml: idp.metadata() }),
      changesNothing: "reads pasted IdP metadata and returns it; nothing is saved (sso.connections.create saves, audited)",
    },
    "sso.roleMappings.set": { input: async () => ({ ...(await connection()), mappings: [{ idpGroup: "sweep-group", role: "member" }] }) },
    "sso.identities.remove": {
      input: async () => {
        const ids = await connection();
        const user = await api.db.user.findFirstOrThrow({ where: { email: "admin@acme.example" }, select: { id: true } });
        const link = await api.db.ssoIdentity.create({ data: { organizationId: ids.orgId, connectionId: ids.connectionId, subject: unique("sweep-sub"), userId: user.id }, select: { id: true } });
        return { ...ids, identityId: link.id };
      },
    },
    "sso.domains.add": { input: async () => ({ orgId: await org(), domain: `${unique("sweep")}.example` }) },
    "sso.domains.verify": {
      input: async () => {
        const orgId = await org();
        const added = await o.sso.domains.add.mutate({ orgId, domain: `${unique("sweep")}.example` });
        txtRecords.set(added.recordName, [[added.recordValue]]);
        return { orgId, domainId: added.id };
      },
    },
    "sso.domains.remove": { input: domain },
    "sso.enforcement.set": { input: async () => ({ orgId: await org(), enforced: false, breakGlassUserId: null }) },
    "sso.certificates.addIdp": { input: async () => ({ ...(await connection()), certificate: sandboxKeys("idp-next").certificate }) },
    "sso.certificates.removeIdp": {
      input: async () => {
        const orgId = await org();
        const created = await o.sso.connections.create.mutate({ orgId, ...connectionInput(), saml: { ...saml, certificates: [sandboxKeys("idp").certificate, sandboxKeys("idp-next").certificate] } });
        return { orgId, connectionId: created.id, fingerprint: new X509Certificate(sandboxKeys("idp").certificate).fingerprint256 };
      },
    },
    "sso.certificates.generateSp": { input: connection },
    "sso.certificates.activateSp": {
      input: async () => {
        const ids = await connection();
        const next = (await o.sso.certificates.generateSp.mutate(ids)).find((c) => c.state === "next")!;
        return { ...ids, certificateId: next.id };
      },
    },
    "sso.certificates.removeSp": {
      input: async () => {
        const ids = await connection();
        const next = (await o.sso.certificates.generateSp.mutate(ids)).find((c) => c.state === "next")!;
        const retired = (await o.sso.certificates.activateSp.mutate({ ...ids, certificateId: next.id })).find((c) => c.state === "retired")!;
        return { ...ids, certificateId: retired.id };
      },
    },
    "sso.certificates.setRequestSigning": { input: async () => ({ ...(await connection()), enabled: true }) },
    "sso.discover": {
      as: () => api.client(),
      input: () => ({ email: "someone@acme.example" }),
      refused: { notAttributable: "a public lookup anyone may make; only a malformed e-mail is refused (400 validation), by nobody known" },
      changesNothing: "home-realm discovery only reads where an e-mail signs in",
    },
  };
}
