/**
 * What the console's Server-Sent Event streams (the audit tail, live analytics)
 * share: opening the stream on a hijacked reply, and checking again, while it
 * stays open, that its caller still holds the permission it was opened with.
 */
import { authenticateApiKey, loadApiKeyAccess } from "@atrium/core/api-keys";
import { loadOrgAccess } from "@atrium/core/access";
import type { Actor } from "@atrium/core/actor";
import { stillAllowed } from "@atrium/core/audit";
import { validateSessionToken } from "@atrium/core/auth";
import type { Permission } from "@atrium/rbac";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ServerResponse } from "node:http";
import { bearerToken } from "../auth/caller.ts";
import type { ApiDeps } from "../trpc/context.ts";

interface RecheckFor {
  req: FastifyRequest;
  meta: { ip: string; userAgent: string | undefined; requestId: string };
  actor: Actor;
  orgId: string;
  permission: Permission;
}

/**
 * A check that the stream's caller (the same API key, or the same session
 * cookie) still holds `permission` in the organization: false once the key or
 * session is revoked, the membership removed or the role changed.
 */
export function accessRecheck(deps: ApiDeps, { req, meta, actor, orgId, permission }: RecheckFor): () => Promise<boolean> {
  const bearer = bearerToken(req);
  const cookie = deps.cookies.read(req);
  return async () => {
    if (bearer) {
      const key = await authenticateApiKey(deps.db, bearer, meta);
      return stillAllowed(actor, key && key.organizationId === orgId ? await loadApiKeyAccess(deps.db, key) : null, permission);
    }
    const session = cookie ? await validateSessionToken(deps.db, cookie) : null;
    return stillAllowed(actor, session ? await loadOrgAccess(deps.db, session.user.id, orgId) : null, permission);
  };
}

/** Takes the reply over from Fastify (its headers kept) and opens an event stream on it; browsers retry after 3 s. */
export function openEventStream(reply: FastifyReply): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  res.write("retry: 3000\n\n");
  return res;
}
