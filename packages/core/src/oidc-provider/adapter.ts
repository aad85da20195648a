/**
 * oidc-provider's storage adapter over PostgreSQL: one table,
 * `oidc_provider_records`, one row per (model, id) holding the library's
 * payload as it gave it, with the columns its look-ups need (grant_id, uid,
 * user_code) and `account_id`, so a person's sessions and tokens can be found
 * and ended by back-channel logout. Expired rows are invisible at once and
 * deleted by the oidc-cleanup job (purge.ts).
 *
 * The `Client` model is not stored here: clients are Atrium applications
 * (clients.ts).
 *
 * Reads go straight to node-postgres (queryRaw): introspection and token
 * principals run them on every call. Within a request to the provider
 * (prefetch.ts) a token is read with its grant and its session, which the
 * library looks up next, in one statement.
 */
import { Prisma, queryRaw, type DbOrTx } from "@atrium/db";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { findApplicationClient } from "./clients.ts";
import { forgetRecords, prefetching, recordKey, takeRecord } from "./prefetch.ts";
import { keepRelated, LIVE, payloadOf, TOKEN_MODELS, tokenJson, type RecordRow, type TokenRow } from "./token-read-ahead.ts";

const expiry = (expiresIn: number | undefined) => (expiresIn ? new Date(Date.now() + expiresIn * 1000) : null);

/** A class, as oidc-provider wants (`new Adapter(modelName)`), bound to a database handle. */
export function postgresAdapter(db: DbOrTx): new (model: string) => Adapter {
  return class PostgresAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      forgetRecords();
      const json = JSON.stringify(payload);
      await db.$executeRaw`
        INSERT INTO oidc_provider_records (model, id, payload, grant_id, user_code, uid, account_id, expires_at)
        VALUES (${this.model}, ${id}, ${json}::jsonb, ${payload.grantId ?? null}, ${payload.userCode ?? null}, ${payload.uid ?? null},
                ${payload.accountId ?? null}, ${expiry(expiresIn)})
        ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
          uid = EXCLUDED.uid, account_id = EXCLUDED.account_id, expires_at = EXCLUDED.expires_at`;
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === "Client") return findApplicationClient(db, id);
      const key = recordKey(this.model, "id", id);
      const kept = takeRecord(key);
      if (kept !== undefined) return kept ?? undefined;
      if (prefetching() && TOKEN_MODELS.has(this.model)) return this.#tokenWithRelated(id);
      const [row] = await queryRaw<RecordRow>(db, Prisma.sql`
        SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_provider_records t
         WHERE model = ${this.model} AND id = ${id} AND ${LIVE("t")}`);
      return payloadOf(row);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const kept = takeRecord(recordKey(this.model, "uid", uid));
      if (kept !== undefined) return kept ?? undefined;
      const [row] = await queryRaw<RecordRow>(db, Prisma.sql`
        SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_provider_records t
         WHERE model = ${this.model} AND uid = ${uid} AND ${LIVE("t")} LIMIT 1`);
      return payloadOf(row);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const [row] = await queryRaw<RecordRow>(db, Prisma.sql`
        SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_provider_records t
         WHERE model = ${this.model} AND user_code = ${userCode} AND ${LIVE("t")} LIMIT 1`);
      return payloadOf(row);
    }

    /** A token, and in the same statement the grant and the session it names, kept for the library's next lookups. */
    async #tokenWithRelated(id: string): Promise<AdapterPayload | undefined> {
      const [row] = await queryRaw<{ token: TokenRow | null }>(db, Prisma.sql`SELECT ${tokenJson(this.model, id)} AS token`);
      if (!row?.token) return undefined;
      keepRelated(row.token);
      return payloadOf(row.token);
    }

    async consume(id: string): Promise<void> {
      forgetRecords();
      await db.$executeRaw`UPDATE oidc_provider_records SET consumed_at = now() WHERE model = ${this.model} AND id = ${id}`;
    }

    async destroy(id: string): Promise<void> {
      forgetRecords();
      await db.$executeRaw`DELETE FROM oidc_provider_records WHERE model = ${this.model} AND id = ${id}`;
    }

    /** Every token of the grant goes, whatever its model (the library calls this once per token model). */
    async revokeByGrantId(grantId: string): Promise<void> {
      forgetRecords();
      await db.$executeRaw`DELETE FROM oidc_provider_records WHERE grant_id = ${grantId}`;
    }
  };
}
