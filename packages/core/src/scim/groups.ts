/**
 * SCIM Groups of one organization, stored as Atrium groups with source
 * 'scim' (so grants and ABAC see them like any group). Membership changes are
 * set-based SQL over the SCIM ids sent — adding 5,000 members is one INSERT,
 * never 5,000 — and members whose role may change (the group has a role
 * mapping) are recomputed inline when few, by a scim-sync job when many.
 */
import { pgTransaction, type SqlClient } from "@atrium/db";
import { recordAudit } from "../audit/writer.ts";
import { bumpStats, etagOf, isUniqueError, UUID, type ScimContext } from "./context.ts";
import { canonicalize, project } from "./document.ts";
import { invalidValue, mutability, scimNotFound, uniqueness } from "./errors.ts";
import { getCI, indexedEquality, matches, parseFilter, type Filter } from "./filter.ts";
import { applyOperation, readPatchRequest, resolvePatchPath, type Doc, type PatchOperation } from "./patch.ts";
import { GROUP_SCHEMA, LIST_SCHEMA } from "./schema.ts";
import { recomputeRoles } from "./sync.ts";
import { checkIfMatch, pageOf, type ListQuery } from "./users.ts";
import { emitEvent } from "../events/emit.ts";
import { QUEUES } from "../jobs/catalogue.ts";

interface GroupRow {
  id: string;
  name: string;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: string;
  members?: { value: string; display: string }[];
}

/** Recompute inline up to this many changed members; beyond, a scim-sync job does it. */
const INLINE_ROLE_RECOMPUTE = 50;
const MAX_MEMBERS_PER_REQUEST = 20_000;

const selectGroup = (withMembers: boolean) => `
  SELECT g.id::text, g.name::text AS name, g.external_id, g.created_at, g.updated_at, g.xmin::text AS version
         ${
           withMembers
             ? `, (SELECT coalesce(jsonb_agg(jsonb_build_object('value', su.id, 'display', coalesce(nullif(su.display_name, ''), u.name, su.user_name::text)) ORDER BY su.created_at), '[]')
                  FROM scim_group_members sgm JOIN scim_users su ON su.id = sgm.scim_user_id
                  LEFT JOIN users u ON u.id = su.user_id WHERE sgm.group_id = g.id) AS members`
             : ""
         }
    FROM groups g`;

function serveGroup(ctx: ScimContext, row: GroupRow): Doc {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    displayName: row.name,
    ...(row.members ? { members: row.members.map((m) => ({ value: m.value, $ref: `${ctx.baseUrl}/Users/${m.value}`, display: m.display, type: "User" })) } : {}),
    meta: {
      resourceType: "Group",
      created: row.created_at.toISOString(),
      lastModified: row.updated_at.toISOString(),
      location: `${ctx.baseUrl}/Groups/${row.id}`,
      version: etagOf(row.version),
    },
  };
}

async function loadGroup(db: SqlClient, organizationId: string, id: string, withMembers: boolean, lock = false): Promise<GroupRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.$queryRawUnsafe<GroupRow[]>(
    `${selectGroup(withMembers)} WHERE g.organization_id = $1::uuid AND g.source = 'scim' AND g.id = $2::uuid${lock ? " FOR UPDATE OF g" : ""}`,
    organizationId,
    id,
  );
  return row ?? null;
}

const mentionsMembers = (f: Filter): boolean => {
  switch (f.op) {
    case "and":
    case "or":
      return mentionsMembers(f.left) || mentionsMembers(f.right);
    case "not":
      return mentionsMembers(f.filter);
    default:
      return f.path.attr.toLowerCase() === "members";
  }
};

/** Members are served unless excluded (Entra and Okta ask for excludedAttributes=members). */
const wantsMembers = (query: ListQuery) => {
  const { attributes, excludedAttributes } = query.projection;
  if (attributes?.length) return attributes.some((a) => a.toLowerCase().replace(`${GROUP_SCHEMA.toLowerCase()}:`, "").startsWith("members"));
  return !excludedAttributes?.some((a) => a.toLowerCase() === "members");
};

export async function listGroups(ctx: ScimContext, query: ListQuery) {
  const { startIndex, count } = pageOf(query);
  const filter = query.filter !== undefined ? parseFilter(query.filter) : undefined;
  const indexed = filter ? indexedEquality(filter) : null;
  const org = ctx.organizationId;
  const withMembers = wantsMembers(query) || (filter !== undefined && mentionsMembers(filter));
  let rows: GroupRow[];
  if (indexed && ["displayname", "externalid", "id"].includes(indexed.attr)) {
    const column = indexed.attr === "displayname" ? "g.name" : indexed.attr === "externalid" ? "g.external_id" : "g.id";
    rows =
      indexed.attr === "id" && !UUID.test(indexed.value)
        ? []
        : await ctx.db.$queryRawUnsafe<GroupRow[]>(
            `${selectGroup(withMembers)} WHERE g.organization_id = $1::uuid AND g.source = 'scim' AND ${column} = $2${indexed.attr === "id" ? "::uuid" : ""} ORDER BY g.created_at, g.id`,
            org,
            indexed.value,
          );
  } else {
    rows = await ctx.db.$queryRawUnsafe<GroupRow[]>(`${selectGroup(withMembers)} WHERE g.organization_id = $1::uuid AND g.source = 'scim' ORDER BY g.created_at, g.id`, org);
    if (filter) rows = rows.filter((row) => matches("Group", serveGroup(ctx, row), filter));
  }
  const page = rows.slice(startIndex - 1, startIndex - 1 + count);
  return {
    schemas: [LIST_SCHEMA],
    totalResults: rows.length,
    startIndex,
    itemsPerPage: page.length,
    Resources: page.map((row) => project("Group", serveGroup(ctx, row), query.projection)),
  };
}

export async function getGroup(ctx: ScimContext, id: string, query?: ListQuery): Promise<{ resource: Doc; version: string }> {
  const row = await loadGroup(ctx.db, ctx.organizationId, id, query ? wantsMembers(query) : true);
  if (!row) throw scimNotFound(`Group ${id}`);
  return { resource: serveGroup(ctx, row), version: row.version };
}

/** SCIM user ids of member values; refuses malformed and unknown ones. */
function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  if (list.length > MAX_MEMBERS_PER_REQUEST) throw invalidValue(`At most ${MAX_MEMBERS_PER_REQUEST} members per request`);
  const ids = list.map((m) => (m !== null && typeof m === "object" ? getCI(m, "value") : m));
  for (const id of ids) if (typeof id !== "string" || !UUID.test(id)) throw invalidValue(`Member ${JSON.stringify(id)} is not a user id`);
  return [...new Set((ids as string[]).map((i) => i.toLowerCase()))];
}

async function assertKnownUsers(tx: SqlClient, organizationId: string, ids: string[]) {
  if (ids.length === 0) return;
  const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM scim_users WHERE organization_id = ${organizationId}::uuid AND id = ANY (${ids}::uuid[])`;
  if (row!.n !== ids.length) throw invalidValue(`${ids.length - row!.n} member value(s) are not users provisioned in this organization`);
}

/** A directory member added or removed, with its linked account (null while unlinked). */
interface Changed {
  scim_id: string;
  user_id: string | null;
}

const accountsOf = (changed: Changed[]) => changed.flatMap((c) => (c.user_id ? [c.user_id] : []));

/**
 * Directory membership lives in scim_group_members (linked and unlinked
 * records alike); group_members mirrors it for linked records' accounts, in
 * the same statement batch.
 */
async function addMembers(tx: SqlClient, org: string, groupId: string, ids: string[]): Promise<Changed[]> {
  if (ids.length === 0) return [];
  await assertKnownUsers(tx, org, ids);
  const added = await tx.$queryRaw<Changed[]>`
    WITH ins AS (
      INSERT INTO scim_group_members (organization_id, group_id, scim_user_id)
      SELECT ${org}::uuid, ${groupId}::uuid, su.id FROM scim_users su WHERE su.organization_id = ${org}::uuid AND su.id = ANY (${ids}::uuid[])
      ON CONFLICT DO NOTHING RETURNING scim_user_id)
    SELECT su.id::text AS scim_id, su.user_id::text FROM ins JOIN scim_users su ON su.id = ins.scim_user_id`;
  await tx.$executeRaw`
    INSERT INTO group_members (group_id, user_id)
    SELECT ${groupId}::uuid, su.user_id FROM scim_users su WHERE su.organization_id = ${org}::uuid AND su.id = ANY (${ids}::uuid[]) AND su.user_id IS NOT NULL
    ON CONFLICT DO NOTHING`;
  return added;
}

async function removeMembers(tx: SqlClient, org: string, groupId: string, ids: string[] | "all"): Promise<Changed[]> {
  if (ids !== "all" && ids.length === 0) return [];
  const all = ids === "all";
  const list = all ? [] : ids;
  const removed = await tx.$queryRaw<Changed[]>`
    DELETE FROM scim_group_members sgm USING scim_users su
     WHERE sgm.group_id = ${groupId}::uuid AND su.id = sgm.scim_user_id AND su.organization_id = ${org}::uuid
       AND (${all} OR su.id = ANY (${list}::uuid[]))
    RETURNING su.id::text AS scim_id, su.user_id::text`;
  if (all) await tx.$executeRaw`DELETE FROM group_members WHERE group_id = ${groupId}::uuid`;
  else await tx.$executeRaw`DELETE FROM group_members WHERE group_id = ${groupId}::uuid AND user_id = ANY (${accountsOf(removed)}::uuid[])`;
  return removed;
}

async function replaceMembers(tx: SqlClient, org: string, groupId: string, ids: string[]): Promise<{ added: Changed[]; removed: Changed[] }> {
  await assertKnownUsers(tx, org, ids);
  const removed = await tx.$queryRaw<Changed[]>`
    DELETE FROM scim_group_members sgm USING scim_users su
     WHERE sgm.group_id = ${groupId}::uuid AND su.id = sgm.scim_user_id AND NOT (su.id = ANY (${ids}::uuid[]))
    RETURNING su.id::text AS scim_id, su.user_id::text`;
  await tx.$executeRaw`
    DELETE FROM group_members gm
     WHERE gm.group_id = ${groupId}::uuid
       AND NOT EXISTS (SELECT 1 FROM scim_users su WHERE su.organization_id = ${org}::uuid AND su.user_id = gm.user_id AND su.id = ANY (${ids}::uuid[]))`;
  const added = await addMembers(tx, org, groupId, ids);
  return { added, removed };
}

/** After membership changes: roles follow the group's mapping (inline when few, a job when many). */
async function afterMembership(ctx: ScimContext, tx: SqlClient, groupId: string, changedUserIds: string[]) {
  if (changedUserIds.length === 0) return;
  const [mapped] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM scim_group_roles WHERE group_id = ${groupId}::uuid`;
  if (!mapped!.n) return;
  if (changedUserIds.length <= INLINE_ROLE_RECOMPUTE) await recomputeRoles(tx, ctx.actor, ctx.organizationId, changedUserIds);
  else await ctx.jobs.send(tx, QUEUES.scimSync, { kind: "roles", organizationId: ctx.organizationId, userIds: changedUserIds });
}

async function audit(ctx: ScimContext, tx: SqlClient, action: "scim.group_create" | "scim.group_update" | "scim.group_delete", groupId: string, details: Doc) {
  await bumpStats(tx, ctx.organizationId, "groups_changed");
  await recordAudit(tx, ctx.actor, { action, organizationId: ctx.organizationId, resource: { type: "group", id: groupId }, details: details as never });
  const type = action === "scim.group_create" ? "directory_group.created" : action === "scim.group_update" ? "directory_group.updated" : "directory_group.deleted";
  await emitEvent(tx, ctx.organizationId, type, { groupId, displayName: details["name"] as string });
}

export async function createGroup(ctx: ScimContext, body: unknown): Promise<{ resource: Doc; version: string; id: string }> {
  const doc = canonicalize("Group", body);
  const ids = memberIds(doc["members"]);
  const org = ctx.organizationId;
  try {
    // On node-postgres (pg-transaction.ts): Prisma's interactive transaction cost more CPU than the statements.
    const id = await pgTransaction(ctx.db, async (tx) => {
      const [group] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO groups (organization_id, name, source, external_id) VALUES (${org}::uuid, ${doc["displayName"] as string}, 'scim', ${(doc["externalId"] as string | undefined) ?? null})
        RETURNING id::text`;
      const added = await addMembers(tx, org, group!.id, ids);
      await audit(ctx, tx, "scim.group_create", group!.id, { name: doc["displayName"] as string, added: added.length });
      return group!.id;
    });
    const { resource, version } = await getGroup(ctx, id);
    return { resource, version, id };
  } catch (error) {
    if (isUniqueError(error)) throw uniqueness(`A group named ${JSON.stringify(doc["displayName"])} already exists`);
    throw error;
  }
}

async function writeGroup(ctx: ScimContext, id: string, ifMatch: string | undefined, change: (tx: SqlClient, row: GroupRow) => Promise<{ doc: Doc; added: Changed[]; removed: Changed[] }>) {
  const org = ctx.organizationId;
  try {
    await pgTransaction(ctx.db, async (tx) => {
      const row = await loadGroup(tx, org, id, false, true);
      if (!row) throw scimNotFound(`Group ${id}`);
      checkIfMatch(ifMatch, row.version);
      const { doc, added, removed } = await change(tx, row);
      const name = doc["displayName"] as string;
      const externalId = (doc["externalId"] as string | undefined) ?? null;
      await tx.$executeRaw`UPDATE groups SET name = ${name}, external_id = ${externalId}, updated_at = now() WHERE id = ${id}::uuid`;
      await afterMembership(ctx, tx, id, [...new Set([...accountsOf(added), ...accountsOf(removed)])]);
      await audit(ctx, tx, "scim.group_update", id, {
        name,
        ...(name !== row.name ? { renamedFrom: row.name } : {}),
        added: added.length,
        removed: removed.length,
        addedUsers: accountsOf(added).slice(0, 100),
        removedUsers: accountsOf(removed).slice(0, 100),
      });
    });
  } catch (error) {
    if (isUniqueError(error)) throw uniqueness("A group with that displayName already exists");
    throw error;
  }
}

export async function replaceGroup(ctx: ScimContext, id: string, body: unknown, ifMatch?: string, query?: ListQuery) {
  const doc = canonicalize("Group", body);
  const ids = memberIds(doc["members"]);
  const sentId = getCI(body, "id");
  if (typeof sentId === "string" && sentId.toLowerCase() !== id.toLowerCase()) throw mutability("id cannot be changed");
  await writeGroup(ctx, id, ifMatch, async (tx, row) => {
    const { added, removed } = await replaceMembers(tx, ctx.organizationId, row.id, ids);
    return { doc, added, removed };
  });
  return getGroup(ctx, id, query);
}

const isMembersPath = (path: string | undefined) => path !== undefined && /^(urn:ietf:params:scim:schemas:core:2\.0:group:)?members(\[|$|\.)/i.test(path.trim());

export async function patchGroup(ctx: ScimContext, id: string, body: unknown, ifMatch?: string, query?: ListQuery) {
  const operations = readPatchRequest(body);
  const org = ctx.organizationId;
  await writeGroup(ctx, id, ifMatch, async (tx, row) => {
    const doc: Doc = { displayName: row.name, ...(row.external_id ? { externalId: row.external_id } : {}) };
    const added: Changed[] = [];
    const removed: Changed[] = [];
    for (const op of operations) {
      // Without a path, a `members` key is a members operation; the rest applies to the document.
      if (!op.path && op.op !== "remove" && op.value !== null && typeof op.value === "object" && !Array.isArray(op.value)) {
        const { members, ...rest } = Object.fromEntries(Object.entries(op.value as Doc).map(([k, v]) => [k.toLowerCase() === "members" ? "members" : k, v]));
        if (members !== undefined) await membersOp(tx, { op: op.op, path: "members", value: members });
        if (Object.keys(rest).length) applyOperation("Group", doc, { ...op, value: rest });
        continue;
      }
      if (isMembersPath(op.path)) await membersOp(tx, op);
      else applyOperation("Group", doc, op);
    }
    return { doc: canonicalize("Group", doc), added, removed };

    async function membersOp(tx: SqlClient, op: PatchOperation) {
      const target = resolvePatchPath("Group", op.path!);
      if (op.op === "add") {
        if (target.filter || target.sub) throw invalidValue("Add members with path \"members\" and a value array");
        added.push(...(await addMembers(tx, org, row.id, memberIds(op.value))));
      } else if (op.op === "replace" && !target.filter && !target.sub) {
        // Okta: the full list replaces the members.
        const changed = await replaceMembers(tx, org, row.id, memberIds(op.value));
        added.push(...changed.added);
        removed.push(...changed.removed);
      } else if (op.op === "remove") {
        if (target.filter) {
          const current = await tx.$queryRaw<{ value: string }[]>`
            SELECT sgm.scim_user_id::text AS value FROM scim_group_members sgm WHERE sgm.group_id = ${row.id}::uuid`;
          const hits = current.filter((m) => matches("Group", m, target.filter!, target.resolved.attr)).map((m) => m.value);
          removed.push(...(await removeMembers(tx, org, row.id, hits)));
        } else if (op.value !== undefined && op.value !== null) {
          // Entra: remove with a value array removes those members only.
          removed.push(...(await removeMembers(tx, org, row.id, memberIds(op.value))));
        } else removed.push(...(await removeMembers(tx, org, row.id, "all")));
      } else throw invalidValue("Member values are immutable; add or remove members instead");
    }
  });
  return getGroup(ctx, id, query);
}

export async function deleteGroup(ctx: ScimContext, id: string, ifMatch?: string): Promise<void> {
  const org = ctx.organizationId;
  // On node-postgres (pg-transaction.ts), as creation and updates are.
  await pgTransaction(ctx.db, async (tx) => {
    const row = await loadGroup(tx, org, id, false, true);
    if (!row) throw scimNotFound(`Group ${id}`);
    checkIfMatch(ifMatch, row.version);
    // The members whose roles may change: only when the group maps to a role.
    const members = await tx.$queryRaw<{ user_id: string }[]>`
      SELECT user_id::text FROM group_members WHERE group_id = ${id}::uuid AND EXISTS (SELECT FROM scim_group_roles WHERE group_id = ${id}::uuid)`;
    const grantsRevoked = await tx.$executeRaw`
      DELETE FROM resource_grants WHERE organization_id = ${org}::uuid AND subject_type = 'group' AND subject_id = ${id}::uuid`;
    await tx.$executeRaw`DELETE FROM groups WHERE id = ${id}::uuid`;
    if (members.length) await ctx.jobs.send(tx, QUEUES.scimSync, { kind: "roles", organizationId: org, userIds: members.map((m) => m.user_id) });
    await audit(ctx, tx, "scim.group_delete", id, { name: row.name, grantsRevoked, members: members.length });
  });
}
