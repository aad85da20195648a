import type { Db } from "@atrium/db";
import type { RequestMeta } from "@atrium/core/actor";
import type { ResolveTxt } from "@atrium/core/sso";
import type { SessionAccessCache } from "@atrium/core/access";
import type { StripeBilling } from "@atrium/core/billing";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { ApiEnv } from "../env.ts";
import type { SessionCookies } from "../server/session-cookie.ts";

export interface ApiDeps {
  db: Db;
  env: ApiEnv;
  cookies: SessionCookies;
  /** Stripe for self-serve billing; null when not configured (production without STRIPE_SECRET_KEY). */
  billing?: StripeBilling | null;
  /** DNS TXT lookup for SSO domain verification (replaced in tests). */
  resolveTxt?: ResolveTxt;
  /** Sessions and organization access cached in process, invalidated through PostgreSQL (absent: every call reads them). */
  sessionAccess?: SessionAccessCache;
}

export function contextFactory(deps: ApiDeps) {
  return ({ req, res }: CreateFastifyContextOptions) => {
    const meta: RequestMeta = {
      ip: req.ip,
      userAgent: req.headers["user-agent"],
      requestId: String(req.id),
    };
    return { ...deps, req, res, meta };
  };
}

export type Context = ReturnType<ReturnType<typeof contextFactory>>;
