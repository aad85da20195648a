import { purgeExpiredSessions } from "@atrium/core/auth";
import type { QueueDefinition } from "./types.ts";

export const sessionCleanup: QueueDefinition = {
  name: "session-cleanup",
  description: "Deletes expired sessions and stale login-throttle rows",
  schedule: "*/15 * * * *",
  options: { policy: "singleton", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  async handle(_job, { db, log }) {
    const deleted = await purgeExpiredSessions(db);
    if (deleted > 0) log(`session-cleanup: deleted ${deleted} expired sessions`);
    return { deleted };
  },
};
