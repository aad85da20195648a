import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import type { Case, Sweep } from "./sweep.ts";

/** The mutations of the platform's first domains: auth, organizations, members, roles, groups, workspaces, keys, settings, audit, privacy, retention. */
export function coreCases({ api, acme, owner, staff, unique, newMember, child, signedInAs }: Sweep): Record<string, Case> {
  const o = owner.trpc;
  async function invitationToken(email: string) {
    await o.invitations.create.mutate({ orgId: acme, email, roleKey: "member" });
    const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { toAddress: email }, orderBy: { createdAt: "desc" }, select: { textBody: true } });
    return /\/admin\/invitations\/([a-z2-7]+)/.exec(mail.textBody)![1]!;
  }
  const invitationId = async () => (await o.invitations.create.mutate({ orgId: acme, email: `${unique("guest")}@example.com`, roleKey: "member" })).id;
  const roleId = async () => (await o.roles.create.mutate({ orgId: acme, name: unique("Role"), permissions: ["org:read"] })).id;
  const groupId = async () => (await o.groups.create.mutate({ orgId: acme, name: unique("Group") })).id;
  const workspaceId = async () => (await o.workspaces.create.mutate({ orgId: acme, name: unique("Workspace"), visibility: "organization" })).id;
  const keyId = async () => (await o.apiKeys.create.mutate({ orgId: acme, name: unique("Key"), permissions: ["org:read"] })).id;
  const alertRule = { name: "Sweep rule", actions: ["sso.*"], status: "denied" as const, threshold: 1, windowSeconds: 0, notifyAdmins: true, webhookUrl: "https://hooks.acme.example/a" };
  const stream = { kind: "generic" as const, url: "https://siem.acme.example/in" };

  return {
  "auth.login": {
    as: () => api.client(),
    input: () => ({ email: "lee.chen@acme.example", password: DEMO_PASSWORD }),
    refused: { as: () => api.client(), input: () => ({ email: "lee.chen@acme.example", password: "not the password" }) },
  },
  "auth.logout": { as: signedInAs("lee.chen@acme.example"), input: () => ({}), refused: { notAttributable: "without a session there is nobody to log out" } },
  "auth.requestPasswordReset": {
    as: () => api.client(),
    input: () => ({ email: "lee.chen@acme.example" }),
    // The answer is the same for every address; only a request past the limit is refused (429).
    refused: {
      as: () => api.client(),
      input: async () => {
        const email = `${unique("forgetful")}@example.com`;
        for (let i = 0; i < 3; i++) await api.client().trpc.auth.requestPasswordReset.mutate({ email });
        return { email };
      },
    },
  },
  "auth.resetPassword": {
    as: () => api.client(),
    input: async () => {
      const { email } = await newMember();
      await api.client().trpc.auth.requestPasswordReset.mutate({ email });
      const mail = await api.db.emailOutbox.findFirstOrThrow({ where: { toAddress: email, template: "password_reset" }, select: { textBody: true } });
      return { token: /#token=([a-z2-7]+)/.exec(mail.textBody)![1]!, password: "a sweep's new passphrase" };
    },
    refused: { as: () => api.client(), input: () => ({ token: "a".repeat(32), password: "a sweep's new passphrase" }) },
  },
  "org.createChild": { input: () => ({ orgId: acme, name: "Sweep child", slug: unique("sweep") }) },
  "org.rename": { input: () => ({ orgId: acme, name: unique("Acme Corp") }) },
  "org.updateBranding": { input: () => ({ orgId: acme, logoUrl: null, brandColor: "teal", supportEmail: null }) },
  "org.setInheritance": { input: () => ({ orgId: acme, inheritRolesToChildren: true }) },
  "org.move": { input: async () => ({ orgId: await child(), newParentId: await child() }) },
  "org.archive": { input: async () => ({ orgId: await child() }) },
  "org.restore": {
    input: async () => {
      const id = await child();
      await o.org.archive.mutate({ orgId: id });
      return { orgId: id };
    },
  },
  "members.changeRole": { input: async () => ({ orgId: acme, userId: (await newMember()).id, roleKey: "viewer" }) },
  "members.deactivate": { input: async () => ({ orgId: acme, userId: (await newMember()).id }) },
  "members.reactivate": {
    input: async () => {
      const user = await newMember();
      await o.members.deactivate.mutate({ orgId: acme, userId: user.id });
      return { orgId: acme, userId: user.id };
    },
  },
  "members.remove": { input: async () => ({ orgId: acme, userId: (await newMember()).id }) },
  "members.transferOwnership": {
    input: async () => {
      const orgId = await child();
      return { orgId, userId: (await newMember("admin", orgId)).id };
    },
  },
  "members.bulk": { input: async () => ({ orgId: acme, userIds: [(await newMember()).id], action: { type: "deactivate" } }) },
  "invitations.create": { input: () => ({ orgId: acme, email: `${unique("invitee")}@example.com`, roleKey: "member" }) },
  "invitations.resend": { input: async () => ({ orgId: acme, invitationId: await invitationId() }) },
  "invitations.revoke": { input: async () => ({ orgId: acme, invitationId: await invitationId() }) },
  "invitations.invitee.accept": {
    as: signedInAs("karl.berg@globex.example"),
    input: async () => ({ token: await invitationToken("karl.berg@globex.example") }),
    refused: { notAttributable: "an unknown token names no organization whose log could record it" },
  },
  "invitations.invitee.acceptAsNewUser": {
    as: () => api.client(),
    input: async () => ({ token: await invitationToken(`${unique("newcomer")}@example.com`), name: "New Comer", password: "a long enough password" }),
    refused: { notAttributable: "an unknown token names no organization whose log could record it" },
  },
  "invitations.invitee.decline": {
    as: () => api.client(),
    input: async () => ({ token: await invitationToken(`${unique("decliner")}@example.com`) }),
    refused: { notAttributable: "an unknown token names no organization whose log could record it" },
  },
  "roles.create": { input: () => ({ orgId: acme, name: unique("Role"), permissions: ["org:read"] }) },
  "roles.update": { input: async () => ({ orgId: acme, roleId: await roleId(), name: unique("Role"), permissions: ["org:read", "members:read"] }) },
  "roles.delete": { input: async () => ({ orgId: acme, roleId: await roleId() }) },
  "groups.create": { input: () => ({ orgId: acme, name: unique("Group") }) },
  "groups.update": { input: async () => ({ orgId: acme, groupId: await groupId(), name: unique("Group") }) },
  "groups.delete": { input: async () => ({ orgId: acme, groupId: await groupId() }) },
  "workspaces.create": { input: () => ({ orgId: acme, name: unique("Workspace"), visibility: "private" }) },
  "workspaces.update": { input: async () => ({ orgId: acme, workspaceId: await workspaceId(), name: unique("Workspace") }) },
  "workspaces.grant": {
    input: async () => ({ orgId: acme, workspaceId: await workspaceId(), subjectType: "user", subjectId: (await newMember()).id, permissions: ["workspace_content:read"] }),
  },
  "productGrants.create": {
    input: async () => ({ orgId: acme, resourceType: "demo-product/note", resourceId: randomUUID(), subjectType: "user", subjectId: (await newMember()).id, permissions: ["demo-product/notes:share"] }),
  },
  "workspaces.revokeGrant": {
    input: async () => {
      const { id } = await o.workspaces.grant.mutate({ orgId: acme, workspaceId: await workspaceId(), subjectType: "user", subjectId: (await newMember()).id, permissions: ["workspace_content:read"] });
      return { orgId: acme, grantId: id };
    },
  },
  "apiKeys.create": { input: () => ({ orgId: acme, name: unique("Key"), permissions: ["org:read"] }) },
  "apiKeys.rotate": { input: async () => ({ orgId: acme, keyId: await keyId() }) },
  "apiKeys.revoke": { input: async () => ({ orgId: acme, keyId: await keyId() }) },
  "settings.updateIpAllowlist": { input: () => ({ orgId: acme, entries: [] }) },
  "settings.updateRateLimit": { input: () => ({ orgId: acme, perMinute: 600, burst: 100 }) },
  // The loosest policy there is: the sweep's own Acme sessions (created minutes ago) stay valid.
  "settings.updateSessionPolicy": { input: () => ({ orgId: acme, idleTimeoutMinutes: 10_080, maxLifetimeHours: 720 }) },
  "audit.events.verify": { input: () => ({ orgId: acme }) },
  "audit.events.startExport": { input: () => ({ orgId: acme, format: "csv" }) },
  "members.privacy.exportPersonalData": { input: async () => ({ orgId: acme, userId: (await newMember()).id }) },
  "members.privacy.erasePersonalData": {
    input: async () => {
      const user = await newMember();
      await o.members.remove.mutate({ orgId: acme, userId: user.id });
      return { orgId: acme, userId: user.id };
    },
  },
  "audit.retention.setPolicy": { input: () => ({ orgId: acme, dataType: "audit_events", days: 400 }) },
  "audit.retention.placeHold": { input: () => ({ orgId: acme, name: "Sweep hold", reason: "Sweep" }) },
  "audit.retention.releaseHold": { input: async () => ({ orgId: acme, holdId: (await o.audit.retention.placeHold.mutate({ orgId: acme, name: "Sweep hold", reason: "Sweep" })).id }) },
  "staff.customers.setFeatureOverride": { as: () => staff, input: () => ({ organizationId: acme, feature: "sso", enabled: true, reason: "Sweep trial" }) },
  "audit.alerts.create": { input: () => ({ orgId: acme, ...alertRule }) },
  "audit.alerts.update": { input: async () => ({ orgId: acme, ruleId: (await o.audit.alerts.create.mutate({ orgId: acme, ...alertRule })).id, ...alertRule, threshold: 2, windowSeconds: 60 }) },
  "audit.alerts.delete": { input: async () => ({ orgId: acme, ruleId: (await o.audit.alerts.create.mutate({ orgId: acme, ...alertRule })).id }) },
  "audit.alerts.rotateSecret": { input: async () => ({ orgId: acme, ruleId: (await o.audit.alerts.create.mutate({ orgId: acme, ...alertRule })).id }) },
  "audit.streams.save": { input: () => ({ orgId: acme, ...stream }) },
  "audit.streams.delete": {
    input: async () => {
      await o.audit.streams.save.mutate({ orgId: acme, ...stream });
      return { orgId: acme };
    },
  },
  "audit.streams.rotateSecret": {
    input: async () => {
      await o.audit.streams.save.mutate({ orgId: acme, ...stream });
      return { orgId: acme };
    },
  },
  };
}
