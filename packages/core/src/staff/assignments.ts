/**
 * CSM assignments: which CSM looks after a customer. A customer is its
 * top-level organization (children follow it), and only a platform user whose
 * role is `csm` can be assigned. The assignment and its audit record are
 * written in one transaction.
 */
import type { Db } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError } from "../errors.ts";
import { visibleCustomer, type Staff } from "./access.ts";

/** Assign `csmUserId` to the customer; NOT_FOUND outside the caller's scope, BAD_REQUEST for a child organization or a non-CSM. */
export async function assignCustomer(db: Db, staff: Staff, actor: Actor, input: { organizationId: string; csmUserId: string }): Promise<void> {
  const customer = await visibleCustomer(db, staff, input.organizationId);
  if (customer.rootId !== customer.id) throw new AppError("BAD_REQUEST", { userMessage: "Assign the top-level organization; its children follow it." });
  const csm = await db.user.findUnique({ where: { id: input.csmUserId }, select: { platformRole: true } });
  if (csm?.platformRole !== "csm") throw new AppError("BAD_REQUEST", { userMessage: "Customers are assigned to CSMs." });
  await db.$transaction(async (tx) => {
    await tx.customerAssignment.upsert({
      where: { organizationId: input.organizationId },
      create: { organizationId: input.organizationId, csmUserId: input.csmUserId, assignedById: staff.userId },
      update: { csmUserId: input.csmUserId, assignedById: staff.userId, assignedAt: new Date() },
    });
    await recordAudit(tx, actor, { action: "customer.assign", organizationId: input.organizationId, resource: { type: "organization", id: input.organizationId }, details: { csmUserId: input.csmUserId } });
  });
}
