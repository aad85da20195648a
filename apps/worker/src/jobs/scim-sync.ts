/**
 * scim-sync: the side effects of SCIM provisioning, queued by the API in the
 * same transaction as the SCIM write — revoking a deprovisioned member's
 * sessions and API keys, recomputing roles of large groups — plus a
 * reconciliation every 15 minutes that repairs drift and trims the request
 * log. Jobs are idempotent (see packages/core/src/scim/sync.ts); failures are
 * recorded on the connection for the admin, retried with backoff, then
 * dead-lettered to scim-sync-dead.
 */
import { recordSyncFailure, runScimSyncJob } from "@atrium/core/scim";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const scimSync: QueueDefinition = defineJob(QUEUES.scimSync, {
  schedule: "*/15 * * * *",
  async handle(job, { db, log }) {
    // A scheduled run carries no data; the catalogue reads it as "reconcile every organization".
    const data = job.data;
    try {
      return await runScimSyncJob(db, data);
    } catch (error) {
      log(`scim-sync: ${data.kind} failed: ${(error as Error).message}`);
      await recordSyncFailure(db, data, error as Error).catch(() => {});
      throw error;
    }
  },
});
