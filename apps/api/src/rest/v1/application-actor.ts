/** The audit actor of a /v1 request, apart from guard.ts so that what the guard calls (key-mode.ts) can audit too. */
import type { Actor } from "@atrium/core/actor";
import type { FastifyRequest } from "fastify";

/** The application as the audit log names it: the application (id, name) and the secret key it used. */
export function applicationActor(req: FastifyRequest): Actor {
  const app = req.application!;
  return {
    type: "application",
    applicationId: app.id,
    name: app.name,
    keyId: app.keyId,
    keyPrefix: app.keyPrefix,
    ip: req.ip,
    userAgent: req.headers["user-agent"],
    requestId: req.id,
  };
}
