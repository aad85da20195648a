/**
 * The session behind a token and the caller's access to one organization in
 * one round trip: what every org-scoped request made by a person needs first.
 * Same rules as validateSessionToken (expired or deactivated: null; sliding
 * expiry) and loadOrgAccess (null access when no role reaches the organization).
 */
import { Prisma, queryRaw, type Db } from "@atrium/db";
import { sessionIdOf, settleSession, SESSION_COLUMNS, type SessionRow, type ValidSession } from "../auth/sessions.ts";
import { accessFromRow, orgAccessSelect, type AccessRow, type OrgAccess } from "./service.ts";

export async function sessionWithOrgAccess(db: Db, token: string, organizationId: string): Promise<{ session: ValidSession; access: OrgAccess | null } | null> {
  if (!isSessionToken(token)) return null;
  const id = sessionIdOf(token);
  const row = await loadSessionAccessRow(db, id, organizationId);
  if (!row) return null;
  const session = await settleSession(db, id, row);
  if (!session) return null;
  return { session, access: row.access ? accessFromRow(row.access, session.user.id) : null };
}

/** Session tokens are 32 base32 characters (generateSessionToken); anything else is never looked up. */
export const isSessionToken = (token: string) => /^[a-z2-7]{32}$/.test(token);

export type SessionAccessRow = SessionRow & { access: AccessRow | null };

/** The session (by its id, the token's hash) with the caller's access to one organization, as stored: one statement. */
export async function loadSessionAccessRow(db: Db, id: string, organizationId: string): Promise<SessionAccessRow | null> {
  const [row] = await queryRaw<SessionAccessRow>(
    db,
    Prisma.sql`
      SELECT ${SESSION_COLUMNS},
             (SELECT to_jsonb(acc) FROM (${orgAccessSelect(Prisma.sql`s.user_id`, organizationId)}) acc) AS access
        FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ${id}`,
  );
  return row ?? null;
}
