import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../testing.ts";
import { citusPlan, classificationGaps, readCatalog } from "./plan.ts";
import { CITUS_STAND_IN } from "./stand-in.ts";
import { PLATFORM_ROOT, TABLES } from "./tables.ts";

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const failure = (promise: Promise<unknown>) => promise.then(() => "accepted", (e: Error) => e.message);

describe("Citus distribution plan", () => {
  it("classifies every table of the migrated schema, and nothing that is not there", async () => {
    const { url } = await createTestDatabase();
    const catalog = await readCatalog(url);
    expect(catalog.tables.length).toBeGreaterThan(60);
    expect(classificationGaps(catalog.tables)).toEqual({ unclassified: [], unknown: [] });
    // And the plan generator refuses a table it does not know.
    expect(() => citusPlan({ ...catalog, tables: [...catalog.tables, "brand_new_table"] })).toThrow(/Classify these tables.*brand_new_table/);
  });

  it("is accepted by stand-ins that enforce Citus's co-location rules, and keeps the data and the audit chain working", async () => {
    const { url } = await createTestDatabase();
    const c = await connect(url);
    try {
      // A little of everything the plan must carry: a tree of organizations, a member, a group, audit events of an org and of the platform.
      const [user] = (await c.query<{ id: string }>(`INSERT INTO users (email, name) VALUES ('ann@tree.example', 'Ann') RETURNING id`)).rows;
      const [root] = (await c.query<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('Tree', 'tree') RETURNING id`)).rows;
      const [child] = (await c.query<{ id: string }>(`INSERT INTO organizations (name, slug, parent_id) VALUES ('Branch', 'branch', $1) RETURNING id`, [root!.id])).rows;
      const [leaf] = (await c.query<{ id: string }>(`INSERT INTO organizations (name, slug, parent_id) VALUES ('Leaf', 'leaf', $1) RETURNING id`, [child!.id])).rows;
      const [other] = (await c.query<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)).rows;
      await c.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'admin')`, [leaf!.id, user!.id]);
      const [group] = (await c.query<{ id: string }>(`INSERT INTO groups (organization_id, name) VALUES ($1, 'Ops') RETURNING id`, [child!.id])).rows;
      await c.query(`INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)`, [group!.id, user!.id]);
      for (const org of [leaf!.id, other!.id, null]) {
        await c.query(`INSERT INTO audit_events (organization_id, action, status, actor_type, resource_type) VALUES ($1, 'test.event', 'success', 'system', 'test')`, [org]);
      }
      const counts = async () =>
        (await c.query<{ n: number }>(`SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM group_members) + (SELECT count(*) FROM memberships) AS n`)).rows[0]!.n;
      const before = await counts();

      const plan = citusPlan(await readCatalog(url));
      await c.query(CITUS_STAND_IN);
      await c.query(plan.sql);

      // Every table placed as classified (local ones not placed), and no foreign key left that Citus would refuse.
      const placed = (await c.query<{ table: string; kind: string }>(`SELECT relid::text AS table, kind FROM citus_stand_in.placement ORDER BY 1`)).rows;
      const expected = Object.entries(TABLES).filter(([, cls]) => cls.kind !== "local").map(([table, cls]) => ({ table, kind: cls.kind })).sort((a, b) => a.table.localeCompare(b.table));
      expect(placed).toEqual(expected);
      expect(new Set((await c.query<{ colocation_id: number }>(`SELECT colocation_id FROM citus_stand_in.placement WHERE kind = 'distributed'`)).rows.map((r) => r.colocation_id)).size).toBe(1);
      expect((await c.query(`SELECT * FROM citus_stand_in.violations()`)).rows).toEqual([]);

      // The data came through, each row on its tree's root.
      expect(await counts()).toBe(before);
      const rootOf = async (sql: string, params: unknown[]) => (await c.query<{ root: string }>(sql, params)).rows.map((r) => r.root);
      expect(await rootOf(`SELECT root_organization_id::text AS root FROM organizations WHERE id = ANY($1) ORDER BY depth`, [[root!.id, child!.id, leaf!.id]])).toEqual([root!.id, root!.id, root!.id]);
      expect(await rootOf(`SELECT root_organization_id::text AS root FROM memberships WHERE user_id = $1`, [user!.id])).toEqual([root!.id]);
      expect(await rootOf(`SELECT root_organization_id::text AS root FROM group_members WHERE group_id = $1`, [group!.id])).toEqual([root!.id]);
      expect(await rootOf(`SELECT DISTINCT root_organization_id::text AS root FROM audit_events ORDER BY 1`, [])).toEqual([PLATFORM_ROOT, ...[root!.id, other!.id].sort()].sort());
      expect(await rootOf(`SELECT root_organization_id::text AS root FROM audit_chain_heads WHERE chain_key = $1`, [PLATFORM_ROOT])).toEqual([PLATFORM_ROOT]);

      // The audit log's triggers still chain new events (the application now supplies the root).
      await c.query(`INSERT INTO audit_events (organization_id, root_organization_id, action, status, actor_type, resource_type) VALUES ($1, $2, 'test.after', 'success', 'system', 'test')`, [leaf!.id, root!.id]);
      const chain = (await c.query<{ seq: string; linked: boolean }>(
        `SELECT e.seq, e.prev_hash = p.hash AS linked FROM audit_events e JOIN audit_events p ON p.organization_id = e.organization_id AND p.seq = e.seq - 1 WHERE e.action = 'test.after'`,
      )).rows;
      expect(chain).toEqual([{ seq: "2", linked: true }]);
      // The tree stays on its shard: a new child carries its root; a move into another tree is refused.
      await c.query(`INSERT INTO organizations (name, slug, parent_id, root_organization_id) VALUES ('Twig', 'twig', $1, $2)`, [leaf!.id, root!.id]);
      const [twig] = (await c.query<{ depth: number; under_leaf: boolean }>(`SELECT depth, path <@ (SELECT path FROM organizations WHERE id = $1) AS under_leaf FROM organizations WHERE slug = 'twig'`, [leaf!.id])).rows;
      expect(twig).toEqual({ depth: 4, under_leaf: true });
      expect(await failure(c.query(`UPDATE organizations SET parent_id = $1 WHERE id = $2`, [other!.id, leaf!.id]))).toMatch(/parent organization .* does not exist/);
      expect(await failure(c.query(`INSERT INTO organizations (name, slug, root_organization_id) VALUES ('Stray', 'stray', $1)`, [root!.id]))).toMatch(/organizations_root_is_self/);
      // The widened keys still refuse duplicates within a tenant, and composite foreign keys refuse a row that names another tree's organization.
      expect(await failure(c.query(`INSERT INTO memberships (organization_id, root_organization_id, user_id, role) VALUES ($1, $2, $3, 'member')`, [leaf!.id, root!.id, user!.id]))).toMatch(/memberships_organization_id_user_id_key/);
      expect(await failure(c.query(`INSERT INTO groups (organization_id, root_organization_id, name) VALUES ($1, $2, 'Cross')`, [leaf!.id, other!.id]))).toMatch(/groups_organization_id_fkey/);
    } finally {
      await c.end();
    }
  });

  it("has stand-ins that refuse what Citus refuses", async () => {
    const { url } = await createTestDatabase();
    const c = await connect(url);
    try {
      await c.query(CITUS_STAND_IN);
      await c.query(`
        CREATE TABLE t_root (tenant uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant, id));
        CREATE TABLE t_ref (id int PRIMARY KEY);
        CREATE TABLE t_local (id int PRIMARY KEY);
        CREATE TABLE t_pk_without (tenant uuid NOT NULL, id uuid PRIMARY KEY);
        CREATE TABLE t_unique_without (tenant uuid NOT NULL, id uuid, code text, PRIMARY KEY (tenant, id));
        CREATE UNIQUE INDEX t_unique_without_code ON t_unique_without (code);
      `);
      await c.query(`SELECT create_distributed_table('t_root', 'tenant')`);
      await c.query(`SELECT create_reference_table('t_ref')`);
      expect(await failure(c.query(`SELECT create_distributed_table('t_pk_without', 'tenant', colocate_with => 't_root')`))).toMatch(/do not include the partition column/);
      expect(await failure(c.query(`SELECT create_distributed_table('t_unique_without', 'tenant', colocate_with => 't_root')`))).toMatch(/does not include the distribution column/);

      await c.query(`CREATE TABLE t_child (tenant uuid NOT NULL, id uuid, root_id uuid, PRIMARY KEY (tenant, id))`);
      await c.query(`CREATE UNIQUE INDEX ON t_root (id)`); // lets PostgreSQL accept a foreign key on id alone
      await c.query(`ALTER TABLE t_child ADD FOREIGN KEY (root_id) REFERENCES t_root (id)`);
      expect(await failure(c.query(`SELECT create_distributed_table('t_child', 'tenant', colocate_with => 't_root')`))).toMatch(/must include the distribution column on both sides/);

      await c.query(`CREATE TABLE t_to_local (tenant uuid NOT NULL, id uuid, l int REFERENCES t_local (id), PRIMARY KEY (tenant, id))`);
      expect(await failure(c.query(`SELECT create_distributed_table('t_to_local', 'tenant', colocate_with => 't_root')`))).toMatch(/not colocated or not referencing a reference table/);

      await c.query(`CREATE TABLE t_other_group (tenant uuid NOT NULL, id uuid, PRIMARY KEY (tenant, id))`);
      await c.query(`SELECT create_distributed_table('t_other_group', 'tenant')`);
      await c.query(`CREATE TABLE t_cross (tenant uuid NOT NULL, id uuid, o uuid, PRIMARY KEY (tenant, id), FOREIGN KEY (tenant, o) REFERENCES t_other_group (tenant, id))`);
      expect(await failure(c.query(`SELECT create_distributed_table('t_cross', 'tenant', colocate_with => 't_root')`))).toMatch(/not colocated/);

      await c.query(`CREATE TABLE t_ref_to_dist (id int PRIMARY KEY, tenant uuid, rid uuid, FOREIGN KEY (tenant, rid) REFERENCES t_root (tenant, id))`);
      expect(await failure(c.query(`SELECT create_reference_table('t_ref_to_dist')`))).toMatch(/may only reference reference tables/);

      await c.query(`CREATE TABLE t_nulls (tenant uuid, id uuid NOT NULL, UNIQUE (tenant, id)); INSERT INTO t_nulls VALUES (NULL, gen_random_uuid())`);
      expect(await failure(c.query(`SELECT create_distributed_table('t_nulls', 'tenant', colocate_with => 't_root')`))).toMatch(/has NULL values/);

      await c.query(`CREATE TABLE t_trig (tenant uuid NOT NULL, id uuid, PRIMARY KEY (tenant, id));
        CREATE FUNCTION t_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER t_trig_noop BEFORE INSERT ON t_trig FOR EACH ROW EXECUTE FUNCTION t_noop()`);
      expect(await failure(c.query(`SELECT create_distributed_table('t_trig', 'tenant', colocate_with => 't_root')`))).toMatch(/has triggers/);

      await c.query(`CREATE TABLE t_local_to_dist (id int PRIMARY KEY, tenant uuid, rid uuid, FOREIGN KEY (tenant, rid) REFERENCES t_root (tenant, id))`);
      // Afterwards, every table refused above is still local, and its foreign key to a distributed table is reported.
      expect((await c.query(`SELECT constraint_name FROM citus_stand_in.violations() ORDER BY 1`)).rows.map((r) => r.constraint_name)).toEqual([
        "t_child_root_id_fkey", "t_cross_tenant_o_fkey", "t_local_to_dist_tenant_rid_fkey", "t_ref_to_dist_tenant_rid_fkey",
      ]);
    } finally {
      await c.end();
    }
  });
});
