/**
 * Builds the Fastify application: tRPC at /trpc, health and metrics, the two
 * SPAs, security hooks. `main.ts` listens; tests call buildServer directly.
 */
import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import { isDatabaseUnavailable, type Db } from "@atrium/db";
import { defaultResolveTxt, type ResolveTxt } from "@atrium/core/sso";
import { SessionAccessCache } from "@atrium/core/access";
import { InvalidationBus } from "@atrium/core/invalidation";
import { accessTokenPrincipal, type AccessTokenReadAhead } from "@atrium/core/oidc-provider";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { ApiEnv } from "./env.ts";
import { registerAuditExport } from "./rest/audit/audit-export.ts";
import { AuditTailHub, registerAuditTail } from "./rest/audit/audit-tail.ts";
import { registerAnalyticsLive, UsageLiveHub } from "./rest/analytics/analytics-live.ts";
import { registerAuditReports } from "./rest/audit/audit-reports.ts";
import { registerBillingRoutes, setupStripeBilling } from "./rest/stripe/billing.ts";
import { registerDevMail } from "./dev/dev-mail.ts";
import { registerDeviceGrant } from "./rest/device/device.ts";
import { registerQbrDownloads } from "./rest/qbr/qbr.ts";
import { registerHealthRoutes } from "./server/health.ts";
import { redactSecretPath } from "./server/log-safety.ts";
import { frameworkErrors, registerInputGuard } from "./server/input-guard.ts";
import { createMetrics } from "./server/metrics.ts";
import { registerOutcomeMetrics } from "./server/metrics-outcomes.ts";
import { registerCsrfProtection, registerSecurityHeaders } from "./server/security.ts";
import { sessionCookies } from "./server/session-cookie.ts";
import { registerScim } from "./rest/scim/scim.ts";
import { scimJobQueueFor, stopScimJobQueue } from "./rest/scim/scim-jobs.ts";
import { registerSpas } from "./server/spas.ts";
import { registerSso, type SsoHttpOptions } from "./rest/sso/sso.ts";
import { registerOidcProvider } from "./rest/oidc/index.ts";
import { registerV1 } from "./rest/v1/index.ts";
import { appRouter } from "./routers/index.ts";
import { contextFactory } from "./trpc/context.ts";
import { registerTrpc } from "./trpc/mount.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The session and access cache of this instance; undefined when built with `sessionCache: false`. */
    sessionAccess: SessionAccessCache | undefined;
  }
}

export interface ServerOptions {
  db: Db;
  env: ApiEnv;
  /** Log requests (pino); off in tests. */
  logger?: boolean;
  /** Where log lines go (default stdout); tests read them to prove secrets stay out. */
  logStream?: { write(line: string): void };
  /** SSO seams for tests: the DNS TXT lookup of domain verification, the id_token clock. */
  sso?: SsoHttpOptions & { resolveTxt?: ResolveTxt };
  /**
   * Cache sessions and organization access in process (default true; see SessionAccessCache). The test
   * helper turns it off unless a test asks for it: tests that write straight to the database and call the
   * API at once would otherwise race the notification that announces their write.
   */
  sessionCache?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
/** The vendor's product's surfaces: /v1 and the OpenID Provider. */
const PRODUCT_SURFACES = /^\/(v1|oidc)(\/|\?|$)/;

/**
 * What a request log line says about the request: never its headers or body,
 * and its URL with every query value replaced (invitation tokens, OAuth codes,
 * SAML responses travel there).
 */
function logSafeRequest(req: { id: string; method: string; url: string; ip?: string }) {
  const [path, query] = req.url.split("?", 2);
  const keys = query ? [...new URLSearchParams(query).keys()].map((k) => `${k}=[redacted]`).join("&") : "";
  const safePath = redactSecretPath(path ?? "");
  return { id: req.id, method: req.method, url: keys ? `${safePath}?${keys}` : safePath, remoteAddress: req.ip };
}

/** 503 with Retry-After: the database is down, restarting or too slow; the client may retry the request. */
function sendDatabaseUnavailable(req: FastifyRequest, reply: FastifyReply) {
  req.log.warn("database unavailable");
  return reply
    .code(503)
    .header("retry-after", "5")
    .send({ error: { code: "SERVICE_UNAVAILABLE", message: "The service is briefly unavailable. Try again in a few seconds.", requestId: req.id } });
}

export async function buildServer({ db, env, logger = false, logStream, sso = {}, sessionCache = true }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger
      ? {
          level: env.LOG_LEVEL,
          redact: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
          serializers: { req: logSafeRequest },
          ...(logStream ? { stream: logStream } : {}),
        }
      : false,
    // Per-request log lines in production; development keeps the terminal readable.
    logController: new LogController({ disableRequestLogging: env.NODE_ENV !== "production" }),
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    routerOptions: { maxParamLength: 5000 },
    frameworkErrors,
    trustProxy: env.NODE_ENV === "production",
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });

  // A client has 10 s to send its headers (Node's default is 60 s, beyond the 30 s request timeout): slow-loris clients are cut off.
  app.server.headersTimeout = 10_000;

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, req, reply) => {
    if (isDatabaseUnavailable(error)) return sendDatabaseUnavailable(req, reply);
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
  registerSecurityHeaders(app, env.ATRIUM_PUBLIC_URL);
  registerCsrfProtection(app, env.ATRIUM_PUBLIC_URL, cookies.name);
  registerInputGuard(app);

  const metrics = createMetrics(app, new Set(Object.keys(appRouter._def.procedures)));
  registerHealthRoutes(app, db, metrics, env.ATRIUM_METRICS_TOKEN);
  registerOutcomeMetrics(app, metrics);

  const billing = await setupStripeBilling(app, env);

  // Sessions and access cached in process; PostgreSQL announces every change to them (see SessionAccessCache).
  const invalidation = new InvalidationBus({ url: sessionCache ? env.DATABASE_URL : undefined, applicationName: "atrium-api-invalidation", log: (m) => app.log.warn(m) });
  const sessionAccess = sessionCache ? new SessionAccessCache(invalidation) : undefined;
  app.decorate("sessionAccess", sessionAccess);
  app.addHook("onClose", () => invalidation.stop());
  // This instance reads its own writes at once, without waiting for the notification: a request of the consoles,
  // SCIM or sign-in that may have written (any method but GET, HEAD and OPTIONS) drops the cache before its answer
  // is sent. The product's surfaces (/v1, /oidc) post on every call and rarely touch access: theirs arrive by NOTIFY.
  app.addHook("onSend", async (req, _reply, payload) => {
    if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS" && !PRODUCT_SURFACES.test(req.url)) invalidation.bump(`${req.method} request`);
    return payload;
  });

  await registerTrpc(app, "/trpc", {
    router: appRouter,
    createContext: contextFactory({ db, env, cookies, billing, resolveTxt: sso.resolveTxt ?? defaultResolveTxt, ...(sessionAccess ? { sessionAccess } : {}) }),
    onError({ error, path, req }) {
      if (error.code === "INTERNAL_SERVER_ERROR") req.log.error({ err: error.cause ?? error, path }, "procedure failed");
    },
  });

  registerAuditExport(app, { db, env, cookies });
  registerDeviceGrant(app, { db, publicUrl: env.ATRIUM_PUBLIC_URL });
  registerQbrDownloads(app, { db, env, cookies });
  registerScim(app, { db, env, jobs: scimJobQueueFor(env.DATABASE_URL) });
  app.addHook("onClose", () => stopScimJobQueue(env.DATABASE_URL));
  registerAuditReports(app, { db, env, cookies });
  registerAuditTail(app, { db, env, cookies }, { hub: new AuditTailHub(env.DATABASE_URL, (m) => app.log.warn(m)) });
  registerAnalyticsLive(app, { db, env, cookies }, { hub: new UsageLiveHub(env.DATABASE_URL, (m) => app.log.warn(m)) });
  await registerBillingRoutes(app, { db, env, cookies, billing });
  registerSso(app, { db, env, cookies, resolveTxt: sso.resolveTxt ?? defaultResolveTxt }, sso);
  // The provider is decorated just below; the lookup runs at request time.
  const accessTokens = async (token: string, clientId: string, readAhead?: AccessTokenReadAhead | null) =>
    accessTokenPrincipal(await app.oidcProvider(), db, token, clientId, readAhead);
  app.decorate("v1", await registerV1(app, { db, publicUrl: env.ATRIUM_PUBLIC_URL, accessTokens }));
  app.decorate("oidcProvider", await registerOidcProvider(app, { db, env, cookies, recordAudit: app.v1.recordAudit }));
  if (env.NODE_ENV !== "production") registerDevMail(app, env.mailDir);
  await registerSpas(app);
  return app;
}
