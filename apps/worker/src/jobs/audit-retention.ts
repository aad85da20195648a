/**
 * Daily retention: first drops whole monthly partitions that are expired for
 * every organization in them and under no legal hold (cost independent of
 * their size; see packages/core/src/audit/partition-drop.ts), then for every
 * organization deletes audit events past its
 * retention (never held ones; see packages/core/src/audit/retention.ts) and
 * sent mail and finished exports past theirs. Singleton: one run at a time
 * fleet-wide; every batch commits on its own, so a run killed half-way
 * resumes where it stopped.
 */
import { dropExpiredPartitions, purgeAuditEvents, purgeOperationalData } from "@atrium/core/audit";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const auditRetention: QueueDefinition = defineJob(QUEUES.auditRetention, {
  schedule: "30 2 * * *",
  async handle(_job, { db, log }) {
    const partitions = await dropExpiredPartitions(db);
    const orgs = await db.organization.findMany({ where: { deletedAt: null }, select: { id: true } });
    let events = partitions.dropped.reduce((n, p) => n + p.events, 0);
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
    log(`audit-retention: ${events} audit events purged (${partitions.dropped.length} partitions dropped, ${held} held), ${emails} e-mails, ${exports} exports`);
    return { organizations: orgs.length, events, held, emails, exports, partitionsDropped: partitions.dropped.map((p) => p.partition) };
  },
});
