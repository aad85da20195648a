import { Prisma, type Db, type SqlClient } from "@atrium/db";
import type { Actor } from "../actor.ts";
import type { JobSender } from "../jobs/send.ts";

/** Sends a job (here: scim-sync) inside the caller's transaction, so it exists exactly when the change commits. */
export type JobQueue = Pick<JobSender, "send">;

/** One SCIM request's world: its organization (from the token), actor "scim:<prefix>", base URL and job queue. */
export interface ScimContext {
  db: Db;
  organizationId: string;
  actor: Actor;
  /** e.g. https://atrium.example.com/scim/v2 */
  baseUrl: string;
  jobs: JobQueue;
  /**
   * The records a `userName eq` lookup selects, read by the token's own
   * statement (see authenticateScimToken): what an IdP sends before every
   * creation costs one round trip. Only for this request.
   */
  userNameReadAhead?: { userName: string; rows: unknown[] } | undefined;
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

export type StatsCounter = "users_created" | "users_updated" | "users_deactivated" | "users_deleted" | "groups_changed";

/**
 * The upsert that increments a sync counter of the organization's connection
 * and records the sync time: a statement of its own (bumpStats) or a CTE of
 * the statement that makes the change it counts.
 */
export const statsUpsert = (organizationId: string, counter: StatsCounter, by = 1): Prisma.Sql => Prisma.sql`
  INSERT INTO scim_connections (organization_id, ${Prisma.raw(counter)}, last_sync_at) VALUES (${organizationId}::uuid, ${by}::int, now())
  ON CONFLICT (organization_id) DO UPDATE SET ${Prisma.raw(counter)} = scim_connections.${Prisma.raw(counter)} + ${by}::int, last_sync_at = now(), updated_at = now()`;

/** Increments a sync counter of the organization's connection and records the sync time. */
export async function bumpStats(tx: SqlClient, organizationId: string, counter: StatsCounter, by = 1): Promise<void> {
  await tx.$executeRaw(statsUpsert(organizationId, counter, by));
}
