/** The admin's view of "test connection" runs: what the IdP sent, or the exact error. */
import type { Db } from "@atrium/db";
import { getConnection } from "./connections.ts";

export interface TestResultRow {
  id: string;
  ok: boolean;
  error: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
}

export async function listTestResults(db: Db, organizationId: string, connectionId: string, limit = 10): Promise<TestResultRow[]> {
  await getConnection(db, organizationId, connectionId);
  const rows = await db.ssoTestResult.findMany({
    where: { organizationId, connectionId },
    select: { id: true, ok: true, error: true, attributes: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map((r) => ({ ...r, attributes: r.attributes as Record<string, unknown> }));
}
