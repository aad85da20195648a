import type { Case, Sweep } from "./sweep.ts";

/** The audited-mutations sweep's cases for SCIM provisioning (admin side). */
export function scimCases({ api, acme, owner, unique, newMember }: Sweep): Record<string, Case> {
  const o = owner.trpc;
  const tokenId = async () => (await o.scim.createToken.mutate({ orgId: acme, name: unique("Sweep IdP") })).id;
  /** A provisioned group of Acme with no members (mapping it changes nobody's role). */
  const scimGroup = async () => (await api.db.group.create({ data: { organizationId: acme, name: unique("Sweep SCIM group"), source: "scim" }, select: { id: true } })).id;
  /** An unlinked directory record of Acme (the IdP sent no address). */
  const unlinkedRecord = async () =>
    (await api.db.scimUser.create({ data: { organizationId: acme, userName: unique("sweep-badge"), linkIssue: "no_address" }, select: { id: true } })).id;
  const defaultRole = async () => (await api.db.scimConnection.findUnique({ where: { organizationId: acme }, select: { defaultRole: true } }))?.defaultRole ?? "member";

  return {
    "scim.createToken": { input: () => ({ orgId: acme, name: unique("Sweep IdP") }) },
    "scim.rotateToken": { input: async () => ({ orgId: acme, tokenId: await tokenId() }) },
    "scim.revokeToken": { input: async () => ({ orgId: acme, tokenId: await tokenId() }) },
    "scim.setGroupRole": { input: async () => ({ orgId: acme, groupId: await scimGroup(), target: { role: "viewer" }, priority: 0 }) },
    // Acme's current default role again: audited, and no provisioned member's role moves.
    "scim.setDefaultRole": {
      input: async () => {
        const role = await defaultRole();
        return { orgId: acme, role: role === "owner" ? "member" : role };
      },
    },
    "scim.triggerSync": { input: () => ({ orgId: acme }) },
    "scim.linkUser": { input: async () => ({ orgId: acme, scimUserId: await unlinkedRecord(), userId: (await newMember("member")).id }) },
    "scim.leaveUnlinked": { input: async () => ({ orgId: acme, scimUserId: await unlinkedRecord() }) },
  };
}
