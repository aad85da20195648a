/**
 * The session behind a token and the caller's access to one organization in
 * one round trip: what every org-scoped request made by a person needs first.
 * Same rules as validateSessionToken (expired or deactivated: null; sliding
 * expiry) and loadOrgAccess (null access when no role reaches the organization).
 */
import { Prisma, type Db } from "@atrium/db";
import { sessionIdOf, settleSession, SESSION_COLUMNS, type SessionRow, type ValidSession } from "../auth/sessions.ts";
import { accessFromRow, orgAccessSelect, type AccessRow, type OrgAccess } from "./service.ts";

export async function sessionWithOrgAccess(db: Db, token: string, organizationId: string): Promise<{ session: ValidSession; access: OrgAccess | null } | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdOf(token);
  const [row] = await db.$queryRaw<(SessionRow & { access: AccessRow | null })[]>`
    SELECT ${SESSION_COLUMNS},
           (SELECT to_jsonb(acc) FROM (${orgAccessSelect(Prisma.sql`s.user_id`, organizationId)}) acc) AS access
      FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = ${id}`;
  if (!row) return null;
  const session = await settleSession(db, id, row);
  if (!session) return null;
  return { session, access: row.access ? accessFromRow(row.access, session.user.id) : null };
}
