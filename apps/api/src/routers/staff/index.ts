/**
 * Everything only platform staff call (`staff.*`), the CSM portal's API. Here:
 * who the caller is as staff, the staff who can be assigned, CSM assignments and
 * the staff permission list. Beside this file, one router per portal feature
 * (apps/csm-web/src/features/<feature>):
 *   customers      the customer list, plans and feature overrides
 *   health         portfolio, one customer's health, the health model, renewal outcomes
 *   renewals       the renewal pipeline
 *   sla            monthly SLA figures per customer
 *   desk           the support desk (triage, replies, internal notes)
 *   qbr            quarterly business reviews
 *   impersonation  audited "log in as customer" (also read by the admin console's banner)
 *   billing        contracts and invoices, written by staff
 *   applications   the vendor's applications (OIDC clients, secret keys)
 *   webhooks       the applications' webhook endpoints and deliveries
 * Each procedure is a staffProcedure (403 for anyone else, audited) and most
 * name a staff permission; customers outside the caller's scope are 404.
 */
import { AppError } from "@atrium/core/errors";
import { assignCustomer, loadStaff } from "@atrium/core/staff";
import { STAFF_PERMISSIONS, type StaffPermission } from "@atrium/rbac";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffProcedure } from "../../trpc/procedures.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZOk, ok } from "../schemas.ts";
import { applicationsRouter } from "./applications.ts";
import { contractsRouter, invoicesRouter } from "./contracts.ts";
import { customersRouter } from "./customers.ts";
import { deskRouter } from "./desk.ts";
import { healthRouter } from "./health.ts";
import { impersonationRouter } from "./impersonation.ts";
import { qbrRouter } from "./qbr.ts";
import { renewalsRouter } from "./renewals.ts";
import { slaRouter } from "./sla.ts";
import { webhooksRouter } from "./webhooks.ts";

export const staffRouter = router({
  /** Who the caller is as staff: role, scope and permissions (the portal hides what they cannot do). */
  me: staffProcedure
    .output(z.object({ role: z.string(), scope: z.enum(["all", "assigned"]), permissions: z.array(z.string()) }))
    .query(async ({ ctx }) => {
      const staff = await loadStaff(ctx.db, ctx.user);
      if (!staff) throw new AppError("FORBIDDEN", { userMessage: "This area is for platform staff." });
      return { role: staff.role, scope: staff.scope, permissions: [...staff.permissions] };
    }),

  /** Platform staff who can be assigned tickets and customers. */
  people: staffPermissionProcedure("portfolio:read")
    .output(z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string(), platformRole: z.string() })))
    .query(async ({ ctx }) => {
      const rows = await ctx.db.user.findMany({ where: { platformRole: { not: null }, status: "active" }, select: { id: true, name: true, email: true, platformRole: true }, orderBy: { name: "asc" } });
      return rows.map((r) => ({ ...r, platformRole: r.platformRole! }));
    }),

  assign: staffPermissionProcedure("assignments:manage")
    .input(z.object({ organizationId: z.uuid(), csmUserId: z.uuid() }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(assignCustomer(ctx.db, ctx.staff, ctx.actor, input))),

  permissions: staffProcedure
    .output(z.array(z.object({ name: z.string(), description: z.string() })))
    .query(() => (Object.keys(STAFF_PERMISSIONS) as StaffPermission[]).map((name) => ({ name, description: STAFF_PERMISSIONS[name] }))),

  customers: customersRouter,
  health: healthRouter,
  renewals: renewalsRouter,
  sla: slaRouter,
  desk: deskRouter,
  qbr: qbrRouter,
  impersonation: impersonationRouter,
  billing: router({ contracts: contractsRouter, invoices: invoicesRouter }),
  applications: applicationsRouter,
  webhooks: webhooksRouter,
});
