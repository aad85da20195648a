/**
 * The load run's request mix. Each virtual user is a demo admin of one
 * organization and picks its next request by weight among five classes:
 *
 *   read    interactive reads over tRPC: org, org list, members, roles, groups, invitations, settings
 *   write   interactive writes over tRPC: invite then revoke, toggle a member's role, create/update/delete a group
 *   scim    SCIM provisioning with Acme's demo token: create, look up, patch, deactivate users
 *   audit   audit log queries: search (plain, by action prefix, free text) and stats
 *   export  audit exports streamed as CSV or NDJSON (the last ten minutes)
 *
 * Writes keep their own state bounded (at most a few pending invitations and
 * groups per user; SCIM users are deactivated once patched), so a long run
 * does not grow the working set by design, only by the audit log it writes.
 */
import { randomUUID } from "node:crypto";
import type { AdminClient, Reply } from "./client.ts";
import { scimCall } from "./client.ts";

export const CLASSES = ["read", "write", "scim", "audit", "export"] as const;
export type RequestClass = (typeof CLASSES)[number];

/** Share of requests per class (they need not sum to 1). */
export const CLASS_WEIGHTS: Record<RequestClass, number> = { read: 0.45, write: 0.15, scim: 0.2, audit: 0.17, export: 0.03 };

export interface Operation {
  name: string;
  run(): Promise<Reply>;
}

export interface VirtualUser {
  label: string;
  ops: Record<RequestClass, Operation[]>;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

export function pickClass(weights: Record<RequestClass, number>, available: (c: RequestClass) => boolean): RequestClass | null {
  const classes = CLASSES.filter(available);
  const total = classes.reduce((sum, c) => sum + weights[c], 0);
  let r = Math.random() * total;
  for (const c of classes) {
    r -= weights[c];
    if (r <= 0) return c;
  }
  return classes.at(-1) ?? null;
}

export function pickOperation(user: VirtualUser, c: RequestClass): Operation {
  return pick(user.ops[c]);
}

const SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface UserSetup {
  client: AdminClient;
  orgId: string;
  domain: string;
  /** Members whose role this user alone toggles between member and viewer. */
  roleTargets: string[];
  /** Members to put into groups. */
  groupMembers: string[];
  /** SCIM bearer token of the organization, when it has one. */
  scimToken: string | null;
  index: number;
}

export function virtualUser(s: UserSetup): VirtualUser {
  const { client, orgId } = s;
  let serial = 0;
  const next = () => `${s.index}-${++serial}-${randomUUID().slice(0, 8)}`;
  const tenMinutesAgo = () => new Date(Date.now() - 10 * 60_000).toISOString();

  const pendingInvitations: string[] = [];
  const groups: string[] = [];
  const roles = new Map(s.roleTargets.map((id) => [id, "member" as "member" | "viewer"]));
  const scimUsers: { id: string; patched: boolean }[] = [];

  const read: Operation[] = [
    { name: "org.get", run: () => client.query("org.get", { orgId }) },
    { name: "org.list", run: () => client.query("org.list", undefined) },
    { name: "members.list", run: () => client.query("members.list", { orgId, page: 1, pageSize: 50 }) },
    { name: "roles.list", run: () => client.query("roles.list", { orgId }) },
    { name: "groups.list", run: () => client.query("groups.list", { orgId }) },
    { name: "invitations.list", run: () => client.query("invitations.list", { orgId, status: "pending" }) },
    { name: "org.settings", run: () => client.query("org.settings", { orgId }) },
  ];

  const write: Operation[] = [
    {
      name: "invitations.create|revoke",
      async run() {
        if (pendingInvitations.length >= 3) {
          return client.mutate("invitations.revoke", { orgId, invitationId: pendingInvitations.shift()! });
        }
        const reply = await client.mutate("invitations.create", { orgId, email: `load-${next()}@${s.domain}`, roleKey: "member" });
        const id = (reply.body as { id?: string } | undefined)?.id;
        if (reply.status === 200 && id) pendingInvitations.push(id);
        return reply;
      },
    },
    {
      name: "groups.create|update|delete",
      async run() {
        if (groups.length >= 2 && Math.random() < 0.5) {
          return client.mutate("groups.delete", { orgId, groupId: groups.shift()! });
        }
        if (groups.length > 0 && Math.random() < 0.5) {
          return client.mutate("groups.update", { orgId, groupId: pick(groups), name: `Load group ${next()}`, description: "updated by the load run", memberIds: s.groupMembers.slice(0, 1) });
        }
        const reply = await client.mutate("groups.create", { orgId, name: `Load group ${next()}`, description: "", memberIds: s.groupMembers });
        const id = (reply.body as { id?: string } | undefined)?.id;
        if (reply.status === 200 && id) groups.push(id);
        return reply;
      },
    },
  ];
  if (roles.size > 0) {
    write.push({
      name: "members.changeRole",
      async run() {
        const userId = pick([...roles.keys()]);
        const roleKey = roles.get(userId) === "member" ? "viewer" : "member";
        const reply = await client.mutate("members.changeRole", { orgId, userId, roleKey });
        if (reply.status === 200) roles.set(userId, roleKey);
        return reply;
      },
    });
  }

  const scim: Operation[] = [];
  if (s.scimToken) {
    const token = s.scimToken;
    scim.push({
      name: "scim.users",
      async run() {
        const target = scimUsers.find((u) => !u.patched);
        if (target && Math.random() < 0.5) {
          target.patched = true;
          return scimCall(client.apiUrl, token, "PATCH", `/Users/${target.id}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: "replace", path: "name.givenName", value: `Patched ${next()}` }],
          });
        }
        const done = scimUsers.findIndex((u) => u.patched);
        if (done >= 0 && Math.random() < 0.5) {
          const [user] = scimUsers.splice(done, 1);
          return scimCall(client.apiUrl, token, "PATCH", `/Users/${user!.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] });
        }
        const userName = `scim-${next()}@${s.domain}`;
        const reply = await scimCall(client.apiUrl, token, "POST", "/Users", {
          schemas: [SCIM_USER],
          userName,
          name: { givenName: "Load", familyName: "Tester" },
          emails: [{ value: userName, type: "work", primary: true }],
          active: true,
        });
        const id = (reply.body as { id?: string } | undefined)?.id;
        if (reply.status === 201 && id && scimUsers.length < 20) scimUsers.push({ id, patched: false });
        return reply;
      },
    });
    scim.push({ name: "scim.users.filter", run: () => scimCall(client.apiUrl, token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${s.client.email}"`)}`) });
  }

  const audit: Operation[] = [
    { name: "audit.search", run: () => client.query("audit.events.search", { orgId, limit: 50 }) },
    { name: "audit.search:actions", run: () => client.query("audit.events.search", { orgId, actions: ["membership.*", "invitation.*"], limit: 50 }) },
    { name: "audit.search:q", run: () => client.query("audit.events.search", { orgId, q: "load", limit: 50 }) },
    { name: "audit.stats", run: () => client.query("audit.events.stats", { orgId }) },
  ];

  const exportOps: Operation[] = [
    { name: "audit.export:csv", run: () => client.download(`/api/orgs/${orgId}/audit/export?format=csv&from=${encodeURIComponent(tenMinutesAgo())}`) },
    { name: "audit.export:ndjson", run: () => client.download(`/api/orgs/${orgId}/audit/export?format=ndjson&from=${encodeURIComponent(tenMinutesAgo())}`) },
  ];

  return { label: `${s.client.email}`, ops: { read, write, scim, audit, export: exportOps } };
}
