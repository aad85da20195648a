import { Prisma } from "./generated/prisma/client.ts";

/** True when a Prisma call failed on a unique constraint (optionally a named one). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!constraint) return true;
  return JSON.stringify(error.meta ?? {}).includes(constraint);
}

/** SQLSTATE classes that mean "the database cannot serve this now": 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown, statement timeout). */
const UNAVAILABLE_SQLSTATE = /^(08|53|57)[0-9A-Z]{3}$/;
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGES = [
  "Can't reach database server",
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Unable to start a transaction in the given time",
  "Transaction already closed",
  "Query read timeout",
];
/** Prisma's own codes for an unreachable, timed-out or overloaded database. */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);

/**
 * True when a call failed because the database is unreachable, restarting,
 * overloaded or too slow (statement timeout) — not because of the request.
 * The API answers these with 503 and Retry-After instead of a 500: the same
 * request can succeed a moment later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (!value || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    const prisma = value instanceof Prisma.PrismaClientKnownRequestError || value instanceof Prisma.PrismaClientInitializationError;
    const e = value as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof e.code === "string" && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_NODE_CODES.has(e.code) || (prisma && UNAVAILABLE_PRISMA_CODES.has(e.code)))) return true;
    if (typeof e.originalCode === "string" && UNAVAILABLE_SQLSTATE.test(e.originalCode)) return true;
    if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
    return visit(e.meta?.driverAdapterError) || visit(e.cause);
  };
  return visit(error);
}
