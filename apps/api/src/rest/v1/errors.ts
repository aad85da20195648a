/**
 * The one error shape of /v1: `{ "error": { "code", "message", "requestId" } }`
 * (plus `details`, one human sentence per invalid field, for invalid_request).
 * Codes are lowercase snake_case and stable; messages are for people. Bad
 * input is always a 4xx; a 5xx never carries internals.
 */
import { AppError, type AppErrorCode } from "@atrium/core/errors";
import { isDatabaseUnavailable } from "@atrium/db";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine code, e.g. unauthorized, invalid_request, not_found, conflict, idempotency_conflict, rate_limited" }),
      message: z.string().meta({ description: "What went wrong, in words for people" }),
      requestId: z.string().meta({ description: "Quote it to support; it is in the audit log too" }),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

export type TErrorBody = z.infer<typeof ZErrorBody>;

/** An expected /v1 failure with its status and code. */
export class V1Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { field: string; message: string }[],
  ) {
    super(message);
  }
}

const CODE_OF: Record<AppErrorCode, string> = {
  BAD_REQUEST: "invalid_request",
  UNAUTHORIZED: "unauthorized",
  PAYMENT_REQUIRED: "payment_required",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  PRECONDITION_FAILED: "precondition_failed",
  TOO_MANY_REQUESTS: "rate_limited",
  INTERNAL: "internal_error",
};

interface IssueLike {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

const LOCATION: Record<string, string> = { body: "", querystring: "query ", params: "path ", headers: "header " };

/** `checks[0].permission` from `/checks/0/permission`. */
function fieldOf(path: string): string {
  return path
    .split("/")
    .filter(Boolean)
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");
}

/** One issue as a sentence a developer reads without knowing zod. */
function sentenceOf(issue: IssueLike): string {
  const p = issue.params;
  const noun = (origin: unknown) => (origin === "string" ? "characters" : origin === "array" ? "items" : "");
  switch (issue.keyword) {
    case "invalid_type":
      return /received undefined$/.test(issue.message) ? "is required" : `must be ${/^[aeiou]/.test(String(p["expected"])) ? "an" : "a"} ${String(p["expected"])}`;
    case "too_small":
      return noun(p["origin"]) ? `must have at least ${String(p["minimum"])} ${noun(p["origin"])}` : `must be at least ${String(p["minimum"])}`;
    case "too_big":
      return noun(p["origin"]) ? `must have at most ${String(p["maximum"])} ${noun(p["origin"])}` : `must be at most ${String(p["maximum"])}`;
    case "invalid_format":
      return p["format"] === "uuid" ? "must be a UUID" : p["format"] === "regex" ? "is not in the expected format" : `must be a valid ${String(p["format"])}`;
    case "invalid_value": {
      const values = (p["values"] as unknown[] | undefined) ?? [];
      return values.length === 1 ? `must be ${JSON.stringify(values[0])}` : `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    case "unrecognized_keys":
      return `has fields this API does not know: ${((p["keys"] as string[] | undefined) ?? []).join(", ")}`;
    case "invalid_union":
      return "is not in any accepted form";
    default:
      return "is not valid";
  }
}

function validationDetails(issues: IssueLike[], context: string | undefined) {
  return issues.map((issue) => {
    const field = fieldOf(issue.instancePath);
    const where = LOCATION[context ?? "body"] ?? "";
    const name = field ? `${where}${field}` : where ? `the ${where.trim()}` : "the body";
    return { field: field || (context ?? "body"), message: `${name[0]!.toUpperCase()}${name.slice(1)} ${sentenceOf(issue)}.` };
  });
}

export function sendError(reply: FastifyReply, req: FastifyRequest, status: number, code: string, message: string, details?: TErrorBody["error"]["details"]) {
  if (status === 401) void reply.header("www-authenticate", 'Bearer realm="atrium"');
  return reply.code(status).send({ error: { code, message, requestId: req.id, ...(details?.length ? { details } : {}) } } satisfies TErrorBody);
}

/** The error handler of the /v1 scope: every failure in the one shape. */
export function v1ErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof V1Error) return sendError(reply, req, error.status, error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = validationDetails(error.validation as unknown as IssueLike[], error.validationContext);
    return sendError(reply, req, 400, "invalid_request", `The request is not valid: ${details.map((d) => d.message).join(" ")}`.slice(0, 1000), details);
  }
  if (error instanceof AppError && error.status < 500) {
    if (error.retryAfterSeconds) void reply.header("retry-after", String(error.retryAfterSeconds));
    return sendError(reply, req, error.status, CODE_OF[error.code], error.userMessage);
  }
  if (isDatabaseUnavailable(error)) {
    void reply.header("retry-after", "5");
    return sendError(reply, req, 503, "service_unavailable", "The service is briefly unavailable. Try again in a few seconds.");
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 415) return sendError(reply, req, 415, "unsupported_media_type", "Send the body as application/json.");
  if (status === 413) return sendError(reply, req, 413, "payload_too_large", "The body is too large.");
  if (status < 500) {
    const field = "field" in error && typeof error.field === "string" ? error.field : undefined;
    const message = error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError ? "The body is not valid JSON." : error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ? "The body is empty; send a JSON object." : error.message;
    return sendError(reply, req, status, "invalid_request", message, field ? [{ field, message }] : undefined);
  }
  req.log.error({ err: error }, "v1 request failed");
  return sendError(reply, req, 500, "internal_error", "Something went wrong on our side. Try again, or contact support with the request id.");
}
