/**
 * Daily contract invoicing: invoices every billing period that has ended
 * (one invoice per contract and period, whatever the number of runs), then
 * flags open invoices past their due date (once each). Singleton.
 */
import { detectOverdue, runInvoicing } from "@atrium/core/billing";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export function billingInvoices(publicUrl: string): QueueDefinition {
  return defineJob(QUEUES.billingInvoices, {
    schedule: "15 1 * * *",
    async handle(_job, { db, log }) {
      const today = new Date();
      const invoiced = await runInvoicing(db, today, publicUrl);
      const overdue = await detectOverdue(db, today, publicUrl);
      log(`billing-invoices: ${invoiced.invoices} invoices for ${invoiced.contracts} contracts, ${overdue} newly overdue`);
      return { ...invoiced, overdue };
    },
  });
}
