/**
 * v1.authorize: POST /v1/authorize with one check through the real server
 * (secret-key lookup, the application's rate limit in PostgreSQL, zod
 * validation, the consoles' decision: organization, membership with its
 * roles, inherited roles, plan feature, archive state; the audit record
 * queued) against a bare route that answers the same question with one SQL
 * query — the active membership in an existing organization, its system or
 * custom role, and whether that role holds the permission — with no key check,
 * no rate limit and no audit: the floor for the same decision.
 */
import { DEMO_APPLICATION } from "@atrium/core/seed";
import { SYSTEM_ROLES, systemRolePermissions, type Permission } from "@atrium/rbac";
import type { Scenario } from "../scenario.ts";

export const AUTHORIZE_EMAIL = "admin@acme.example";
export const AUTHORIZE_PERMISSION = "members:invite";

const MEMBERSHIP_ROLE_PERMISSION = `
  SELECT coalesce(m.role::text, r.name::text) AS role,
         (m.role::text = ANY($3::text[]) OR $4 = ANY(r.permissions)) AS allowed
    FROM memberships m
    JOIN organizations o ON o.id = m.organization_id AND o.deleted_at IS NULL
    LEFT JOIN roles r ON r.id = m.custom_role_id
   WHERE m.user_id = $1 AND m.organization_id = $2 AND m.status = 'active'`;

interface BareCheck {
  principal: { id: string };
  organizationId: string;
  permission: string;
}

/** The system roles that hold `permission`. */
const rolesHolding = (permission: string) => SYSTEM_ROLES.filter((role) => systemRolePermissions(role).has(permission as Permission));

export const v1AuthorizeHeaders = { authorization: `Bearer ${DEMO_APPLICATION.secretKey}`, "content-type": "application/json" };

export const v1Authorize: Scenario = {
  name: "v1.authorize",
  label: "v1",
  summary: "POST /v1/authorize, one check (key, rate limit, decision, audit) vs one pg query for membership + role + permission",

  registerBareRoute(app, pool) {
    app.post<{ Body: { checks: BareCheck[] } }>("/authorize", async (req) => {
      const results = await Promise.all(
        req.body.checks.map(async (check) => {
          const { rows } = await pool.query<{ role: string; allowed: boolean }>(MEMBERSHIP_ROLE_PERMISSION, [
            check.principal.id,
            check.organizationId,
            rolesHolding(check.permission),
            check.permission,
          ]);
          const row = rows[0];
          if (!row) return { allowed: false, reason: "not_a_member" };
          return { allowed: row.allowed, reason: row.allowed ? "granted" : "not_granted" };
        }),
      );
      return { results };
    });
  },

  async prepare(servers, demo) {
    const organizationId = demo.organizations["acme"];
    const userId = demo.users[AUTHORIZE_EMAIL];
    if (!organizationId || !userId) throw new Error("the demo seed has no acme organization or admin");
    const body = JSON.stringify({ checks: [{ principal: { type: "user", id: userId }, organizationId, permission: AUTHORIZE_PERMISSION }] });
    const targets = {
      bare: { url: `${servers.bare}/authorize`, method: "POST" as const, headers: v1AuthorizeHeaders, body },
      trpc: { url: `${servers.trpc}/v1/authorize`, method: "POST" as const, headers: v1AuthorizeHeaders, body },
    };
    const [bare, v1] = await Promise.all([postJson(targets.bare.url, body), postJson(targets.trpc.url, body)]);
    const decision = (answer: unknown) => (answer as { results: { allowed: boolean; reason: string }[] }).results.map((r) => [r.allowed, r.reason]);
    if (JSON.stringify(decision(bare)) !== JSON.stringify(decision(v1)) || !decision(v1)[0]?.[0]) {
      throw new Error(`v1.authorize: the two targets disagree or deny: bare ${JSON.stringify(bare)}, v1 ${JSON.stringify(v1)}`);
    }
    return targets;
  },
};

export async function postJson(url: string, body: string, headers: Record<string, string> = v1AuthorizeHeaders): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers, body });
  if (response.status !== 200) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
