/**
 * POST /v1/authorize — up to 100 permission checks in one call, answered in
 * order. Each check is decided as the consoles decide (core decideChecks);
 * a check that cannot be allowed (unknown organization, permission or
 * resource, a principal who is not a member) is denied with its reason, so
 * one stale id never fails a batch. The batch is recorded on the platform log
 * (asynchronously, see AuditBuffer) with its counts and each denial's reason.
 */
import { decideChecks } from "@atrium/core/applications";
import type { Db } from "@atrium/db";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AuditBuffer } from "../audit-buffer.ts";
import { ZErrorBody } from "../errors.ts";
import { applicationActor } from "../guard.ts";
import { ERROR_RESPONSES, ZAuthorizeBody, ZAuthorizeResponse } from "../schemas.ts";

export function registerAuthorize(app: FastifyInstance, { db, audit }: { db: Db; audit: AuditBuffer }) {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/authorize",
    {
      schema: {
        operationId: "authorize",
        summary: "Decide permission checks",
        description: "Up to 100 checks, answered in order with allowed, a reason code and an explanation.",
        tags: ["Authorization"],
        body: ZAuthorizeBody,
        response: { 200: ZAuthorizeResponse, ...ERROR_RESPONSES, 409: ZErrorBody },
      },
    },
    async (req) => {
      const results = await decideChecks(db, req.body.checks);
      const allowed = results.filter((r) => r.allowed).length;
      audit.push(applicationActor(req), {
        action: "application.authorize",
        organizationId: null,
        resource: { type: "application", id: req.application!.id },
        details: {
          checks: results.length,
          allowed,
          denied: results.length - allowed,
          organizations: [...new Set(req.body.checks.map((c) => c.organizationId))],
          // Each refusal with its reason (ids only: the chain keeps no personal data).
          denials: results.flatMap((r, i) => {
            const c = req.body.checks[i]!;
            return r.allowed ? [] : [{ organizationId: c.organizationId, userId: c.principal.id, permission: c.permission.slice(0, 200), reason: r.reason }];
          }),
        },
      });
      return { results };
    },
  );
}
