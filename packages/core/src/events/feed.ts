/**
 * The event feed of GET /v1/events: events after an opaque cursor, oldest
 * first, for every organization (an application is platform-level) or one.
 * The cursor encodes the last position read; positions grow in commit order,
 * so following nextCursor never skips an event.
 */
import { Prisma, type Db } from "@atrium/db";
import { AppError, notFound } from "../errors.ts";
import type { EventType } from "./catalogue.ts";

export interface EventView {
  id: string;
  type: string;
  organizationId: string;
  createdAt: Date;
  data: Record<string, unknown>;
}

export interface EventPage {
  data: EventView[];
  nextCursor: string | null;
  hasMore: boolean;
}

const CURSOR = /^ev1_[A-Za-z0-9_-]{1,40}$/;

export const encodeEventCursor = (position: bigint) => `ev1_${Buffer.from(`p:${position}`).toString("base64url")}`;

export function decodeEventCursor(cursor: string): bigint {
  const bad = () => new AppError("BAD_REQUEST", { userMessage: "The cursor is not one this API gave." });
  if (!CURSOR.test(cursor)) throw bad();
  const match = /^p:(\d{1,19})$/.exec(Buffer.from(cursor.slice(4), "base64url").toString());
  if (!match) throw bad();
  return BigInt(match[1]!);
}

export async function listEvents(
  db: Db,
  query: { after?: string | undefined; limit: number; organizationId?: string | undefined; types?: readonly EventType[] | undefined },
): Promise<EventPage> {
  const after = query.after ? decodeEventCursor(query.after) : 0n;
  if (query.organizationId) {
    const org = await db.organization.findUnique({ where: { id: query.organizationId }, select: { id: true } });
    if (!org) throw notFound("The organization");
  }
  const rows = await db.$queryRaw<{ id: string; type: string; organization_id: string; created_at: Date; data: Record<string, unknown>; position: bigint }[]>`
    SELECT id, type, organization_id::text, created_at, data, position FROM events
     WHERE position > ${after}
       ${query.organizationId ? Prisma.sql`AND organization_id = ${query.organizationId}::uuid` : Prisma.empty}
       ${query.types?.length ? Prisma.sql`AND type = ANY (${[...query.types]}::text[])` : Prisma.empty}
     ORDER BY position
     LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({ id: r.id, type: r.type, organizationId: r.organization_id, createdAt: r.created_at, data: r.data })),
    // With no event yet, the cursor stays where it was, so a poller keeps its place.
    nextCursor: last ? encodeEventCursor(last.position) : query.after ?? null,
    hasMore: rows.length > query.limit,
  };
}
