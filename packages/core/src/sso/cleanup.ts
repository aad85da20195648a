/**
 * The sso-cleanup job's work, in bounded batches (each DELETE touches at most
 * `batchSize` rows, so no run holds long locks):
 *
 *  - `sso_requests` past `expires_at` (SAML AuthnRequest IDs, OIDC state: 10 minutes);
 *  - `sso_replay_cache` rows past `expires_at`, which is the assertion's own
 *    NotOnOrAfter plus the clock skew (see saml.ts), so an assertion is
 *    remembered as long as it could be replayed;
 *  - admins' test results older than 30 days, except each connection's latest 10.
 *
 * One audit event per run, with the counts, by the system actor.
 */
import type { Db } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { inBatches } from "../batches.ts";

export const SSO_TEST_RESULT_MAX_AGE_DAYS = 30;
export const SSO_TEST_RESULTS_KEPT = 10;

export interface SsoPurgeCounts {
  requests: number;
  replayEntries: number;
  testResults: number;
}

export async function purgeSsoData(db: Db, options: { now?: Date; batchSize?: number } = {}): Promise<SsoPurgeCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const cutoff = new Date(now.getTime() - SSO_TEST_RESULT_MAX_AGE_DAYS * 86_400_000);

  const requests = await inBatches(
    () => db.$executeRaw`DELETE FROM sso_requests WHERE id IN (SELECT id FROM sso_requests WHERE expires_at <= ${now} LIMIT ${batchSize})`,
    batchSize,
  );
  const replayEntries = await inBatches(
    () => db.$executeRaw`
      DELETE FROM sso_replay_cache WHERE (connection_id, assertion_id) IN (
        SELECT connection_id, assertion_id FROM sso_replay_cache WHERE expires_at <= ${now} LIMIT ${batchSize})`,
    batchSize,
  );
  const testResults = await inBatches(
    () => db.$executeRaw`
      DELETE FROM sso_test_results WHERE id IN (
        SELECT id FROM (
          SELECT id, created_at, row_number() OVER (PARTITION BY connection_id ORDER BY created_at DESC, id DESC) AS newest
          FROM sso_test_results
          WHERE connection_id IN (SELECT DISTINCT connection_id FROM sso_test_results WHERE created_at < ${cutoff})
        ) ranked
        WHERE newest > ${SSO_TEST_RESULTS_KEPT} AND created_at < ${cutoff}
        LIMIT ${batchSize})`,
    batchSize,
  );

  const counts = { requests, replayEntries, testResults };
  await db.$transaction(async (tx) => {
    await recordAudit(tx, systemActor("sso-cleanup"), {
      action: "sso.cleanup",
      organizationId: null,
      resource: { type: "sso_connection" },
      details: { ...counts },
    });
  });
  return counts;
}
