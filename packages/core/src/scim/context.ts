import type { Db, Tx } from "@atrium/db";
import type { Actor } from "../actor.ts";
import type { ScimSyncJob } from "./sync.ts";

/** Sends a scim-sync job inside the caller's transaction, so it exists exactly when the change commits. */
export interface JobQueue {
  send(tx: Tx, job: ScimSyncJob): Promise<string | null>;
}

/** One SCIM request's world: its organization (from the token), actor "scim:<prefix>", base URL and job queue. */
export interface ScimContext {
  db: Db;
  organizationId: string;
  actor: Actor;
  /** e.g. https://atrium.example.com/scim/v2 */
  baseUrl: string;
  jobs: JobQueue;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUniqueError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: unknown } | null;
  if (!e) return false;
  if (e.code === "P2002") return true;
  return /23505|unique constraint/i.test(`${e.message ?? ""} ${JSON.stringify(e.meta ?? {})}`);
}

export const etagOf = (version: string | number) => `W/"${version}"`;

/** Transactions of SCIM writes: long enough for a 5,000-member PATCH. */
export const TX_OPTIONS = { timeout: 60_000, maxWait: 10_000 } as const;

/** Increments a sync counter of the organization's connection and records the sync time. */
export async function bumpStats(
  tx: Tx,
  organizationId: string,
  counter: "users_created" | "users_updated" | "users_deactivated" | "users_deleted" | "groups_changed",
  by = 1,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO scim_connections (organization_id, ${counter}, last_sync_at) VALUES ($1::uuid, $2, now())
     ON CONFLICT (organization_id) DO UPDATE SET ${counter} = scim_connections.${counter} + $2, last_sync_at = now(), updated_at = now()`,
    organizationId,
    by,
  );
}
