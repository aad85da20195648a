/**
 * The REST face of the input check the tRPC procedures run: path parameters,
 * query strings and parsed bodies holding text PostgreSQL cannot store (NUL
 * characters, lone surrogates) or nested absurdly deep are refused with 400
 * before a handler sees them. Raw bodies (the Stripe webhook's bytes) are
 * the handler's to verify; /trpc checks its decoded input itself.
 */
import { findUnstorableText, textProblemMessage } from "@atrium/core";
import type { FastifyInstance } from "fastify";

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
