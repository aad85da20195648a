/**
 * Member activity of an organization (or its subtree) over a range of UTC days,
 * from sessions and the audit log.
 *
 * Definitions (the admin console's analytics page states them too):
 * - **Members**: distinct people with an active membership in the scope
 *   (the organization; with `subtree`, it and every organization beneath it,
 *   `path <@`). A parent's subtree never includes its parent or siblings. They are
 *   today's members whatever the range (memberships keep no history), so a
 *   comparison of two periods compares the same people's activity.
 * - **Activity**: a sign-in (a session created, from `sessions.created_at`), use of
 *   a session (`sessions.last_seen_at`), or a successful audited action of the
 *   person in the scope (`audit_events`, actor_type `user`, status `success` — a
 *   sign-in is audited as `auth.login` in each organization of the account).
 *   Sessions are per person, not per organization, so a sign-in counts in every
 *   organization the person belongs to.
 * - **Active**: a member with activity in the range; **inactive**: every other member.
 * - **Never signed in**: a member with no session, no `users.last_login_at` and no
 *   successful `auth.login` event in the scope, ever (sessions are purged when they
 *   expire; `last_login_at` and the audit log keep the fact).
 * - **Activation rate**: members who ever signed in ÷ members (null with no members).
 * - **Last active**: a member's latest activity up to the end of the range (any time before it).
 * - **Top members**: members by successful audited actions in the scope within the range.
 * - **Daily active**: per UTC day of the range, the members with activity that day.
 *
 * The range is `from`..`to` inclusive, as `YYYY-MM-DD` UTC days: [from 00:00, to + 1 day 00:00).
 */
import type { Db } from "@atrium/db";
import { notFound } from "../errors.ts";

export interface MemberActivityInput {
  organizationId: string;
  /** First UTC day, `YYYY-MM-DD`. */
  from: string;
  /** Last UTC day (inclusive), `YYYY-MM-DD`. */
  to: string;
  subtree?: boolean;
  /** How many members to list by last activity (most recent first); default 200. */
  limit?: number;
  /** How many top members by audited actions; default 10. */
  top?: number;
}

export interface MemberActivityPerson {
  userId: string;
  name: string;
  email: string;
  lastActiveAt: Date | null;
  /** Successful audited actions in the scope within the range. */
  actions: number;
  active: boolean;
  everSignedIn: boolean;
}

export interface MemberActivity {
  from: string;
  to: string;
  members: number;
  active: number;
  inactive: number;
  neverSignedIn: number;
  everSignedIn: number;
  /** everSignedIn ÷ members, 0..1; null when there are no members. */
  activationRate: number | null;
  daily: { day: string; active: number }[];
  /** Members by last activity, most recent first (never active last), at most `limit`. */
  people: MemberActivityPerson[];
  /** Members with at least one audited action in the range, most actions first, at most `top`. */
  topMembers: MemberActivityPerson[];
}

interface PersonRow {
  userId: string;
  name: string;
  email: string;
  lastActiveAt: Date | null;
  actions: number;
  active: boolean;
  everSignedIn: boolean;
}

/** The organization ids of the scope (itself, or its subtree), or NOT_FOUND for an unknown or deleted organization. */
export async function analyticsScope(db: Db, organizationId: string, subtree: boolean): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id::text AS id
      FROM organizations r JOIN organizations o ON (o.id = r.id OR (${subtree} AND o.path <@ r.path))
     WHERE r.id = ${organizationId}::uuid AND r.deleted_at IS NULL AND o.deleted_at IS NULL`;
  if (!rows.length) throw notFound("The organization");
  return rows.map((r) => r.id);
}

export async function memberActivity(db: Db, input: MemberActivityInput): Promise<MemberActivity> {
  const scope = await analyticsScope(db, input.organizationId, input.subtree ?? false);
  const start = new Date(`${input.from}T00:00:00Z`);
  const end = new Date(new Date(`${input.to}T00:00:00Z`).getTime() + 86_400_000);

  // One statement: the members and their activity points are built once, then folded per person
  // (people) and counted per day (daily).
  const [result] = await db.$queryRaw<[{ people: (Omit<PersonRow, "lastActiveAt"> & { lastActiveAt: string | null })[] | null; daily: { day: string; active: number }[] }]>`
    WITH members AS (
      SELECT DISTINCT m.user_id FROM memberships m
       WHERE m.organization_id = ANY(${scope}::uuid[]) AND m.status = 'active'
    ),
    points AS (
      SELECT s.user_id, s.created_at AS at FROM sessions s JOIN members USING (user_id)
      UNION ALL
      SELECT s.user_id, s.last_seen_at FROM sessions s JOIN members USING (user_id) WHERE s.last_seen_at IS NOT NULL
      UNION ALL
      SELECT u.id, u.last_login_at FROM users u JOIN members ON members.user_id = u.id WHERE u.last_login_at IS NOT NULL
      UNION ALL
      SELECT a.actor_id::uuid, a.occurred_at FROM audit_events a
       WHERE a.organization_id = ANY(${scope}::uuid[]) AND a.actor_type = 'user' AND a.status = 'success'
         AND a.occurred_at < ${end} AND a.actor_id IN (SELECT user_id::text FROM members)
    ),
    actions AS (
      SELECT a.actor_id::uuid AS user_id, count(*)::int AS n FROM audit_events a
       WHERE a.organization_id = ANY(${scope}::uuid[]) AND a.actor_type = 'user' AND a.status = 'success'
         AND a.occurred_at >= ${start} AND a.occurred_at < ${end}
         AND a.actor_id IN (SELECT user_id::text FROM members)
       GROUP BY a.actor_id
    ),
    signed_in AS (
      SELECT user_id FROM sessions JOIN members USING (user_id)
      UNION SELECT u.id FROM users u JOIN members ON members.user_id = u.id WHERE u.last_login_at IS NOT NULL
      UNION SELECT a.actor_id::uuid FROM audit_events a
       WHERE a.organization_id = ANY(${scope}::uuid[]) AND a.actor_type = 'user' AND a.status = 'success'
         AND a.action = 'auth.login' AND a.actor_id IN (SELECT user_id::text FROM members)
    ),
    -- Folded once per person (not a lookup per member), so a large organization stays linear.
    folded AS (
      SELECT p.user_id, max(p.at) AS last_active, bool_or(p.at >= ${start} AND p.at < ${end}) AS active
        FROM points p WHERE p.at < ${end} GROUP BY p.user_id
    ),
    per_day AS (
      SELECT (p.at AT TIME ZONE 'UTC')::date AS day, count(DISTINCT p.user_id)::int AS active
        FROM points p WHERE p.at >= ${start} AND p.at < ${end} GROUP BY 1
    )
    SELECT
      (SELECT json_agg(json_build_object(
                'userId', u.id::text, 'name', u.name, 'email', u.email::text, 'lastActiveAt', f.last_active,
                'actions', coalesce(ac.n, 0), 'active', coalesce(f.active, false), 'everSignedIn', si.user_id IS NOT NULL))
         FROM members JOIN users u ON u.id = members.user_id
         LEFT JOIN folded f ON f.user_id = u.id
         LEFT JOIN actions ac ON ac.user_id = u.id
         LEFT JOIN signed_in si ON si.user_id = u.id) AS people,
      (SELECT json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'active', coalesce(pd.active, 0)) ORDER BY d.day)
         FROM generate_series(${input.from}::date, ${input.to}::date, interval '1 day') AS d(day)
         LEFT JOIN per_day pd ON pd.day = d.day::date) AS daily`;
  const people: PersonRow[] = (result.people ?? []).map((p) => ({ ...p, lastActiveAt: p.lastActiveAt === null ? null : new Date(p.lastActiveAt) }));
  const daily = result.daily;

  const members = people.length;
  const active = people.filter((p) => p.active).length;
  const everSignedIn = people.filter((p) => p.everSignedIn).length;
  const byLastActive = [...people].sort(
    (a, b) => (b.lastActiveAt?.getTime() ?? -Infinity) - (a.lastActiveAt?.getTime() ?? -Infinity) || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId),
  );
  const topMembers = people
    .filter((p) => p.actions > 0)
    .sort((a, b) => b.actions - a.actions || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId))
    .slice(0, input.top ?? 10);
  return {
    from: input.from,
    to: input.to,
    members,
    active,
    inactive: members - active,
    neverSignedIn: members - everSignedIn,
    everSignedIn,
    activationRate: members ? everSignedIn / members : null,
    daily,
    people: byLastActive.slice(0, input.limit ?? 200),
    topMembers,
  };
}
