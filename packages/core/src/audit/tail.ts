/**
 * The reads behind the live tail: where an organization's chain stands now,
 * and the events after a sequence number that match a search filter. The API
 * calls them when PostgreSQL announces new events (audit_events_announce).
 */
import type { Db } from "@atrium/db";
import { describePermission, featureState, type Permission } from "@atrium/rbac";
import { contextFor, decideFor, type OrgAccess } from "../access/service.ts";
import type { Actor } from "../actor.ts";
import { AUDIT_COLUMNS, auditWhere, type AuditFilter, type AuditRow } from "./search.ts";

const NIL = "00000000-0000-0000-0000-000000000000";

/** The last sequence number written to an organization's chain (0 when none). */
export async function auditHead(db: Db, organizationId: string | null): Promise<number> {
  const [row] = await db.$queryRaw<{ last_seq: bigint }[]>`
    SELECT last_seq FROM audit_chain_heads WHERE chain_key = ${organizationId ?? NIL}::uuid`;
  return Number(row?.last_seq ?? 0);
}

/** Matching events with seq > `after`, oldest first. */
export async function auditEventsAfter(db: Db, organizationId: string, filter: AuditFilter, after: number, limit = 500): Promise<AuditRow[]> {
  const rows = await db.$queryRaw<(Omit<AuditRow, "seq"> & { seq: bigint })[]>`
    SELECT ${AUDIT_COLUMNS} FROM audit_events
     WHERE ${auditWhere(organizationId, filter)} AND seq > ${after}
     ORDER BY seq LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** Whether an actor's (freshly loaded) access still allows a permission, plan feature included; no audit, no throw. */
export function stillAllowed(actor: Actor, access: OrgAccess | null, permission: Permission): boolean {
  if (!access) return false;
  if (!decideFor(access, permission, contextFor(actor, access)).allowed) return false;
  const feature = describePermission(permission).feature;
  return !feature || featureState(access.organization.plan, feature, access.organization.overrides).enabled;
}
