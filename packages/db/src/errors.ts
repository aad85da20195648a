import { Prisma } from "./generated/prisma/client.ts";

/** True when a Prisma call failed on a unique constraint (optionally a named one). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!constraint) return true;
  return JSON.stringify(error.meta ?? {}).includes(constraint);
}
