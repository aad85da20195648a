/**
 * The oidc-cleanup job's work: deletes OpenID Provider records past their
 * expiry and back-channel logout requests handled more than 30 days ago, in
 * bounded batches (no run holds long locks). One audit event per run that
 * deleted something, by the system actor.
 */
import type { Db } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { inBatches } from "../batches.ts";

export interface OidcPurgeCounts {
  records: number;
  logoutRequests: number;
}

export async function purgeOidcProviderData(db: Db, options: { now?: Date; batchSize?: number } = {}): Promise<OidcPurgeCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const handledBefore = new Date(now.getTime() - 30 * 86_400_000);
  const records = await inBatches(
    () => db.$executeRaw`
      DELETE FROM oidc_provider_records WHERE (model, id) IN (
        SELECT model, id FROM oidc_provider_records WHERE expires_at <= ${now} LIMIT ${batchSize})`,
    batchSize,
  );
  const logoutRequests = await inBatches(
    () => db.$executeRaw`
      DELETE FROM oidc_logout_requests WHERE id IN (
        SELECT id FROM oidc_logout_requests WHERE processed_at <= ${handledBefore} LIMIT ${batchSize})`,
    batchSize,
  );
  if (records + logoutRequests > 0) {
    await recordAudit(db, systemActor("oidc-cleanup"), { action: "oidc.cleanup", organizationId: null, resource: { type: "oidc_provider" }, details: { records, logoutRequests } });
  }
  return { records, logoutRequests };
}
