/**
 * SCIM 2.0 at /scim/v2 (RFC 7643/7644): the bearer token selects the
 * organization; every answer is `application/scim+json`, every failure an
 * RFC 7644 §3.12 error (malformed JSON, oversized bodies and unexpected
 * errors included). Each request is logged for the admin console. The
 * protocol itself lives in packages/core/src/scim.
 */
import {
  authenticateScimToken,
  DEMO_SCIM_TOKEN,
  batchedScimRequestLog,
  handleScim,
  MAX_PAYLOAD_BYTES,
  scimActor,
  ScimError,
  userNameLookup,
  type JobQueue,
  type ScimPrincipal,
} from "@atrium/core/scim";
import type { Db } from "@atrium/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ApiEnv } from "../../env.ts";

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

declare module "fastify" {
  interface FastifyRequest {
    scim?: { principal?: ScimPrincipal; started: number; error?: ScimError };
  }
}

function send(reply: FastifyReply, error: ScimError) {
  reply.request.scim = { ...(reply.request.scim ?? { started: performance.now() }), error };
  if (error.status === 401) reply.header("www-authenticate", 'Bearer realm="SCIM"');
  return reply.code(error.status).type(SCIM_CONTENT_TYPE).send(error.toJSON());
}

function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.code === "UNSTORABLE_INPUT") return new ScimError(400, "invalidValue", e.message ?? "Invalid text");
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE" || e.statusCode === 413) return new ScimError(413, undefined, `The request body exceeds ${MAX_PAYLOAD_BYTES} bytes`);
  if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || e.statusCode === 415) return new ScimError(400, "invalidSyntax", "Send the body as application/scim+json");
  if (e.statusCode === 400) return new ScimError(400, "invalidSyntax", "The request body is not valid JSON");
  return new ScimError(500, undefined, "Something went wrong on our side");
}

export function registerScim(app: FastifyInstance, deps: { db: Db; env: ApiEnv; jobs: JobQueue }) {
  const { db, env, jobs } = deps;
  const baseUrl = `${env.ATRIUM_PUBLIC_URL.replace(/\/$/, "")}/scim/v2`;
  const requestLog = batchedScimRequestLog(db, (error) => app.log.warn({ err: error }, "could not write the SCIM request log"));
  app.addHook("onClose", () => requestLog.flush());

  app.register(
    async (scim) => {
      scim.removeAllContentTypeParsers();
      scim.addContentTypeParser("*", { parseAs: "string", bodyLimit: MAX_PAYLOAD_BYTES }, (_req, body, done) => {
        const text = String(body);
        if (text.trim() === "") return done(null, undefined);
        try {
          done(null, JSON.parse(text));
        } catch {
          done(new ScimError(400, "invalidSyntax", "The request body is not valid JSON"), undefined);
        }
      });

      scim.setErrorHandler((error, req, reply) => {
        const scimError = toScimError(error);
        if (scimError.status === 500) req.log.error({ err: error }, "SCIM request failed");
        return send(reply, scimError);
      });
      scim.setNotFoundHandler((req, reply) => send(reply, new ScimError(404, undefined, `No endpoint ${req.url}`)));

      scim.addHook("onRequest", async (req) => {
        req.scim = { started: performance.now() };
      });

      scim.addHook("onResponse", async (req, reply) => {
        const principal = req.scim?.principal;
        if (!principal) return;
        const path = req.url.replace(/^\/scim\/v2/, "");
        requestLog.push({
          organizationId: principal.organizationId,
          tokenPrefix: principal.prefix,
          method: req.method,
          path,
          status: reply.statusCode,
          scimType: req.scim?.error?.scimType ?? null,
          durationMs: performance.now() - req.scim!.started,
          body: req.method === "GET" || req.method === "DELETE" ? null : req.body,
        });
      });

      const handler = async (req: FastifyRequest, reply: FastifyReply) => {
        const meta = { ip: req.ip, userAgent: req.headers["user-agent"], requestId: req.id };
        const header = req.headers.authorization ?? "";
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw new ScimError(401, undefined, "Send a SCIM token as Authorization: Bearer <token>");
        const path = (req.params as { "*": string })["*"] ?? "";
        const query = req.query as Record<string, unknown>;
        // The demo data's well-known token never works in production.
        const principal =
          env.NODE_ENV === "production" && match[1] === DEMO_SCIM_TOKEN ? null : await authenticateScimToken(db, match[1]!, meta, userNameLookup(req.method, `/${path}`, query));
        if (!principal) throw new ScimError(401, undefined, "The SCIM token is unknown, revoked or expired");
        req.scim = { ...req.scim!, principal };
        if (!principal.featureEnabled) throw new ScimError(403, undefined, "SCIM provisioning is not included in this organization's plan");
        if (principal.archived && req.method !== "GET") throw new ScimError(403, undefined, "The organization is archived; provisioning changes are refused");
        if (principal.rateLimitWait > 0) {
          reply.header("retry-after", String(Math.max(1, Math.ceil(principal.rateLimitWait))));
          throw new ScimError(429, undefined, "Too many SCIM requests; retry after the delay given in Retry-After");
        }
        const ctx = { db, organizationId: principal.organizationId, actor: scimActor(principal, meta), baseUrl, jobs, userNameReadAhead: principal.userNameReadAhead };
        const ifMatch = req.headers["if-match"];
        const res = await handleScim(ctx, {
          method: req.method,
          path: `/${path}`,
          query,
          body: req.body,
          ifMatch: typeof ifMatch === "string" ? ifMatch : undefined,
        });
        for (const [k, v] of Object.entries(res.headers ?? {})) reply.header(k, v);
        if (res.status === 204) return reply.code(204).send();
        return reply.code(res.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(res.body));
      };
      scim.route({ method: ["GET", "POST", "PUT", "PATCH", "DELETE"], url: "/*", handler });
      scim.route({ method: ["GET", "POST", "PUT", "PATCH", "DELETE"], url: "/", handler });
    },
    { prefix: "/scim/v2" },
  );
}
