/**
 * /v1 — the API the vendor's product back end calls with an application's
 * secret key. Fastify routes with a zod type provider (not tRPC: the product
 * speaks REST, and any language's HTTP client should do). The same zod
 * schemas validate requests, serialize responses and generate the OpenAPI 3.1
 * document served at /v1/openapi.json (committed as apps/api/openapi/v1.json;
 * a test fails when they drift). /docs/api is its reference page, whose
 * script is served from here and whose CSP lets it fetch nothing elsewhere.
 */
import fastifySwagger from "@fastify/swagger";
import scalarReference from "@scalar/fastify-api-reference";
import type { AccessTokenReadAhead, TokenPrincipal } from "@atrium/core/applications";
import type { Db } from "@atrium/db";
import type { FastifyError, FastifyInstance } from "fastify";
import { createJsonSchemaTransform, createJsonSchemaTransformObject, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { AuditBuffer } from "./audit-buffer.ts";
import { sendError, v1ErrorHandler } from "./errors.ts";
import { authenticateDeferred, registerGuard } from "./guard.ts";
import { registerKeyMode } from "./key-mode.ts";
import { registerAuditEvents } from "./routes/audit-events.ts";
import { registerAuthorize } from "./routes/authorize.ts";
import { registerCatalog } from "./routes/catalog.ts";
import { registerEvents } from "./routes/events.ts";
import { registerOrganizations } from "./routes/organizations.ts";
import { registerUsage } from "./routes/usage.ts";

export const V1_DOCUMENT_INFO = {
  title: "Atrium API",
  version: "1.0.0",
  description:
    "The API your product's back end calls: permission decisions, organizations, entitlements and members. " +
    "Authenticate with an application's secret key (`Authorization: Bearer atrium_sk_…`). " +
    "Errors have one shape: `{ \"error\": { \"code\", \"message\", \"requestId\" } }`. " +
    "Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a 429 carries `Retry-After`. " +
    "Every POST accepts an `Idempotency-Key` header (kept 24 hours).",
};

/**
 * The reference page may load its own script and styles, and fetch only from
 * this origin. The page shows only the public document (no session, no
 * secret), so its script may evaluate code, as the reference renderer does.
 */
const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

declare module "fastify" {
  interface FastifyInstance {
    /** The /v1 surface: its routes, its document, its queued audit records. */
    v1: V1Handle;
  }
}

export interface V1Route {
  method: string;
  url: string;
  /** Which zod schemas the route declared: params, querystring, body, headers, and the statuses of its responses. */
  schemas: string[];
  responses: string[];
}

export interface V1Handle {
  /** Every route registered under /v1 (the sweep and the document test enumerate them). */
  routes: readonly V1Route[];
  /** Queues a read or decision record of an application, appended with the others (AuditBuffer). */
  recordAudit: AuditBuffer["push"];
  /** Waits until the queued read and decision records are in the audit log. */
  flushAudit(): Promise<void>;
  /** The OpenAPI document (after the server is ready). */
  document(): unknown;
}

export interface V1Deps {
  db: Db;
  publicUrl: string;
  /**
   * Resolves an access token issued by Atrium's OpenID Provider for the
   * application whose client id is `clientId` (server.ts passes the
   * provider's own lookup). Without it, token principals are token_inactive.
   */
  accessTokens?: (token: string, clientId: string, readAhead?: AccessTokenReadAhead | null) => Promise<TokenPrincipal>;
}

export async function registerV1(app: FastifyInstance, { db, publicUrl, accessTokens }: V1Deps): Promise<V1Handle> {
  const audit = new AuditBuffer(db, (error) => app.log.warn({ err: error }, "could not write /v1 audit records"));
  app.addHook("onClose", () => audit.close());

  const routes: V1Route[] = [];
  let document: () => unknown = () => {
    throw new Error("the /v1 scope is not registered yet");
  };
  await app.register(async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);
    await scope.register(fastifySwagger, {
      openapi: {
        openapi: "3.1.0",
        info: V1_DOCUMENT_INFO,
        components: {
          securitySchemes: { secretKey: { type: "http", scheme: "bearer", description: "An application's secret key, atrium_sk_…" } },
        },
        security: [{ secretKey: [] }],
      },
      transform: createJsonSchemaTransform({}),
      transformObject: createJsonSchemaTransformObject({}),
    });

    await scope.register(
      async (v1) => {
        v1.addHook("onRoute", (route) => {
          const schema = (route.schema ?? {}) as Record<string, unknown>;
          const schemas = ["params", "querystring", "body", "headers"].filter((part) => schema[part] !== undefined);
          const responses = Object.keys((schema["response"] as object | undefined) ?? {});
          for (const method of [route.method].flat()) if (method !== "HEAD") routes.push({ method, url: route.url, schemas, responses });
        });
        // An answer given before a self-authenticating route authenticated (invalid JSON, an invalid body):
        // authenticate first, so a bad key is 401 and an empty bucket 429 whatever else is wrong.
        v1.setErrorHandler(async (error, req, reply) => {
          try {
            await authenticateDeferred(db, req, reply);
          } catch (refusal) {
            return v1ErrorHandler(refusal as FastifyError, req, reply);
          }
          return v1ErrorHandler(error as FastifyError, req, reply);
        });
        v1.setNotFoundHandler((req, reply) => sendError(reply, req, 404, "not_found", `There is no ${req.method} ${req.url.split("?")[0]} in this API.`));
        registerGuard(v1, db);
        registerKeyMode(v1, db);
        registerAuthorize(v1, { db, audit, accessTokens });
        registerOrganizations(v1, { db, audit });
        registerCatalog(v1, { db, audit });
        registerUsage(v1, { db, publicUrl });
        registerAuditEvents(v1, { db });
        registerEvents(v1, { db, audit });
      },
      { prefix: "/v1" },
    );

    document = () => scope.swagger();
    scope.get("/v1/openapi.json", { schema: { hide: true } }, async () => scope.swagger());
    await scope.register(scalarReference, {
      routePrefix: "/docs/api",
      configuration: { url: "/v1/openapi.json", withDefaultFonts: false, hideClientButton: true, telemetry: false, showDeveloperTools: "never" } as never,
      hooks: {
        onRequest: async (_req, reply) => {
          void reply.header("content-security-policy", DOCS_CONTENT_SECURITY_POLICY);
        },
      },
    });
  });

  return { routes, recordAudit: (actor, entry) => audit.push(actor, entry), flushAudit: () => audit.flush(), document: () => document() };
}
