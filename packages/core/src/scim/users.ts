/**
 * SCIM Users of one organization. A SCIM user is a row of `scim_users` (the
 * resource as stored) linked to an Atrium user — found by e-mail, or created —
 * and to that user's membership: `active` is the membership's status, the
 * Enterprise extension (and `title`) become the member's directory attributes
 * that ABAC conditions read, and the role comes from group mappings. Users
 * are global, so deleting a SCIM user removes the membership, never the
 * person's account elsewhere.
 */
import type { Tx } from "@atrium/db";
import { recordAudit } from "../audit/writer.ts";
import { bumpStats, etagOf, isUniqueError, TX_OPTIONS, UUID, type ScimContext } from "./context.ts";
import { canonicalize, project, type Projection } from "./document.ts";
import { invalidValue, mutability, ScimError, scimNotFound, uniqueness } from "./errors.ts";
import { indexedEquality, matches, parseFilter } from "./filter.ts";
import { applyOperation, readPatchRequest, type Doc } from "./patch.ts";
import { ENTERPRISE_SCHEMA, LIST_SCHEMA, MAX_RESULTS, USER_SCHEMA } from "./schema.ts";
import { recomputeRoles } from "./sync.ts";

interface UserRow {
  id: string;
  user_id: string;
  user_name: string;
  external_id: string | null;
  active: boolean;
  resource: Doc;
  created_at: Date;
  updated_at: Date;
  version: string;
  groups: { value: string; display: string }[];
}

const SELECT_USER = `
  SELECT su.id::text, su.user_id::text, su.user_name::text, su.external_id, su.active, su.resource, su.created_at, su.updated_at, su.xmin::text AS version,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('value', g.id, 'display', g.name) ORDER BY g.name), '[]')
            FROM group_members gm JOIN groups g ON g.id = gm.group_id
           WHERE gm.user_id = su.user_id AND g.organization_id = su.organization_id AND g.source = 'scim') AS groups
    FROM scim_users su`;

/** The directory attributes a membership gets from a SCIM user (ABAC reads them). */
const DIRECTORY_KEYS = ["department", "title", "employeeNumber", "costCenter", "organization", "division", "manager"] as const;

function directoryAttributes(doc: Doc): Record<string, string> {
  const ext = (doc[ENTERPRISE_SCHEMA] ?? {}) as Doc;
  const out: Record<string, string> = {};
  for (const key of DIRECTORY_KEYS) {
    const v = key === "title" ? doc["title"] : key === "manager" ? (ext["manager"] as Doc | undefined)?.["value"] : ext[key];
    if (typeof v === "string" && v !== "") out[key] = v;
  }
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The sign-in address: the primary e-mail, else the first, else the userName if it is one. */
function emailOf(doc: Doc): string {
  const emails = (Array.isArray(doc["emails"]) ? doc["emails"] : []) as Doc[];
  const candidates = [emails.find((e) => e["primary"] === true)?.["value"], emails[0]?.["value"], doc["userName"]];
  const email = candidates.find((c): c is string => typeof c === "string" && EMAIL.test(c.trim()));
  if (!email) throw invalidValue("A user needs an e-mail address (in emails or as the userName)");
  if (email.length > 320) throw invalidValue("The e-mail address is too long");
  return email.trim().toLowerCase();
}

function displayNameOf(doc: Doc): string {
  const name = (doc["name"] ?? {}) as Doc;
  const composed = [name["givenName"], name["familyName"]].filter((s) => typeof s === "string" && s).join(" ");
  const chosen = [doc["displayName"], name["formatted"], composed, doc["userName"]].find((s): s is string => typeof s === "string" && s.trim() !== "");
  return chosen!.trim().slice(0, 200);
}

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

async function loadUser(db: ScimContext["db"] | Tx, organizationId: string, id: string, lock = false): Promise<UserRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.$queryRawUnsafe<UserRow[]>(`${SELECT_USER} WHERE su.organization_id = $1::uuid AND su.id = $2::uuid${lock ? " FOR UPDATE OF su" : ""}`, organizationId, id);
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

/** The rows a filter selects: an index for `userName/externalId/id eq`, otherwise the organization's users evaluated in memory. */
const SCAN_LIMIT = 100_000;

export async function listUsers(ctx: ScimContext, query: ListQuery) {
  const { startIndex, count } = pageOf(query);
  const filter = query.filter !== undefined ? parseFilter(query.filter) : undefined;
  const indexed = filter ? indexedEquality(filter) : null;
  let total: number;
  let rows: UserRow[];
  const org = ctx.organizationId;
  if (!filter) {
    const [c] = await ctx.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM scim_users WHERE organization_id = ${org}::uuid`;
    total = c!.n;
    rows = count === 0 ? [] : await ctx.db.$queryRawUnsafe<UserRow[]>(`${SELECT_USER} WHERE su.organization_id = $1::uuid ORDER BY su.created_at, su.id OFFSET $2 LIMIT $3`, org, startIndex - 1, count);
  } else if (indexed && ["username", "externalid", "id"].includes(indexed.attr)) {
    const column = indexed.attr === "username" ? "su.user_name" : indexed.attr === "externalid" ? "su.external_id" : "su.id";
    if (indexed.attr === "id" && !UUID.test(indexed.value)) rows = [];
    else rows = await ctx.db.$queryRawUnsafe<UserRow[]>(`${SELECT_USER} WHERE su.organization_id = $1::uuid AND ${column} = $2${indexed.attr === "id" ? "::uuid" : ""} ORDER BY su.created_at, su.id`, org, indexed.value);
    total = rows.length;
    rows = rows.slice(startIndex - 1, startIndex - 1 + count);
  } else {
    const [c] = await ctx.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM scim_users WHERE organization_id = ${org}::uuid`;
    if (c!.n > SCAN_LIMIT) throw new ScimError(400, "tooMany", "This filter needs a scan of too many users; filter on userName, externalId or id");
    const all = await ctx.db.$queryRawUnsafe<UserRow[]>(`${SELECT_USER} WHERE su.organization_id = $1::uuid ORDER BY su.created_at, su.id`, org);
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

export async function getUser(ctx: ScimContext, id: string): Promise<{ resource: Doc; version: string }> {
  const row = await loadUser(ctx.db, ctx.organizationId, id);
  if (!row) throw scimNotFound(`User ${id}`);
  return { resource: serveUser(ctx, row), version: row.version };
}

/** Splits a canonical document into the stored resource and its indexed columns. */
function partsOf(doc: Doc) {
  const { userName, externalId, active, ...resource } = doc;
  return { userName: userName as string, externalId: (externalId as string | undefined) ?? null, active: active === undefined ? true : (active as boolean), resource };
}

async function assertNotLastOwner(tx: Tx, organizationId: string, userId: string) {
  const [row] = await tx.$queryRaw<{ owner: boolean; others: number }[]>`
    SELECT m.role = 'owner' AS owner,
           (SELECT count(*)::int FROM memberships o WHERE o.organization_id = m.organization_id AND o.role = 'owner' AND o.status = 'active' AND o.user_id <> m.user_id) AS others
      FROM memberships m WHERE m.organization_id = ${organizationId}::uuid AND m.user_id = ${userId}::uuid`;
  if (row?.owner && row.others === 0) throw mutability("The organization's last owner cannot be deactivated or removed by provisioning");
}

export async function createUser(ctx: ScimContext, body: unknown): Promise<{ resource: Doc; version: string; id: string }> {
  const doc = canonicalize("User", body);
  const email = emailOf(doc);
  const name = displayNameOf(doc);
  const { userName, externalId, active, resource } = partsOf(doc);
  const org = ctx.organizationId;
  try {
    const row = await ctx.db.$transaction(async (tx) => {
      // Everything creation depends on, in one round trip.
      const [found] = await tx.$queryRaw<
        { taken: boolean; user_id: string | null; user_status: string | null; linked: boolean; membership_id: string | null; default_role: string }[]
      >`
        SELECT EXISTS (SELECT 1 FROM scim_users WHERE organization_id = ${org}::uuid AND user_name = ${userName}) AS taken,
               u.id::text AS user_id, u.status::text AS user_status,
               EXISTS (SELECT 1 FROM scim_users s WHERE s.organization_id = ${org}::uuid AND s.user_id = u.id) AS linked,
               (SELECT m.id::text FROM memberships m WHERE m.organization_id = ${org}::uuid AND m.user_id = u.id) AS membership_id,
               coalesce((SELECT c.default_role::text FROM scim_connections c WHERE c.organization_id = ${org}::uuid), 'member') AS default_role
          FROM (SELECT 1) one LEFT JOIN users u ON u.email = ${email}`;
      if (found!.taken) throw uniqueness(`userName ${JSON.stringify(userName)} is already provisioned`);
      if (found!.linked) throw uniqueness(`Another provisioned user already has the e-mail ${email}`);
      let userId: string;
      if (!found!.user_id) {
        const [inserted] = await tx.$queryRaw<{ id: string }[]>`INSERT INTO users (email, name) VALUES (${email}, ${name}) RETURNING id::text`;
        userId = inserted!.id;
      } else if (active && found!.user_status === "deactivated") {
        userId = found!.user_id;
        await tx.$executeRaw`UPDATE users SET status = 'active', updated_at = now() WHERE id = ${userId}::uuid`;
      } else userId = found!.user_id;
      const attributes = directoryAttributes(doc);
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
      const [created] = await tx.$queryRaw<UserRow[]>`
        INSERT INTO scim_users (organization_id, user_id, user_name, external_id, active, resource)
        VALUES (${org}::uuid, ${userId}::uuid, ${userName}, ${externalId}, ${active}, ${JSON.stringify(resource)}::jsonb)
        RETURNING id::text, user_id::text, user_name::text, external_id, active, resource, created_at, updated_at, xmin::text AS version, '[]'::jsonb AS groups`;
      // An adopted membership takes the provisioned role (a new one already has it: no groups yet).
      if (found!.membership_id) await recomputeRoles(tx, ctx.actor, org, [userId]);
      await bumpStats(tx, org, "users_created");
      await recordAudit(tx, ctx.actor, {
        action: "scim.user_create",
        organizationId: org,
        resource: { type: "user", id: userId },
        details: { scimId: created!.id, active, linkedExisting: found!.membership_id !== null, attributes },
        personal: { userName, email },
      });
      if (!active) await ctx.jobs.send(tx, { kind: "revoke", organizationId: org, userId, reason: "deactivated" });
      return created!;
    }, TX_OPTIONS);
    return { resource: serveUser(ctx, row), version: row.version, id: row.id };
  } catch (error) {
    if (isUniqueError(error)) throw uniqueness(`userName ${JSON.stringify(userName)} or its e-mail is already provisioned`);
    throw error;
  }
}

/** Stores a new full document for an existing user (PUT, and PATCH after applying its operations). */
async function saveUser(ctx: ScimContext, tx: Tx, row: UserRow, doc: Doc): Promise<void> {
  const org = ctx.organizationId;
  const { userName, externalId, active, resource } = partsOf(doc);
  emailOf(doc);
  if (userName.toLowerCase() !== row.user_name.toLowerCase()) {
    const taken = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM scim_users WHERE organization_id = ${org}::uuid AND user_name = ${userName} AND id <> ${row.id}::uuid`;
    if (taken.length) throw uniqueness(`userName ${JSON.stringify(userName)} is already provisioned`);
  }
  const attributes = directoryAttributes(doc);
  if (row.active && !active) await assertNotLastOwner(tx, org, row.user_id);
  await tx.$executeRaw`
    UPDATE scim_users SET user_name = ${userName}, external_id = ${externalId}, active = ${active}, resource = ${JSON.stringify(resource)}::jsonb, updated_at = now()
     WHERE id = ${row.id}::uuid`;
  await tx.$executeRaw`
    UPDATE memberships SET status = ${active ? "active" : "deactivated"}::membership_status,
           attributes = (attributes - ${[...DIRECTORY_KEYS]}::text[]) || ${JSON.stringify(attributes)}::jsonb, updated_at = now()
     WHERE organization_id = ${org}::uuid AND user_id = ${row.user_id}::uuid`;
  // The account's display name follows the directory while the person belongs to this organization only.
  await tx.$executeRaw`
    UPDATE users SET name = ${displayNameOf(doc)}, updated_at = now()
     WHERE id = ${row.user_id}::uuid AND name <> ${displayNameOf(doc)}
       AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = users.id AND o.organization_id <> ${org}::uuid)`;
  const transition = row.active === active ? null : active ? "reactivate" : "deactivate";
  if (transition === "reactivate") {
    await tx.$executeRaw`UPDATE users SET status = 'active' WHERE id = ${row.user_id}::uuid AND status = 'deactivated'`;
    await recomputeRoles(tx, ctx.actor, org, [row.user_id]);
  }
  await bumpStats(tx, org, transition === "deactivate" ? "users_deactivated" : "users_updated");
  await recordAudit(tx, ctx.actor, {
    action: transition === "deactivate" ? "scim.user_deactivate" : transition === "reactivate" ? "scim.user_reactivate" : "scim.user_update",
    organizationId: org,
    resource: { type: "user", id: row.user_id },
    details: { scimId: row.id, active, attributes },
    personal: { userName },
  });
  if (transition === "deactivate") await ctx.jobs.send(tx, { kind: "revoke", organizationId: org, userId: row.user_id, reason: "deactivated" });
}

async function writeUser(ctx: ScimContext, id: string, ifMatch: string | undefined, next: (row: UserRow) => Doc) {
  try {
    await ctx.db.$transaction(async (tx) => {
      const row = await loadUser(tx, ctx.organizationId, id, true);
      if (!row) throw scimNotFound(`User ${id}`);
      checkIfMatch(ifMatch, row.version);
      await saveUser(ctx, tx, row, next(row));
    }, TX_OPTIONS);
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
  await ctx.db.$transaction(async (tx) => {
    const row = await loadUser(tx, org, id, true);
    if (!row) throw scimNotFound(`User ${id}`);
    checkIfMatch(ifMatch, row.version);
    await assertNotLastOwner(tx, org, row.user_id);
    await tx.$executeRaw`DELETE FROM group_members gm USING groups g WHERE g.id = gm.group_id AND g.organization_id = ${org}::uuid AND gm.user_id = ${row.user_id}::uuid`;
    await tx.$executeRaw`DELETE FROM scim_users WHERE id = ${row.id}::uuid`;
    await tx.$executeRaw`DELETE FROM memberships WHERE organization_id = ${org}::uuid AND user_id = ${row.user_id}::uuid`;
    // The account stays for the person's other organizations; with none left it is deactivated.
    await tx.$executeRaw`
      UPDATE users SET status = 'deactivated', updated_at = now()
       WHERE id = ${row.user_id}::uuid AND platform_role IS NULL AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id)`;
    await bumpStats(tx, org, "users_deleted");
    await recordAudit(tx, ctx.actor, {
      action: "scim.user_delete",
      organizationId: org,
      resource: { type: "user", id: row.user_id },
      details: { scimId: row.id },
      personal: { userName: row.user_name },
    });
    await ctx.jobs.send(tx, { kind: "revoke", organizationId: org, userId: row.user_id, reason: "deleted" });
  }, TX_OPTIONS);
}
