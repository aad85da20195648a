/** The organization's own invoices (`billing.invoices.*`); staff settle and generate them under `staff.billing.invoices`. */
import { invoiceDetail, listOrgInvoices } from "@atrium/core/billing";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { permissionProcedure } from "../../trpc/procedures.ts";
import { ZInvoiceDetail, ZInvoiceRow } from "./schemas.ts";

export const invoicesRouter = router({
  list: permissionProcedure("billing:read_invoices")
    .output(z.array(ZInvoiceRow))
    .query(({ ctx }) => listOrgInvoices(ctx.db, ctx.access.organization.id)),

  get: permissionProcedure("billing:read_invoices")
    .input(z.object({ invoiceId: z.uuid() }))
    .output(ZInvoiceDetail)
    .query(({ ctx, input }) => invoiceDetail(ctx.db, input.invoiceId, ctx.access.organization.id)),
});
