/**
 * PUT /v1/catalog, GET /v1/catalog — the product's own catalog: its
 * permissions, resource types and audit action types, every name prefixed by
 * the application's slug (`demo-product/notes:share`, `demo-product/note`,
 * `demo-product/note.share`) so none can collide with Atrium's catalog or
 * another application's.
 *
 * Declared through the API rather than a file Atrium reads at boot, because
 * the vendor's product evolves on its own schedule: a PUT takes effect on the
 * next decision. A PUT replaces the whole document (idempotent by nature);
 * a permission or resource type still used by a custom role or a resource
 * grant cannot be removed (409 conflict naming it). Product permissions are
 * then decided by the same decide() as Atrium's: system roles hold them from
 * `minimumRole` up, custom roles and resource grants hold what they list.
 * The PUT is audited in its transaction; the GET on the platform log through
 * the AuditBuffer.
 */
import { getCatalog, putCatalog } from "@atrium/core/applications";
import type { Db } from "@atrium/db";
import { PRODUCT_MINIMUM_ROLES, PRODUCT_PERMISSION_PATTERN, type ProductPermission } from "@atrium/rbac";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AuditBuffer } from "../audit-buffer.ts";
import { ZErrorBody } from "../errors.ts";
import { applicationActor } from "../guard.ts";
import { ERROR_RESPONSES } from "../schemas.ts";

const ZDescription = z.string().trim().min(1).max(300);

export const ZCatalog = z
  .object({
    permissions: z
      .array(
        z.object({
          name: z
            .string()
            .regex(PRODUCT_PERMISSION_PATTERN)
            .meta({ description: "`<application slug>/<resource>:<action>`, lowercase", example: "demo-product/notes:share" }),
          description: ZDescription.meta({ example: "Share notes outside the organization" }),
          category: z.string().trim().min(1).max(60).meta({ description: "How the roles editor groups it, under the product's name", example: "Sharing" }),
          minimumRole: z
            .enum(PRODUCT_MINIMUM_ROLES)
            .default("admin")
            .meta({ description: "The lowest system role that holds it (owners and admins hold everything; members what is marked member or viewer; viewers what is marked viewer)" }),
        }),
      )
      .max(500),
    resourceTypes: z
      .array(
        z.object({
          type: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}\/[a-z][a-z0-9_]{0,49}$/).meta({ description: "`<application slug>/<type>`", example: "demo-product/note" }),
          description: ZDescription,
        }),
      )
      .max(200),
    auditActions: z
      .array(
        z.object({
          action: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{1,62}\/[a-z][a-z0-9_]{0,49}\.[a-z][a-z0-9_]{0,49}$/)
            .meta({ description: "`<application slug>/<resource>.<verb>`", example: "demo-product/note.share" }),
          description: ZDescription,
        }),
      )
      .max(500),
  })
  .meta({ id: "Catalog" });

export function registerCatalog(app: FastifyInstance, { db, audit }: { db: Db; audit: AuditBuffer }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.put(
    "/catalog",
    {
      schema: {
        operationId: "putCatalog",
        summary: "Declare the product's catalog",
        description:
          "Replaces the application's permissions, resource types and audit action types with this document. " +
          "Every name starts with the application's slug and a slash. A permission or resource type still used by a custom role or a resource grant cannot be removed (409).",
        tags: ["Catalog"],
        body: ZCatalog,
        response: { 200: ZCatalog, ...ERROR_RESPONSES, 403: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (req) => {
      const doc = { ...req.body, permissions: req.body.permissions.map((p) => ({ ...p, name: p.name as ProductPermission })) };
      return putCatalog(db, applicationActor(req), { id: req.application!.id, slug: req.application!.slug }, doc);
    },
  );

  r.get(
    "/catalog",
    {
      schema: {
        operationId: "getCatalog",
        summary: "Read the product's catalog",
        tags: ["Catalog"],
        response: { 200: ZCatalog, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      audit.push(applicationActor(req), {
        action: "application.read",
        organizationId: null,
        resource: { type: "application", id: req.application!.id },
        details: { read: "catalog" },
      });
      return getCatalog(db, req.application!.id);
    },
  );
}
