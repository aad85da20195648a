/** Helpers for core's tests: act as a demo user in an organization. */
import type { Db } from "@atrium/db";
import { contextFor, loadOrgAccess, permissionsOf } from "./access/service.ts";
import { actorForUser } from "./actor.ts";
import type { Changer } from "./members/service.ts";

export async function changerFor(db: Db, email: string, organizationId: string): Promise<Changer> {
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, platformRole: true } });
  const actor = actorForUser(user, { ip: "192.0.2.10", requestId: "test" });
  const access = await loadOrgAccess(db, user.id, organizationId);
  if (!access) throw new Error(`${email} has no access to ${organizationId}`);
  return { actor, access, permissions: permissionsOf(access, contextFor(actor, access)) };
}
