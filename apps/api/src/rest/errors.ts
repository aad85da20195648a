import { AppError } from "@atrium/core/errors";
import type { FastifyReply } from "fastify";
import { z } from "zod";

/** The REST face of an error: AppError's status and user message, 400 with field errors for validation, a generic 500 otherwise. */
export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof AppError) {
    if (error.retryAfterSeconds) reply.header("retry-after", String(error.retryAfterSeconds));
    const internal = error.status >= 500;
    return reply.code(error.status).send({ error: { code: error.code, message: internal ? "Something went wrong on our side." : error.userMessage } });
  }
  if (error instanceof z.ZodError) {
    return reply.code(400).send({ error: { code: "BAD_REQUEST", message: "Invalid request.", fieldErrors: z.flattenError(error).fieldErrors } });
  }
  reply.log.error({ err: error }, "request failed");
  return reply.code(500).send({ error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side." } });
}
