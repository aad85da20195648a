/**
 * GET /v1/organizations/{id}, …/entitlements, …/members: what the product
 * reads about a customer organization. An application serves every
 * organization; one that does not exist (or was deleted) is 404. Each read is
 * recorded on the platform log (asynchronously, see AuditBuffer).
 */
import { entitlements, membersPage, organizationView } from "@atrium/core/applications";
import type { Db } from "@atrium/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AuditBuffer } from "../audit-buffer.ts";
import { ZErrorBody } from "../errors.ts";
import { applicationActor } from "../guard.ts";
import { ERROR_RESPONSES, ZEntitlements, ZMembersPage, ZMembersQuery, ZOrganization, ZOrganizationParams } from "../schemas.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerOrganizations(app: FastifyInstance, { db, audit }: { db: Db; audit: AuditBuffer }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const recordRead = (req: FastifyRequest, organizationId: string, what: string) =>
    audit.push(applicationActor(req), {
      action: "application.read",
      organizationId: null,
      resource: { type: "application", id: req.application!.id },
      details: { read: what, organizationId },
    });
  const errors = { ...ERROR_RESPONSES, 404: ZErrorBody };

  r.get(
    "/organizations/:id",
    {
      schema: {
        operationId: "getOrganization",
        summary: "Read an organization",
        tags: ["Organizations"],
        params: ZOrganizationParams,
        response: { 200: ZOrganization, ...errors },
      },
    },
    async (req) => {
      const org = await organizationView(db, req.params.id);
      recordRead(req, org.id, "organization");
      return { ...org, createdAt: org.createdAt.toISOString() };
    },
  );

  r.get(
    "/organizations/:id/entitlements",
    {
      schema: {
        operationId: "getEntitlements",
        summary: "Read an organization's plan, features and quotas",
        description: "Features with the plan's answer and any per-organization override (with its expiry); quotas with current usage, soft and hard limits.",
        tags: ["Organizations"],
        params: ZOrganizationParams,
        response: { 200: ZEntitlements, ...errors },
      },
    },
    async (req) => {
      const result = await entitlements(db, req.params.id);
      recordRead(req, req.params.id, "entitlements");
      return { ...result, features: result.features.map((f) => ({ ...f, override: f.override && { ...f.override, expiresAt: iso(f.override.expiresAt) } })) };
    },
  );

  r.get(
    "/organizations/:id/members",
    {
      schema: {
        operationId: "listMembers",
        summary: "List an organization's members",
        description: "Members with their role and directory attributes, ordered by user id; pass nextCursor as cursor for the next page.",
        tags: ["Organizations"],
        params: ZOrganizationParams,
        querystring: ZMembersQuery,
        response: { 200: ZMembersPage, ...errors },
      },
    },
    async (req) => {
      const page = await membersPage(db, req.params.id, req.query);
      recordRead(req, req.params.id, "members");
      return { ...page, members: page.members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })) };
    },
  );
}
