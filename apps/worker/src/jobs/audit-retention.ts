/**
 * Daily retention: for every organization, deletes audit events past its
 * retention (never held ones; see packages/core/src/audit/retention.ts) and
 * sent mail and finished exports past theirs. Singleton: one run at a time
 * fleet-wide; every batch commits on its own, so a run killed half-way
 * resumes where it stopped.
 */
import { purgeAuditEvents, purgeOperationalData } from "@atrium/core";
import type { QueueDefinition } from "./types.ts";

export const auditRetention: QueueDefinition = {
  name: "audit-retention",
  description: "Deletes audit events, mail and exports past each organization's retention, sparing legal holds",
  schedule: "30 2 * * *",
  options: { policy: "singleton", retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 4 * 3600 },
  async handle(_job, { db, log }) {
    const orgs = await db.organization.findMany({ where: { deletedAt: null }, select: { id: true } });
    let events = 0;
    let held = 0;
    let emails = 0;
    let exports = 0;
    for (const { id } of orgs) {
      const audit = await purgeAuditEvents(db, id);
      const operational = await purgeOperationalData(db, id);
      events += audit.deleted;
      held += audit.held;
      emails += operational.emails;
      exports += operational.exports;
    }
    log(`audit-retention: ${events} audit events purged (${held} held), ${emails} e-mails, ${exports} exports`);
    return { organizations: orgs.length, events, held, emails, exports };
  },
};
