/**
 * Streams audit events to each organization's SIEM destination. Every audit
 * insert notifies `atrium_audit_stream` (stately queue: one run queued at a
 * time); the minute schedule retries destinations whose backoff has passed.
 * Each batch commits its cursor on its own, so a run killed half-way resumes
 * after the last batch the destination accepted.
 */
import { deliverStreams } from "@atrium/core/audit";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const auditStream: QueueDefinition = defineJob(QUEUES.auditStream, {
  schedule: "* * * * *",
  wakeOn: "atrium_audit_stream",
  async handle(_job, { db, log }) {
    const result = await deliverStreams(db);
    if (result.failed) log(`audit-stream: ${result.delivered} events delivered, ${result.failed} destination(s) failing`);
    return result;
  },
});
