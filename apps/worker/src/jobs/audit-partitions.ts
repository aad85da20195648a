import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

/** Months of audit partitions kept ready ahead of the current one. */
export const PARTITION_MONTHS_AHEAD = 3;

export const auditPartitions: QueueDefinition = defineJob(QUEUES.auditPartitions, {
  schedule: "15 3 * * *",
  async handle(_job, { db }) {
    const [row] = await db.$queryRaw<{ created: number }[]>`
      SELECT audit_events_ensure_partitions(
        date_trunc('month', now())::date,
        (date_trunc('month', now()) + make_interval(months => ${PARTITION_MONTHS_AHEAD}))::date) AS created`;
    return { created: row?.created ?? 0 };
  },
});
