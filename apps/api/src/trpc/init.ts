import { AppError } from "@atrium/core/errors";
import { findUnstorableText, textProblemMessage } from "@atrium/core/security";
import { isDatabaseUnavailable } from "@atrium/db";
import type { Permission } from "@atrium/rbac";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { Context } from "./context.ts";
import { transformer } from "./transformer.ts";

const TRPC_CODE: Record<AppError["code"], TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  PAYMENT_REQUIRED: "PAYMENT_REQUIRED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

interface Issue {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

/** `{ "parentId": ["Invalid UUID"] }` from a validation error's issues. */
function fieldErrors(cause: unknown): Record<string, string[]> | undefined {
  const issues = (cause as { issues?: Issue[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".") || "(input)";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Every procedure declares who may call it; the access sweep test reads this
 * to call each one as an outsider, a viewer and an anonymous client.
 */
export interface ProcedureMeta {
  access: "public" | "authed" | "staff" | { permission: Permission };
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  isDev: false,
  transformer,
  errorFormatter({ shape, error }) {
    const internal = shape.data.httpStatus >= 500 && error.code !== "SERVICE_UNAVAILABLE";
    return {
      message: internal ? "Something went wrong on our side. Try again, or contact support with the request id." : shape.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...(error.code === "BAD_REQUEST" && fieldErrors(error.cause) ? { fieldErrors: fieldErrors(error.cause) } : {}),
      },
    };
  },
});

/** Seconds a client is asked to wait when the database is unreachable or too slow. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The outer middleware of every procedure, one level rather than two (each
 * middleware level copies the call's options and context):
 * - refuses input PostgreSQL cannot store (NUL characters, lone surrogates) or
 *   nested absurdly deep, with 400 and the field, before any parser or service
 *   sees it (the database error used to surface as a 500);
 * - turns an AppError thrown by a service into the matching tRPC error (and
 *   Retry-After), and a database that is down, restarting or timing out into
 *   503 Service Unavailable, which the client may retry.
 */
const edge = t.middleware(async ({ ctx, getRawInput, next }) => {
  const problem = findUnstorableText(await getRawInput());
  if (problem) {
    const message = textProblemMessage(problem);
    throw new TRPCError({ code: "BAD_REQUEST", message, cause: Object.assign(new Error(message), { issues: [{ path: problem.path.split("."), message }] }) });
  }
  const result = await next();
  if (!result.ok && !(result.error.cause instanceof AppError) && isDatabaseUnavailable(result.error.cause)) {
    void ctx.res.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "The service is briefly unavailable. Try again in a few seconds.",
      cause: result.error.cause,
    });
  }
  if (!result.ok && result.error.cause instanceof AppError) {
    const appError = result.error.cause;
    if (appError.retryAfterSeconds) void ctx.res.header("retry-after", String(appError.retryAfterSeconds));
    throw new TRPCError({ code: TRPC_CODE[appError.code], message: appError.userMessage, cause: appError });
  }
  return result;
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(edge);
