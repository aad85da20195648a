/**
 * Health scores: nightly, one set-based statement scores every enterprise
 * organization for the day (packages/core/src/health/recompute.ts); a job
 * with `{ organizationId }` recomputes one customer's tree on demand. Upserts
 * the day's row, so a retry or a second run the same day is harmless; the
 * audit event carries the job id, so a job run again after its worker died
 * (its transaction had committed) records the recompute once.
 */
import { recomputeHealth } from "@atrium/core/health";
import { recordAudit } from "@atrium/core/audit";
import { systemActor } from "@atrium/core/actor";
import { QUEUES } from "@atrium/core/jobs";
import { defineJob, type QueueDefinition } from "./types.ts";

export const healthScores: QueueDefinition = defineJob(QUEUES.healthScores, {
  schedule: "0 4 * * *",
  async handle(job, { db, log }) {
    const organizationId = job.data.organizationId ?? null;
    const asOf = job.data.asOf ? new Date(job.data.asOf) : new Date();
    const organizations = await db.$transaction(async (tx) => {
      // A job run again after its worker died may find its work already committed: do it once.
      const [done] = await tx.$queryRaw<{ organizations: number }[]>`
        SELECT (details->>'organizations')::int AS organizations FROM audit_events
         WHERE organization_id IS NOT DISTINCT FROM ${organizationId}::uuid AND action = 'health.recompute' AND details->>'jobId' = ${job.id}
         LIMIT 1`;
      if (done) return done.organizations;
      const n = await recomputeHealth(tx, { organizationId, asOf });
      await recordAudit(tx, systemActor("health-scores"), {
        action: "health.recompute",
        organizationId,
        resource: { type: "health_scores", id: asOf.toISOString().slice(0, 10) },
        details: { organizations: n, scope: organizationId ? "customer" : "all", jobId: job.id },
      });
      return n;
    }, { timeout: 10 * 60_000 });
    log(`health-scores: scored ${organizations} organizations`);
    return { organizations };
  },
});
