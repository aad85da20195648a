import type { Db } from "@atrium/db";
import type { RequestMeta, ResolveTxt } from "@atrium/core";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { ApiEnv } from "../env.ts";
import type { SessionCookies } from "../http/session-cookie.ts";

export interface ApiDeps {
  db: Db;
  env: ApiEnv;
  cookies: SessionCookies;
  /** DNS TXT lookup for SSO domain verification (replaced in tests). */
  resolveTxt?: ResolveTxt;
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
