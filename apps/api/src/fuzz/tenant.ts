/**
 * What the fuzz suite compares and restores: a fingerprint of a tenant's
 * data (row count and hash of every table with an organization_id, its
 * organizations, its members' user rows, group members, its audit chain
 * heads), the pools of real ids and e-mails inputs are drawn from, and the
 * reset that keeps the fuzzing caller able to call (no IP allowlist or MFA
 * policy locking it out, its role and organizations as seeded).
 */
import { createSession } from "@atrium/core/auth";
import type { Db } from "@atrium/db";
import { Prisma } from "@atrium/db";
import type { Pools } from "./arbitraries.ts";

/** The organization and its descendants. */
export async function treeOf(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT o.id::text AS id FROM organizations o, organizations r WHERE r.id = ${organizationId}::uuid AND o.path <@ r.path`;
  return rows.map((r) => r.id);
}

/** The tables with an organization_id column (every tenant table). */
export async function tenantTables(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ table_name: string }[]>`
    SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = current_schema() AND c.column_name = 'organization_id' AND t.table_type = 'BASE TABLE' ORDER BY 1`;
  return rows.map((r) => r.table_name);
}

export type Fingerprint = Record<string, string>;

/** Per table: "rows:md5" of the tenant's rows (each row as JSON, sorted). */
export async function fingerprint(db: Db, tables: string[], orgIds: string[]): Promise<Fingerprint> {
  const ids = Prisma.sql`ARRAY[${Prisma.join(orgIds.map((id) => Prisma.sql`${id}::uuid`))}]`;
  const digest = (name: string, from: Prisma.Sql) =>
    Prisma.sql`SELECT ${name}::text AS t, count(*)::int AS n, md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS h FROM (${from}) s(x)`;
  const parts = [
    ...tables.map((t) => digest(t, Prisma.sql`SELECT row_to_json(r)::text FROM ${Prisma.raw(`"${t}"`)} r WHERE r.organization_id = ANY(${ids})`)),
    digest("organizations", Prisma.sql`SELECT row_to_json(r)::text FROM organizations r WHERE r.id = ANY(${ids})`),
    digest("users", Prisma.sql`SELECT row_to_json(r)::text FROM users r WHERE r.id IN (SELECT user_id FROM memberships WHERE organization_id = ANY(${ids}))`),
    digest("group_members", Prisma.sql`SELECT row_to_json(r)::text FROM group_members r WHERE r.group_id IN (SELECT id FROM groups WHERE organization_id = ANY(${ids}))`),
    digest("audit_chain_heads", Prisma.sql`SELECT row_to_json(r)::text FROM audit_chain_heads r WHERE r.chain_key = ANY(${ids})`),
  ];
  const rows = await db.$queryRaw<{ t: string; n: number; h: string }[]>(Prisma.join(parts, " UNION ALL "));
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

/** Real ids (of every tenant table's rows, users and organizations) and e-mails of the given organizations. */
export async function poolsOf(db: Db, tables: string[], orgIds: string[]): Promise<Pools> {
  const ids = Prisma.sql`ARRAY[${Prisma.join(orgIds.map((id) => Prisma.sql`${id}::uuid`))}]`;
  const withId = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND data_type = 'uuid'`;
  const idTables = tables.filter((t) => withId.some((w) => w.table_name === t));
  const parts = [
    ...idTables.map((t) => Prisma.sql`(SELECT id::text FROM ${Prisma.raw(`"${t}"`)} WHERE organization_id = ANY(${ids}) LIMIT 20)`),
    Prisma.sql`(SELECT id::text FROM organizations WHERE id = ANY(${ids}))`,
    Prisma.sql`(SELECT user_id::text FROM memberships WHERE organization_id = ANY(${ids}))`,
  ];
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.join(parts, " UNION "));
  const emails = await db.$queryRaw<{ email: string }[]>`
    SELECT DISTINCT u.email::text AS email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.organization_id = ANY(${ids})`;
  return { ids: rows.map((r) => r.id), emails: emails.map((e) => e.email) };
}

/**
 * A snapshot of what a fuzzing caller needs to keep calling, and its restore:
 * the organizations' rows and the callers' user and membership rows as
 * seeded, no IP allowlist, no MFA policy, empty rate-limit buckets; then a
 * fresh session per caller (the fuzz may sign out or revoke sessions).
 */
export async function callerKeeper(db: Db, orgIds: string[], userIds: string[]) {
  const ids = Prisma.sql`ARRAY[${Prisma.join(orgIds.map((id) => Prisma.sql`${id}::uuid`))}]`;
  const users = Prisma.sql`ARRAY[${Prisma.join(userIds.map((id) => Prisma.sql`${id}::uuid`))}]`;
  const saved = {
    organizations: await db.$queryRaw<{ j: string }[]>`SELECT row_to_json(o)::text AS j FROM organizations o WHERE id = ANY(${ids})`,
    users: await db.$queryRaw<{ j: string }[]>`SELECT row_to_json(u)::text AS j FROM users u WHERE id = ANY(${users})`,
    memberships: await db.$queryRaw<{ j: string }[]>`SELECT row_to_json(m)::text AS j FROM memberships m WHERE user_id = ANY(${users}) AND organization_id = ANY(${ids})`,
  };
  const columns = async (table: string) =>
    (await db.$queryRaw<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} AND column_name <> 'id'
        AND column_name NOT IN ('path', 'depth', 'created_at')`).map((c) => `"${c.column_name}"`);
  const restoreSql = async (table: string, rows: { j: string }[]) => {
    const cols = (await columns(table)).join(", ");
    return rows.map((r) =>
      Prisma.sql`UPDATE ${Prisma.raw(`"${table}"`)} t SET (${Prisma.raw(cols)}) = (SELECT ${Prisma.raw(cols)} FROM json_populate_record(null::${Prisma.raw(`"${table}"`)}, ${r.j}::json)) WHERE t.id = (${r.j}::json->>'id')::uuid`,
    );
  };
  const statements = [
    ...(await restoreSql("organizations", saved.organizations)),
    ...(await restoreSql("users", saved.users)),
  ];
  const membershipColumns = (await columns("memberships")).filter((c) => c !== '"organization_id"' && c !== '"user_id"').join(", ");
  for (const m of saved.memberships) {
    statements.push(Prisma.sql`
      INSERT INTO memberships SELECT * FROM json_populate_record(null::memberships, ${m.j}::json)
      ON CONFLICT (organization_id, user_id) DO UPDATE SET (${Prisma.raw(membershipColumns)}) = (SELECT ${Prisma.raw(membershipColumns)} FROM json_populate_record(null::memberships, ${m.j}::json))`);
  }

  return async function restore(): Promise<Record<string, string>> {
    await db.$executeRaw`DELETE FROM ip_allowlist_entries WHERE organization_id = ANY(${ids})`;
    await db.$executeRaw`DELETE FROM mfa_policies WHERE organization_id = ANY(${ids})`;
    await db.$executeRaw`DELETE FROM rate_limit_buckets`;
    await db.$executeRaw`DELETE FROM login_throttles`;
    for (const statement of statements) await db.$executeRaw(statement);
    const sessions: Record<string, string> = {};
    for (const userId of userIds) sessions[userId] = (await createSession(db, userId, { ip: "127.0.0.1", userAgent: "fuzz" }, { mfaVerifiedAt: new Date() })).token;
    return sessions;
  };
}
