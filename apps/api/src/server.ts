/**
 * Builds the Fastify application: tRPC at /trpc, health and metrics, the two
 * SPAs, security hooks. `main.ts` listens; tests call buildServer directly.
 */
import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import type { Db } from "@atrium/db";
import { defaultResolveTxt, type ResolveTxt } from "@atrium/core";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import type { ApiEnv } from "./env.ts";
import { registerAuditExport } from "./http/audit-export.ts";
import { registerDevMail } from "./http/dev-mail.ts";
import { registerHealthRoutes } from "./http/health.ts";
import { createMetrics } from "./http/metrics.ts";
import { registerCsrfProtection, registerSecurityHeaders } from "./http/security.ts";
import { sessionCookies } from "./http/session-cookie.ts";
import { registerSpas } from "./http/spas.ts";
import { registerSso, type SsoHttpOptions } from "./http/sso.ts";
import { appRouter, type AppRouter } from "./routers/index.ts";
import { contextFactory } from "./trpc/context.ts";

export interface ServerOptions {
  db: Db;
  env: ApiEnv;
  /** Log requests (pino); off in tests. */
  logger?: boolean;
  /** SSO seams for tests: the DNS TXT lookup of domain verification, the id_token clock. */
  sso?: SsoHttpOptions & { resolveTxt?: ResolveTxt };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildServer({ db, env, logger = false, sso = {} }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger
      ? { level: env.LOG_LEVEL, redact: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'] }
      : false,
    // Per-request log lines in production; development keeps the terminal readable.
    logController: new LogController({ disableRequestLogging: env.NODE_ENV !== "production" }),
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    routerOptions: { maxParamLength: 5000 },
    trustProxy: env.NODE_ENV === "production",
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) req.log.error({ err: error }, "request failed");
    return reply.code(status).send({
      error: {
        code: status >= 500 ? "INTERNAL_SERVER_ERROR" : (error.code ?? "BAD_REQUEST"),
        message: status >= 500 ? "Something went wrong on our side." : error.message,
        requestId: req.id,
      },
    });
  });

  const cookies = sessionCookies(env.ATRIUM_PUBLIC_URL);
  await app.register(fastifyCookie);
  registerSecurityHeaders(app);
  registerCsrfProtection(app, env.ATRIUM_PUBLIC_URL, cookies.name);

  const metrics = createMetrics(app, new Set(Object.keys(appRouter._def.procedures)));
  registerHealthRoutes(app, db, metrics, env.ATRIUM_METRICS_TOKEN);

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: contextFactory({ db, env, cookies, resolveTxt: sso.resolveTxt ?? defaultResolveTxt }),
      onError({ error, path, req }) {
        if (error.code === "INTERNAL_SERVER_ERROR") req.log.error({ err: error.cause ?? error, path }, "procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  registerAuditExport(app, { db, env, cookies });
  registerSso(app, { db, env, cookies, resolveTxt: sso.resolveTxt ?? defaultResolveTxt }, sso);
  if (env.NODE_ENV !== "production") registerDevMail(app, env.mailDir);
  await registerSpas(app);
  return app;
}
