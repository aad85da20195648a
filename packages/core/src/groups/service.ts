/**
 * Groups of members (managed here; SCIM provisions them too). Grants to a
 * group apply to everyone in it.
 */
import { isUniqueViolation, type Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";

export async function listGroups(db: Db, organizationId: string) {
  const groups = await db.group.findMany({
    where: { organizationId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, description: true, source: true, members: { select: { user: { select: { id: true, name: true, email: true } } } } },
  });
  return groups.map(({ members, ...g }) => ({ ...g, members: members.map((m) => m.user) }));
}

/** Members must belong to the organization; anything else is refused. */
async function assertMembers(db: Db, organizationId: string, userIds: readonly string[]) {
  const found = await db.membership.count({ where: { organizationId, userId: { in: [...userIds] } } });
  if (found !== new Set(userIds).size) throw new AppError("BAD_REQUEST", { userMessage: "Groups can only contain members of the organization." });
}

export async function saveGroup(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: { groupId?: string | undefined; name: string; description: string; memberIds: string[] },
): Promise<{ id: string }> {
  await assertMembers(db, organizationId, input.memberIds);
  return db.$transaction(async (tx) => {
    try {
      let id = input.groupId;
      let before: string[] = [];
      if (id) {
        const existing = await tx.group.findFirst({ where: { id, organizationId }, select: { source: true, members: { select: { userId: true } } } });
        if (!existing) throw notFound("The group");
        if (existing.source === "scim") throw new AppError("CONFLICT", { userMessage: "This group is provisioned by your identity provider; change it there." });
        before = existing.members.map((m) => m.userId);
        await tx.group.update({ where: { id }, data: { name: input.name, description: input.description }, select: { id: true } });
        await tx.groupMember.deleteMany({ where: { groupId: id } });
      } else {
        id = (await tx.group.create({ data: { organizationId, name: input.name, description: input.description }, select: { id: true } })).id;
      }
      await tx.groupMember.createMany({ data: [...new Set(input.memberIds)].map((userId) => ({ groupId: id!, userId })) });
      await recordAudit(tx, actor, {
        action: input.groupId ? "group.update" : "group.create",
        organizationId,
        resource: { type: "group", id },
        details: {
          name: input.name,
          added: input.memberIds.filter((u) => !before.includes(u)),
          removed: before.filter((u) => !input.memberIds.includes(u)),
        },
      });
      return { id };
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", { userMessage: `A group named "${input.name}" already exists.`, cause: error });
      throw error;
    }
  });
}

export async function deleteGroup(db: Db, actor: Actor, organizationId: string, groupId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({ where: { id: groupId, organizationId }, select: { name: true, source: true } });
    if (!group) throw notFound("The group");
    if (group.source === "scim") throw new AppError("CONFLICT", { userMessage: "This group is provisioned by your identity provider; remove it there." });
    const grants = await tx.resourceGrant.deleteMany({ where: { organizationId, subjectType: "group", subjectId: groupId } });
    await tx.group.delete({ where: { id: groupId } });
    await recordAudit(tx, actor, {
      action: "group.delete",
      organizationId,
      resource: { type: "group", id: groupId },
      details: { name: group.name, grantsRevoked: grants.count },
    });
  });
}
