/**
 * org.get: the tRPC query (session check, org access, RBAC decision, then the
 * organization with its active member count) against a bare route that reads
 * the same organization and count in one `pg` query, with no session or access
 * check: the floor for the same data.
 */
import { DEMO_PASSWORD } from "@atrium/core/seed";
import type { Scenario } from "../scenario.ts";
import { signIn, trpcQueryUrl } from "../trpc-session.ts";

const EMAIL = "admin@acme.example";

const ORGANIZATION_WITH_MEMBER_COUNT = `
  SELECT o.id, o.parent_id AS "parentId", o.name, o.slug, o.plan, o.region, o.status,
         o.is_enterprise AS "isEnterprise", o.depth, o.created_at AS "createdAt",
         (SELECT count(*)::int FROM memberships m WHERE m.organization_id = o.id AND m.status = 'active') AS "memberCount"
    FROM organizations o
   WHERE o.id = $1 AND o.deleted_at IS NULL`;

interface OrganizationRead {
  id: string;
  name: string;
  memberCount: number;
}

export const orgGet: Scenario = {
  name: "org.get",
  summary: "tRPC org.get (session, access, RBAC, org + active member count) vs one pg query for the org + count",

  registerBareRoute(app, pool) {
    app.get<{ Params: { orgId: string } }>("/orgs/:orgId", async (req, reply) => {
      const { rows } = await pool.query(ORGANIZATION_WITH_MEMBER_COUNT, [req.params.orgId]);
      if (rows.length === 0) return reply.code(404).send({ error: "not found" });
      return rows[0];
    });
  },

  async prepare(servers, demo) {
    const orgId = demo.organizations["acme"];
    if (!orgId) throw new Error("the demo seed has no acme organization");
    const cookie = await signIn(servers.trpc, EMAIL, DEMO_PASSWORD);
    // The same headers go to both servers, so both receive the same request bytes.
    const headers = { cookie };
    const targets = {
      bare: { url: `${servers.bare}/orgs/${orgId}`, headers },
      trpc: { url: trpcQueryUrl(servers.trpc, "org.get", { orgId }), headers },
    };
    const bare = (await getJson(targets.bare.url, headers)) as OrganizationRead;
    const trpc = ((await getJson(targets.trpc.url, headers)) as { result: { data: { json: OrganizationRead } } }).result.data.json;
    if (bare.id !== trpc.id || bare.name !== trpc.name || bare.memberCount !== trpc.memberCount) {
      throw new Error(`org.get: the two targets disagree: bare ${JSON.stringify(bare)}, tRPC ${JSON.stringify(trpc)}`);
    }
    return targets;
  },
};

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
