/**
 * The application-cleanup job's work: deletes /v1 idempotency keys older than
 * their window (IDEMPOTENCY_WINDOW_HOURS). Past it a key no longer replays an
 * answer (claimIdempotencyKey claims it afresh), so the row only keeps a
 * response body nobody may ask for again. Bounded batches; one audit event
 * per run that deleted something, by the system actor.
 */
import type { Db } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { inBatches } from "../batches.ts";
import { IDEMPOTENCY_WINDOW_HOURS } from "./limits.ts";

export interface ApplicationPurgeCounts {
  idempotencyKeys: number;
}

export async function purgeApplicationData(db: Db, options: { now?: Date; batchSize?: number } = {}): Promise<ApplicationPurgeCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const before = new Date(now.getTime() - IDEMPOTENCY_WINDOW_HOURS * 3_600_000);
  const idempotencyKeys = await inBatches(
    () => db.$executeRaw`
      DELETE FROM idempotency_keys WHERE (application_id, key) IN (
        SELECT application_id, key FROM idempotency_keys WHERE created_at < ${before} LIMIT ${batchSize})`,
    batchSize,
  );
  if (idempotencyKeys > 0) {
    await recordAudit(db, systemActor("application-cleanup"), { action: "application.cleanup", organizationId: null, resource: { type: "application" }, details: { idempotencyKeys } });
  }
  return { idempotencyKeys };
}
