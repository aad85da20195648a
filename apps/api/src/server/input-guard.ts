/**
 * The REST face of the input check the tRPC procedures run: path parameters,
 * query strings and parsed bodies holding text PostgreSQL cannot store (NUL
 * characters, lone surrogates) or nested absurdly deep are refused with 400
 * before a handler sees them. Raw bodies (the Stripe webhook's bytes) are
 * the handler's to verify; /trpc checks its decoded input itself.
 */
import { findUnstorableText, textProblemMessage } from "@atrium/core/security";
import { ScimError } from "@atrium/core/scim";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SCIM_CONTENT_TYPE } from "../rest/scim/scim.ts";

export class UnstorableInputError extends Error {
  readonly statusCode = 400;
  readonly code = "UNSTORABLE_INPUT";
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export function registerInputGuard(app: FastifyInstance) {
  app.addHook("preHandler", async (req) => {
    if (req.url.startsWith("/trpc/")) return;
    const body = Buffer.isBuffer(req.body) ? undefined : req.body;
    const problem = findUnstorableText({ params: req.params, query: req.query, body });
    if (problem) throw new UnstorableInputError(problem.path, textProblemMessage(problem));
  });
}

/**
 * Fastify's `frameworkErrors`: a URL that is not valid percent-encoded UTF-8
 * (or fails a route constraint) answers in the surface's own error shape —
 * RFC 7644 for SCIM, /v1's lowercase codes, `{ error: { code, message, requestId } }` elsewhere —
 * instead of Fastify's default body.
 */
export function frameworkErrors(error: { statusCode?: number; code?: string }, req: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = error.code === "FST_ERR_BAD_URL" ? "The URL is not valid (malformed percent-encoding)." : "The request is not valid.";
  if (req.url.startsWith("/scim/")) return reply.code(status).type(SCIM_CONTENT_TYPE).send(new ScimError(status, undefined, message).toJSON());
  if (req.url.startsWith("/v1/")) return reply.code(status).header("x-request-id", req.id).send({ error: { code: "invalid_request", message, requestId: req.id } });
  return reply.code(status).send({ error: { code: "BAD_REQUEST", message, requestId: req.id } });
}
