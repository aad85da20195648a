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
 */
import type { DbOrTx } from "@atrium/db";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { findApplicationClient } from "./clients.ts";

interface RecordRow {
  payload: AdapterPayload;
  consumed: boolean;
}

const expiry = (expiresIn: number | undefined) => (expiresIn ? new Date(Date.now() + expiresIn * 1000) : null);

/** A class, as oidc-provider wants (`new Adapter(modelName)`), bound to a database handle. */
export function postgresAdapter(db: DbOrTx): new (model: string) => Adapter {
  return class PostgresAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
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
      return this.#one(await db.$queryRaw<RecordRow[]>`
        SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_provider_records
         WHERE model = ${this.model} AND id = ${id} AND (expires_at IS NULL OR expires_at > now())`);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.#one(await db.$queryRaw<RecordRow[]>`
        SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_provider_records
         WHERE model = ${this.model} AND uid = ${uid} AND (expires_at IS NULL OR expires_at > now()) LIMIT 1`);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.#one(await db.$queryRaw<RecordRow[]>`
        SELECT payload, consumed_at IS NOT NULL AS consumed FROM oidc_provider_records
         WHERE model = ${this.model} AND user_code = ${userCode} AND (expires_at IS NULL OR expires_at > now()) LIMIT 1`);
    }

    async consume(id: string): Promise<void> {
      await db.$executeRaw`UPDATE oidc_provider_records SET consumed_at = now() WHERE model = ${this.model} AND id = ${id}`;
    }

    async destroy(id: string): Promise<void> {
      await db.$executeRaw`DELETE FROM oidc_provider_records WHERE model = ${this.model} AND id = ${id}`;
    }

    /** Every token of the grant goes, whatever its model (the library calls this once per token model). */
    async revokeByGrantId(grantId: string): Promise<void> {
      await db.$executeRaw`DELETE FROM oidc_provider_records WHERE grant_id = ${grantId}`;
    }

    #one(rows: RecordRow[]): AdapterPayload | undefined {
      const row = rows[0];
      if (!row) return undefined;
      return row.consumed ? { ...row.payload, consumed: true } : row.payload;
    }
  };
}
