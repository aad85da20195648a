/**
 * SCIM Users of one organization. A SCIM user is a directory record of
 * `scim_users`, kept as the identity provider sent it (unique only on
 * `userName`, case-insensitively, and on `externalId`); linking it to an
 * Atrium account and that account's membership is a separate step
 * (linking.ts) that never refuses the request. For a linked record, `active`
 * is the membership's status, the Enterprise extension (and `title`) become
 * the member's directory attributes that ABAC conditions read, and the role
 * comes from group mappings. Accounts are global, so deleting a SCIM user
 * removes the membership, never the person's account elsewhere.
 */
import { pgTransaction, Prisma, queryRaw, type SqlClient } from "@atrium/db";
import { recordAudit } from "../audit/writer.ts";
import { requestBackchannelLogout } from "../oidc-provider/backchannel.ts";
import { etagOf, isUniqueError, statsUpsert, UUID, type ScimContext } from "./context.ts";
import { canonicalize, project, type Projection } from "./document.ts";
import { mutability, ScimError, scimNotFound, uniqueness } from "./errors.ts";
import { getCI, indexedEquality, matches, parseFilter } from "./filter.ts";
import { applyOperation, readPatchRequest, type Doc } from "./patch.ts";
import { assertNotLastOwner, autoLink, DIRECTORY_KEYS, directoryAttributes, displayNameOf, followDirectoryName } from "./linking.ts";
import { ENTERPRISE_SCHEMA, LIST_SCHEMA, MAX_RESULTS, USER_SCHEMA } from "./schema.ts";
import { recomputeRoles } from "./sync.ts";
import { emitEvent } from "../events/emit.ts";
import { QUEUES } from "../jobs/catalogue.ts";

export interface UserRow {
  id: string;
  /** The linked account, or null while the record is unlinked. */
  user_id: string | null;
  user_name: string;
  external_id: string | null;
  active: boolean;
  resource: Doc;
  dismissed: boolean;
  created_at: Date;
  updated_at: Date;
  version: string;
  groups: { value: string; display: string }[];
}

export const SELECT_USER = `
  SELECT su.id::text, su.user_id::text, su.user_name::text, su.external_id, su.active, su.resource, su.link_dismissed_at IS NOT NULL AS dismissed,
         su.created_at, su.updated_at, su.xmin::text AS version,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('value', g.id, 'display', g.name) ORDER BY g.name), '[]')
            FROM scim_group_members sgm JOIN groups g ON g.id = sgm.group_id
           WHERE sgm.scim_user_id = su.id) AS groups
    FROM scim_users su`;

export function serveUser(ctx: ScimContext, row: UserRow): Doc {
  const { resource } = row;
  const schemas = [USER_SCHEMA, ...(resource[ENTERPRISE_SCHEMA] ? [ENTERPRISE_SCHEMA] : [])];
  return {
    schemas,
    id: row.id,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    ...resource,
    userName: row.user_name,
    active: row.active,
    groups: row.groups.map((g) => ({ value: g.value, $ref: `${ctx.baseUrl}/Groups/${g.value}`, display: g.display, type: "direct" })),
    meta: {
      resourceType: "User",
      created: row.created_at.toISOString(),
      lastModified: row.updated_at.toISOString(),
      location: `${ctx.baseUrl}/Users/${row.id}`,
      version: etagOf(row.version),
    },
  };
}

/** Reads go straight to node-postgres outside a transaction (@atrium/db direct.ts), through the transaction inside one. */
const selectUsers = (db: SqlClient, where: Prisma.Sql) => queryRaw<UserRow>(db, Prisma.sql`${Prisma.raw(SELECT_USER)} ${where}`);

async function loadUser(db: SqlClient, organizationId: string, id: string, lock = false): Promise<UserRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await selectUsers(db, Prisma.sql`WHERE su.organization_id = ${organizationId}::uuid AND su.id = ${id}::uuid${Prisma.raw(lock ? " FOR UPDATE OF su" : "")}`);
  return row ?? null;
}

export function checkIfMatch(ifMatch: string | undefined, version: string) {
  if (!ifMatch) return;
  const tags = ifMatch.split(",").map((t) => t.trim());
  if (tags.includes("*")) return;
  const current = etagOf(version);
  const bare = (t: string) => t.replace(/^W\//, "");
  if (!tags.some((t) => bare(t) === bare(current))) throw new ScimError(412, undefined, "The resource changed since the version given in If-Match");
}

export interface ListQuery {
  filter?: string | undefined;
  startIndex?: number | undefined;
  count?: number | undefined;
  projection: Projection;
}

export function pageOf(query: ListQuery) {
  const startIndex = Math.max(1, Math.floor(Number.isFinite(query.startIndex) ? query.startIndex! : 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, Math.floor(Number.isFinite(query.count) ? query.count! : 100)));
  return { startIndex, count };
}

/**
 * The rows a filter selects: an index for `userName/externalId/id eq`
 * (userName compared as citext, so the unique (organization_id, user_name)
 * index answers case-insensitively), otherwise the organization's users
 * evaluated in memory.
 */
const SCAN_LIMIT = 100_000;

const countUsers = async (ctx: ScimContext) =>
  (await queryRaw<{ n: number }>(ctx.db, Prisma.sql`SELECT count(*)::int AS n FROM scim_users WHERE organization_id = ${ctx.organizationId}::uuid`))[0]!.n;


export async function listUsers(ctx: ScimContext, query: ListQuery) {
  const { startIndex, count } = pageOf(query);
  const filter = query.filter !== undefined ? parseFilter(query.filter) : undefined;
  const indexed = filter ? indexedEquality(filter) : null;
  let total: number;
  let rows: UserRow[];
  const org = ctx.organizationId;
  if (!filter) {
    total = await countUsers(ctx);
    rows = count === 0 ? [] : await selectUsers(ctx.db, Prisma.sql`WHERE su.organization_id = ${org}::uuid ORDER BY su.created_at, su.id OFFSET ${startIndex - 1} LIMIT ${count}`);
  } else if (indexed && ["username", "externalid", "id"].includes(indexed.attr)) {
    const where =
      indexed.attr === "username"
        ? Prisma.sql`su.user_name = ${indexed.value}::citext`
        : indexed.attr === "externalid"
          ? Prisma.sql`su.external_id = ${indexed.value}`
          : Prisma.sql`su.id = ${indexed.value}::uuid`;
    const readAhead = ctx.userNameReadAhead;
    if (indexed.attr === "id" && !UUID.test(indexed.value)) rows = [];
    else if (indexed.attr === "username" && readAhead?.userName === indexed.value) rows = readAhead.rows.map(userRowOfJson);
    else rows = await selectUsers(ctx.db, Prisma.sql`WHERE su.organization_id = ${org}::uuid AND ${where} ORDER BY su.created_at, su.id`);
    total = rows.length;
    rows = rows.slice(startIndex - 1, startIndex - 1 + count);
  } else {
    if ((await countUsers(ctx)) > SCAN_LIMIT) throw new ScimError(400, "tooMany", "This filter needs a scan of too many users; filter on userName, externalId or id");
    const all = await selectUsers(ctx.db, Prisma.sql`WHERE su.organization_id = ${org}::uuid ORDER BY su.created_at, su.id`);
    const hits = all.filter((row) => matches("User", serveUser(ctx, row), filter));
    total = hits.length;
    rows = hits.slice(startIndex - 1, startIndex - 1 + count);
  }
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: rows.length,
    Resources: rows.map((row) => project("User", serveUser(ctx, row), query.projection)),
  };
}

/**
 * The userName a `GET /Users?filter=userName eq "…"` looks up (what listUsers
 * answers from the index), or null for any other request: the token's
 * statement then reads those records too (authenticateScimToken).
 */
export function userNameLookup(method: string, path: string, query: Record<string, unknown>): string | null {
  if (method !== "GET" || !/^\/users\/?$/i.test(path)) return null;
  const text = getCI(query, "filter");
  if (typeof text !== "string") return null;
  try {
    const indexed = indexedEquality(parseFilter(text));
    return indexed?.attr === "username" ? indexed.value : null;
  } catch {
    return null; // listUsers answers the invalid filter
  }
}

/** A record as the token's statement returns it (to_jsonb of SELECT_USER's row: times as text). */
function userRowOfJson(value: unknown): UserRow {
  const row = value as UserRow & { created_at: string; updated_at: string };
  return { ...row, created_at: new Date(row.created_at), updated_at: new Date(row.updated_at) };
}

export async function getUser(ctx: ScimContext, id: string): Promise<{ resource: Doc; version: string }> {
  const row = await loadUser(ctx.db, ctx.organizationId, id);
  if (!row) throw scimNotFound(`User ${id}`);
  return { resource: serveUser(ctx, row), version: row.version };
}

/** Splits a canonical document into the stored resource and its indexed columns. */
export function partsOf(doc: Doc) {
  const { userName, externalId, active, ...resource } = doc;
  return { userName: userName as string, externalId: (externalId as string | undefined) ?? null, active: active === undefined ? true : (active as boolean), resource };
}

/**
 * The only uniqueness a record has: userName (case-insensitive, citext) and
 * externalId within the organization's directory. Addresses are not unique
 * (RFC 7643 gives `emails` none): two records may share one, and linking
 * settles which reaches the account. externalId has no unique index (older
 * directories may hold duplicates), so writers of one externalId are
 * serialized by a lock taken before the check, in a statement of its own so
 * that the check sees what the lock's previous holder committed. The same
 * statement reads the organization's verified domains, which linking needs next.
 */
async function assertUnique(tx: SqlClient, organizationId: string, userName: string, externalId: string | null, self: string | null): Promise<ReadonlySet<string>> {
  if (externalId !== null) await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`scim-external-id:${organizationId}:${externalId}`}, 0))`;
  const [taken] = await tx.$queryRaw<{ user_name: boolean; external_id: boolean; verified_domains: string[] }[]>`
    SELECT EXISTS (SELECT 1 FROM scim_users WHERE organization_id = ${organizationId}::uuid AND user_name = ${userName}::citext AND id IS DISTINCT FROM ${self}::uuid) AS user_name,
           EXISTS (SELECT 1 FROM scim_users WHERE organization_id = ${organizationId}::uuid AND external_id = ${externalId} AND id IS DISTINCT FROM ${self}::uuid) AS external_id,
           ARRAY(SELECT lower(domain::text) FROM sso_domains WHERE organization_id = ${organizationId}::uuid AND verified_at IS NOT NULL) AS verified_domains`;
  if (taken!.user_name) throw uniqueness(`userName ${JSON.stringify(userName)} is already provisioned`);
  if (taken!.external_id) throw uniqueness(`externalId ${JSON.stringify(externalId)} is already provisioned`);
  return new Set(taken!.verified_domains);
}

/** user.provisioned / user.deprovisioned of a linked record, with the account's e-mail. */
export async function emitUserEvent(tx: SqlClient, organizationId: string, type: "user.provisioned" | "user.deprovisioned", userId: string, scimUserId: string) {
  const [user] = await tx.$queryRaw<{ email: string }[]>`SELECT email::text FROM users WHERE id = ${userId}::uuid`;
  await emitEvent(tx, organizationId, type, { userId, email: user!.email, scimUserId });
}

export const auditResource = (scimId: string, userId: string | null) => (userId ? { type: "user", id: userId } : { type: "scim_user", id: scimId });

/** Stores a new full document for an existing record (PUT, and PATCH after applying its operations). */
async function saveUser(ctx: ScimContext, tx: SqlClient, row: UserRow, doc: Doc): Promise<void> {
  const org = ctx.organizationId;
  const { userName, externalId, active, resource } = partsOf(doc);
  const verifiedDomains = await assertUnique(tx, org, userName, externalId, row.id);
  const linkedTo = row.user_id;
  if (linkedTo && row.active && !active) await assertNotLastOwner(tx, org, linkedTo);
  const transition = row.active === active ? null : active ? "reactivate" : "deactivate";
  await tx.$executeRaw`
    WITH stats AS (${statsUpsert(org, transition === "deactivate" ? "users_deactivated" : "users_updated")})
    UPDATE scim_users SET user_name = ${userName}, external_id = ${externalId}, active = ${active}, resource = ${JSON.stringify(resource)}::jsonb,
           display_name = ${displayNameOf(doc)}, updated_at = now()
     WHERE id = ${row.id}::uuid`;
  const attributes = directoryAttributes(doc);
  let userId = linkedTo;
  if (linkedTo) {
    await tx.$executeRaw`
      UPDATE memberships SET status = ${active ? "active" : "deactivated"}::membership_status,
             attributes = (attributes - ${[...DIRECTORY_KEYS]}::text[]) || ${JSON.stringify(attributes)}::jsonb, updated_at = now()
       WHERE organization_id = ${org}::uuid AND user_id = ${linkedTo}::uuid`;
    await followDirectoryName(tx, org, linkedTo, displayNameOf(doc));
    if (transition === "reactivate") {
      await tx.$executeRaw`UPDATE users SET status = 'active' WHERE id = ${linkedTo}::uuid AND status = 'deactivated'`;
      await recomputeRoles(tx, ctx.actor, org, [linkedTo]);
    }
  } else if (!row.dismissed) {
    // The directory may now give a usable address (or the conflicting record is gone).
    userId = (await autoLink(tx, { ...ctx, verifiedDomains }, { id: row.id, userName, active, doc })).userId;
  }
  await recordAudit(tx, ctx.actor, {
    action: transition === "deactivate" ? "scim.user_deactivate" : transition === "reactivate" ? "scim.user_reactivate" : "scim.user_update",
    organizationId: org,
    resource: auditResource(row.id, userId),
    details: { scimId: row.id, active, linked: userId !== null, ...(userId && !linkedTo ? { linkedNow: true } : {}), attributes },
    personal: { userName },
  });
  if (linkedTo && transition === "deactivate") {
    await ctx.jobs.send(tx, QUEUES.scimSync, { kind: "revoke", organizationId: org, userId: linkedTo, reason: "deactivated" });
    await requestBackchannelLogout(tx, linkedTo, "scim_deactivated", org);
    await emitUserEvent(tx, org, "user.deprovisioned", linkedTo, row.id);
  } else if (userId && active && (transition === "reactivate" || !linkedTo)) await emitUserEvent(tx, org, "user.provisioned", userId, row.id);
}

async function writeUser(ctx: ScimContext, id: string, ifMatch: string | undefined, next: (row: UserRow) => Doc) {
  try {
    // On node-postgres (pg-transaction.ts): Prisma's interactive transaction cost more CPU than the statements.
    await pgTransaction(ctx.db, async (tx) => {
      const row = await loadUser(tx, ctx.organizationId, id, true);
      if (!row) throw scimNotFound(`User ${id}`);
      checkIfMatch(ifMatch, row.version);
      await saveUser(ctx, tx, row, next(row));
    });
  } catch (error) {
    if (isUniqueError(error)) throw uniqueness("userName is already provisioned");
    throw error;
  }
  return getUser(ctx, id);
}

export async function replaceUser(ctx: ScimContext, id: string, body: unknown, ifMatch?: string) {
  const doc = canonicalize("User", body);
  return writeUser(ctx, id, ifMatch, (row) => {
    const sentId = (body as Doc)["id"];
    if (typeof sentId === "string" && sentId !== row.id) throw mutability("id cannot be changed");
    return doc;
  });
}

export async function patchUser(ctx: ScimContext, id: string, body: unknown, ifMatch?: string) {
  const operations = readPatchRequest(body);
  return writeUser(ctx, id, ifMatch, (row) => {
    const doc: Doc = structuredClone({ ...row.resource, userName: row.user_name, active: row.active, ...(row.external_id ? { externalId: row.external_id } : {}) });
    for (const op of operations) applyOperation("User", doc, op);
    return canonicalize("User", doc);
  });
}

export async function deleteUser(ctx: ScimContext, id: string, ifMatch?: string): Promise<void> {
  const org = ctx.organizationId;
  await pgTransaction(ctx.db, async (tx) => {
    const row = await loadUser(tx, org, id, true);
    if (!row) throw scimNotFound(`User ${id}`);
    checkIfMatch(ifMatch, row.version);
    const userId = row.user_id;
    if (userId) {
      await assertNotLastOwner(tx, org, userId);
      await tx.$executeRaw`DELETE FROM group_members gm USING groups g WHERE g.id = gm.group_id AND g.organization_id = ${org}::uuid AND gm.user_id = ${userId}::uuid`;
    }
    await tx.$executeRaw`WITH stats AS (${statsUpsert(org, "users_deleted")}) DELETE FROM scim_users WHERE id = ${row.id}::uuid`;
    if (userId) {
      await tx.$executeRaw`DELETE FROM memberships WHERE organization_id = ${org}::uuid AND user_id = ${userId}::uuid`;
      // The account stays for the person's other organizations; with none left it is deactivated.
      await tx.$executeRaw`
        UPDATE users SET status = 'deactivated', updated_at = now()
         WHERE id = ${userId}::uuid AND platform_role IS NULL AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id)`;
    }
    await recordAudit(tx, ctx.actor, {
      action: "scim.user_delete",
      organizationId: org,
      resource: auditResource(row.id, userId),
      details: { scimId: row.id, linked: userId !== null },
      personal: { userName: row.user_name },
    });
    if (userId) {
      await ctx.jobs.send(tx, QUEUES.scimSync, { kind: "revoke", organizationId: org, userId, reason: "deleted" });
      await requestBackchannelLogout(tx, userId, "scim_deactivated", org);
    }
    if (userId && row.active) await emitUserEvent(tx, org, "user.deprovisioned", userId, row.id);
  });
}
