import { purgeExpiredSessions } from "@atrium/core/auth";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const sessionCleanup: QueueDefinition = defineJob(QUEUES.sessionCleanup, {
  schedule: "*/15 * * * *",
  async handle(_job, { db, log }) {
    const deleted = await purgeExpiredSessions(db);
    if (deleted > 0) log(`session-cleanup: deleted ${deleted} expired sessions`);
    return { deleted };
  },
});
