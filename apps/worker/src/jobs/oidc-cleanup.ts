/**
 * Hourly: deletes the OpenID Provider's expired records (sessions,
 * interactions, codes, tokens, grants) and old handled back-channel logout
 * requests, in bounded batches. Singleton; one audit event per run that
 * deleted something (packages/core/src/oidc-provider/purge.ts).
 */
import { purgeOidcProviderData } from "@atrium/core/oidc-provider";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const oidcCleanup: QueueDefinition = defineJob(QUEUES.oidcCleanup, {
  schedule: "17 * * * *",
  async handle(_job, { db, log }) {
    const counts = await purgeOidcProviderData(db);
    if (counts.records + counts.logoutRequests > 0) log(`oidc-cleanup: deleted ${counts.records} records, ${counts.logoutRequests} logout requests`);
    return counts;
  },
});
