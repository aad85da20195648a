/**
 * The Citus plan (packages/db/src/citus) applied to the full demo data set:
 * every table's rows survive and each lands on the shard of its tree's root.
 */
import { CITUS_STAND_IN, citusPlan, readCatalog, TABLES } from "@atrium/db/citus";
import { withAdminClient } from "@atrium/db/testing";
import { describe, expect, it } from "vitest";
import { createDemoTestDatabase } from "../seed/testing.ts";

const { url, demo } = await createDemoTestDatabase();

describe("Citus plan on the demo data", () => {
  it("is accepted, keeps every row, and puts each row on its organization's root", async () => {
    await withAdminClient(url, async (client) => {
      const tables = Object.keys(TABLES);
      const count = async () => {
        const counts: Record<string, number> = {};
        for (const t of tables) counts[t] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0]!.n;
        return counts;
      };
      const before = await count();
      expect(before["audit_events"]).toBeGreaterThan(100);

      await client.query(CITUS_STAND_IN);
      await client.query(citusPlan(await readCatalog(url)).sql);

      expect(await count()).toEqual(before);
      expect((await client.query(`SELECT * FROM citus_stand_in.violations()`)).rows).toEqual([]);
      // Acme's children are on Acme's shard.
      const acme = demo.organizations["acme"]!;
      const children = await client.query<{ root: string }>(`SELECT DISTINCT root_organization_id::text AS root FROM organizations WHERE path <@ (SELECT path FROM organizations WHERE id = $1)`, [acme]);
      expect(children.rows).toEqual([{ root: acme }]);
      // In every distributed table with an organization_id, the root is that organization's root.
      for (const [table, cls] of Object.entries(TABLES)) {
        if (cls.kind !== "distributed" || table === "organizations") continue;
        const hasOrg = (await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'organization_id'`, [table])).rowCount === 1;
        if (!hasOrg) continue;
        const wrong = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${table}" t LEFT JOIN organizations o ON o.id = t.organization_id
            WHERE t.root_organization_id IS DISTINCT FROM coalesce(o.root_organization_id, '00000000-0000-0000-0000-000000000000'::uuid)`,
        );
        expect(wrong.rows[0]!.n, table).toBe(0);
      }
    });
  });
});
