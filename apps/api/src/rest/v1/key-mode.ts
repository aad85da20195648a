/**
 * Test and live keys. Every /v1 answer to an authenticated call says which
 * kind of key made it (`Atrium-Key-Mode: test | live`). A test key does
 * everything that changes nothing — decisions, organization reads, the
 * catalog read, the event feed — and is refused (403 `test_key`) where a call
 * would change what customers' organizations hold or what the product
 * declares: usage, audit events, the catalog. So a staging or CI back end can
 * run against the real Atrium without billing usage, writing into customers'
 * audit logs or replacing the production catalog. The refusal is audited
 * (`access.denied` on the platform log). Registered after the guard (which
 * authenticates the key); a route that authenticates itself is never a
 * live-key route and announces its mode itself (guard.ts admitWith).
 */
import { recordAudit } from "@atrium/core/audit";
import type { Db } from "@atrium/db";
import type { AuthenticatedApplication } from "@atrium/core/applications";
import type { FastifyInstance, FastifyReply } from "fastify";
import { V1Error } from "./errors.ts";
import { applicationActor } from "./application-actor.ts";

/** The routes only a live key may call. */
export const LIVE_KEY_ROUTES: ReadonlySet<string> = new Set(["PUT /v1/catalog", "POST /v1/usage", "POST /v1/audit/events"]);

/** The answer says which kind of key made the call. */
export function announceKeyMode(reply: FastifyReply, application: AuthenticatedApplication): void {
  void reply.header("atrium-key-mode", application.keyMode);
}

export function registerKeyMode(app: FastifyInstance, db: Db) {
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      if (route.config?.authenticatesItself && LIVE_KEY_ROUTES.has(`${method} ${route.url}`)) throw new Error(`${method} ${route.url} needs a live key and cannot authenticate itself`);
    }
  });
  app.addHook("onRequest", async (req, reply) => {
    const application = req.application;
    if (!application) return;
    announceKeyMode(reply, application);
    const route = `${req.method} ${req.routeOptions.url}`;
    if (application.keyMode === "test" && LIVE_KEY_ROUTES.has(route)) {
      await recordAudit(db, applicationActor(req), {
        action: "access.denied",
        organizationId: null,
        status: "denied",
        resource: { type: "application", id: application.id },
        details: { route, reason: "test_key" },
      });
      throw new V1Error(403, "test_key", "A test key cannot change anything: send usage, audit events and the catalog with a live key (atrium_sk_live_…).");
    }
  });
}
