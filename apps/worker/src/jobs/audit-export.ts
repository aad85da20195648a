/**
 * Runs background audit exports. A new export notifies the worker with its id
 * (one job per export); the schedule picks up any left queued. Re-running an
 * export rebuilds it from scratch, so a retry after a crash is safe.
 */
import { runExport } from "@atrium/core/audit";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const auditExport: QueueDefinition = defineJob(QUEUES.auditExport, {
  schedule: "*/5 * * * *",
  wakeOn: "atrium_audit_export",
  async handle(job, { db, log }) {
    const ids = job.data.key
      ? [job.data.key]
      : (await db.auditExport.findMany({ where: { status: "queued" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: 10 })).map((e) => e.id);
    const results = [];
    for (const id of ids) {
      const result = await runExport(db, id);
      log(`audit-export: ${id} done, ${result.rows} rows, ${result.bytes} bytes`);
      results.push({ id, ...result });
    }
    return { exports: results };
  },
});
