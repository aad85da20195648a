/**
 * Linking SCIM directory records to Atrium accounts.
 *
 * A record is kept exactly as the identity provider sent it, whatever its
 * addresses say; whether it also reaches an account is decided here, as a
 * separate step that never refuses the IdP's request:
 *
 * - The candidate addresses are the primary `emails` value, then the other
 *   `emails` values in order, then a `userName` that is an address.
 * - The first candidate in one of the organization's verified domains links
 *   the record to the account with that address (created without a password
 *   when none exists; an existing membership is adopted).
 * - Otherwise the record stays unlinked with its reason (`link_issue`):
 *   `no_address`, `outside_verified_domains`, or `account_taken` (the account
 *   is already linked to another record of this organization). The admin sees
 *   it on the SCIM page and links it to a chosen member or leaves it unlinked.
 *
 * Only linked records have a membership: deprovisioning and group → role
 * effects apply to them; unlinked records change nothing outside the directory.
 */
import type { SqlClient } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit, type AuditEntry } from "../audit/writer.ts";
import type { JobQueue } from "./context.ts";
import { mutability } from "./errors.ts";
import type { Doc } from "./patch.ts";
import { ENTERPRISE_SCHEMA } from "./schema.ts";
import { recomputeRoles } from "./sync.ts";
import { QUEUES } from "../jobs/catalogue.ts";

export type LinkIssue = "no_address" | "outside_verified_domains" | "account_taken";

/** What linking needs of a SCIM request (or of an admin resolving a record). */
export interface LinkContext {
  organizationId: string;
  actor: Actor;
  jobs: JobQueue;
  /**
   * When given, linking's own audit event is appended here for the caller to
   * write with its own in one statement (same transaction); otherwise it is
   * written at once.
   */
  audits?: AuditEntry[];
  /** The organization's verified domains (lower case), when the caller already read them in this transaction. */
  verifiedDomains?: ReadonlySet<string>;
}

/** A directory record as linking sees it: its id and its full canonical document. */
export interface DirectoryRecord {
  id: string;
  userName: string;
  active: boolean;
  doc: Doc;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The addresses a record may link by, in order: primary e-mail, the other e-mails, a userName that is an address. */
export function addressCandidates(doc: Doc): string[] {
  const emails = (Array.isArray(doc["emails"]) ? doc["emails"] : []).filter((e): e is Doc => e !== null && typeof e === "object");
  const ordered = [...emails.filter((e) => e["primary"] === true), ...emails.filter((e) => e["primary"] !== true)].map((e) => e["value"]);
  const out: string[] = [];
  for (const value of [...ordered, doc["userName"]]) {
    if (typeof value !== "string") continue;
    const address = value.trim().toLowerCase();
    if (address.length <= 320 && EMAIL.test(address) && !out.includes(address)) out.push(address);
  }
  return out;
}

/** The name the directory gives: displayName, else name.formatted, else given + family name, else userName. */
export function displayNameOf(doc: Doc): string {
  const name = (doc["name"] ?? {}) as Doc;
  const composed = [name["givenName"], name["familyName"]].filter((s) => typeof s === "string" && s).join(" ");
  const chosen = [doc["displayName"], name["formatted"], composed, doc["userName"]].find((s): s is string => typeof s === "string" && s.trim() !== "");
  return (chosen ?? "").trim().slice(0, 200);
}

/** The directory attributes a membership gets from a SCIM user (ABAC reads them). */
export const DIRECTORY_KEYS = ["department", "title", "employeeNumber", "costCenter", "organization", "division", "manager"] as const;

export function directoryAttributes(doc: Doc): Record<string, string> {
  const ext = (doc[ENTERPRISE_SCHEMA] ?? {}) as Doc;
  const out: Record<string, string> = {};
  for (const key of DIRECTORY_KEYS) {
    const v = key === "title" ? doc["title"] : key === "manager" ? (ext["manager"] as Doc | undefined)?.["value"] : ext[key];
    if (typeof v === "string" && v !== "") out[key] = v;
  }
  return out;
}

export async function assertNotLastOwner(tx: SqlClient, organizationId: string, userId: string) {
  const [row] = await tx.$queryRaw<{ owner: boolean; others: number }[]>`
    SELECT m.role = 'owner' AS owner,
           (SELECT count(*)::int FROM memberships o WHERE o.organization_id = m.organization_id AND o.role = 'owner' AND o.status = 'active' AND o.user_id <> m.user_id) AS others
      FROM memberships m WHERE m.organization_id = ${organizationId}::uuid AND m.user_id = ${userId}::uuid`;
  if (row?.owner && row.others === 0) throw mutability("The organization's last owner cannot be deactivated or removed by provisioning");
}

/**
 * The account's display name follows the directory while the person belongs to
 * no other organization (an account shared with other organizations is not one
 * directory's to rename).
 */
export async function followDirectoryName(tx: SqlClient, organizationId: string, userId: string, name: string) {
  if (!name) return;
  await tx.$executeRaw`
    UPDATE users SET name = ${name}, updated_at = now()
     WHERE id = ${userId}::uuid AND name <> ${name}
       AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = users.id AND o.organization_id <> ${organizationId}::uuid)`;
}

export interface LinkResult {
  userId: string | null;
  issue: LinkIssue | null;
  address: string | null;
  /** The account had a membership in the organization before (it was adopted). */
  adopted: boolean;
}

/** The audit event of a record's (new) reason for staying unlinked. */
export function linkIssueAudit(organizationId: string, record: Pick<DirectoryRecord, "id" | "userName">, issue: LinkIssue, address: string | null): AuditEntry {
  return {
    action: "scim.user_link_issue",
    organizationId,
    resource: { type: "scim_user", id: record.id },
    details: { scimId: record.id, issue },
    personal: { userName: record.userName, ...(address ? { email: address } : {}) },
  };
}

/**
 * The address that links a record (its first candidate in a verified domain),
 * or why none does, with the address an admin is shown.
 */
export function linkTarget(candidates: readonly string[], verifiedDomains: ReadonlySet<string>): { address: string; issue: null } | { address: string | null; issue: LinkIssue } {
  if (candidates.length === 0) return { address: null, issue: "no_address" };
  const address = candidates.find((a) => verifiedDomains.has(a.slice(a.lastIndexOf("@") + 1)));
  return address ? { address, issue: null } : { address: candidates[0]!, issue: "outside_verified_domains" };
}

/** Records why a record stays unlinked (one statement that also returns the reason before); audits when the reason or address changes. */
async function recordIssue(tx: SqlClient, ctx: LinkContext, record: DirectoryRecord, issue: LinkIssue, address: string | null): Promise<LinkResult> {
  const [before] = await tx.$queryRaw<{ link_issue: string | null; link_address: string | null }[]>`
    UPDATE scim_users su SET link_issue = ${issue}, link_address = ${address}
      FROM (SELECT id, link_issue, link_address::text FROM scim_users WHERE id = ${record.id}::uuid FOR UPDATE) old
     WHERE su.id = old.id
    RETURNING old.link_issue, old.link_address`;
  if (before?.link_issue !== issue || (before?.link_address ?? null) !== address) {
    const entry = linkIssueAudit(ctx.organizationId, record, issue, address);
    if (ctx.audits) ctx.audits.push(entry);
    else await recordAudit(tx, ctx.actor, entry);
  }
  return { userId: null, issue, address, adopted: false };
}

/** Links an unlinked record by its first verified-domain address, or records why it cannot. */
export async function autoLink(tx: SqlClient, ctx: LinkContext, record: DirectoryRecord): Promise<LinkResult> {
  const org = ctx.organizationId;
  const candidates = addressCandidates(record.doc);
  const verified =
    candidates.length === 0
      ? new Set<string>()
      : (ctx.verifiedDomains ??
        new Set(
          (await tx.$queryRaw<{ domain: string }[]>`SELECT lower(domain::text) AS domain FROM sso_domains WHERE organization_id = ${org}::uuid AND verified_at IS NOT NULL`).map((d) => d.domain),
        ));
  const target = linkTarget(candidates, verified);
  if (target.issue) return recordIssue(tx, ctx, record, target.issue, target.address);
  const { address } = target;
  // Lock the account (or create it) so two records cannot link to it at once.
  let account = (await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM users WHERE email = ${address} FOR UPDATE`)[0];
  let created = false;
  if (!account) {
    account = (await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO users (email, name) VALUES (${address}, ${displayNameOf(record.doc) || address}) ON CONFLICT (email) DO NOTHING RETURNING id::text`)[0];
    created = account !== undefined;
    account ??= (await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM users WHERE email = ${address} FOR UPDATE`)[0];
  }
  if (!created) {
    const [taken] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM scim_users WHERE organization_id = ${org}::uuid AND user_id = ${account!.id}::uuid AND id <> ${record.id}::uuid`;
    if (taken) return recordIssue(tx, ctx, record, "account_taken", address);
  }
  const { adopted } = await attachAccount(tx, ctx, record, account!.id);
  return { userId: account!.id, issue: null, address, adopted };
}

/**
 * Links a record to an account (not linked to another record of the
 * organization): the membership is created or adopted with the record's
 * status and directory attributes, the account follows the directory's name,
 * the record's directory groups become the account's group memberships, and
 * the role follows the group mappings. A deactivated record queues the
 * revocation of the person's sessions and API keys.
 */
export async function attachAccount(tx: SqlClient, ctx: LinkContext, record: DirectoryRecord, userId: string): Promise<{ adopted: boolean }> {
  const org = ctx.organizationId;
  const [found] = await tx.$queryRaw<{ membership_id: string | null; user_status: string; default_role: string }[]>`
    SELECT (SELECT m.id::text FROM memberships m WHERE m.organization_id = ${org}::uuid AND m.user_id = u.id) AS membership_id, u.status::text AS user_status,
           coalesce((SELECT c.default_role::text FROM scim_connections c WHERE c.organization_id = ${org}::uuid), 'member') AS default_role
      FROM users u WHERE u.id = ${userId}::uuid`;
  const { active } = record;
  if (active && found!.user_status === "deactivated") await tx.$executeRaw`UPDATE users SET status = 'active', updated_at = now() WHERE id = ${userId}::uuid`;
  const attributes = directoryAttributes(record.doc);
  if (found!.membership_id) {
    if (!active) await assertNotLastOwner(tx, org, userId);
    await tx.$executeRaw`
      UPDATE memberships SET status = ${active ? "active" : "deactivated"}::membership_status,
             attributes = (attributes - ${[...DIRECTORY_KEYS]}::text[]) || ${JSON.stringify(attributes)}::jsonb, updated_at = now()
       WHERE id = ${found!.membership_id}::uuid`;
  } else {
    await tx.$executeRaw`
      INSERT INTO memberships (organization_id, user_id, role, status, attributes)
      VALUES (${org}::uuid, ${userId}::uuid, ${found!.default_role}::system_role, ${active ? "active" : "deactivated"}::membership_status, ${JSON.stringify(attributes)}::jsonb)`;
  }
  await followDirectoryName(tx, org, userId, displayNameOf(record.doc));
  await tx.$executeRaw`UPDATE scim_users SET user_id = ${userId}::uuid, link_issue = NULL, link_address = NULL, link_dismissed_at = NULL WHERE id = ${record.id}::uuid`;
  const grouped = await tx.$executeRaw`
    INSERT INTO group_members (group_id, user_id)
    SELECT sgm.group_id, ${userId}::uuid FROM scim_group_members sgm WHERE sgm.scim_user_id = ${record.id}::uuid
    ON CONFLICT DO NOTHING`;
  // A new membership without groups already has the default role; otherwise the mappings decide.
  if (found!.membership_id || grouped > 0) await recomputeRoles(tx, ctx.actor, org, [userId]);
  if (!active) await ctx.jobs.send(tx, QUEUES.scimSync, { kind: "revoke", organizationId: org, userId, reason: "deactivated" });
  return { adopted: found!.membership_id !== null };
}
