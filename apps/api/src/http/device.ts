/**
 * RFC 8628 endpoints for headless clients (form-encoded requests, JSON
 * answers, errors as RFC 6749 §5.2 `{ error, error_description }`):
 *   POST /oauth/device/code    device + user code for a client
 *   POST /oauth/device/token   poll with the device code → bearer token
 *   GET  /.well-known/oauth-authorization-server   metadata for the clients
 *   GET  /device               → the admin SPA's page where the user enters the code
 */
import { DeviceGrantError, formatUserCode, normalizeUserCode, pollDeviceToken, requestDeviceAuthorization, type RequestMeta } from "@atrium/core";
import type { Db } from "@atrium/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export const DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

type Form = Record<string, string | undefined>;

const metaOf = (req: FastifyRequest): RequestMeta => ({ ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) });

function sendOAuthError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof DeviceGrantError) {
    return reply.code(error.status).send({ error: error.error, error_description: error.description });
  }
  reply.log.error({ err: error }, "device grant failed");
  return reply.code(500).send({ error: "server_error", error_description: "Something went wrong on our side." });
}

export function registerDeviceGrant(app: FastifyInstance, deps: { db: Db; publicUrl: string }) {
  const base = deps.publicUrl.replace(/\/$/, "");
  const verificationUri = `${base}/device`;

  app.get("/.well-known/oauth-authorization-server", async (_req, reply) =>
    reply.send({
      issuer: base,
      device_authorization_endpoint: `${base}/oauth/device/code`,
      token_endpoint: `${base}/oauth/device/token`,
      grant_types_supported: [DEVICE_GRANT_TYPE],
      token_endpoint_auth_methods_supported: ["none"],
    }),
  );

  // The code travels in the path so it survives the sign-in redirect of the SPA.
  app.get("/device", async (req, reply) => {
    const code = normalizeUserCode(String((req.query as Record<string, unknown>)["user_code"] ?? ""));
    return reply.redirect(code ? `/admin/device/${formatUserCode(code)}` : "/admin/device");
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.addHook("onSend", async (_req, reply) => {
      reply.header("cache-control", "no-store");
    });
    const form = (req: FastifyRequest): Form | null =>
      req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded") && req.body && typeof req.body === "object" ? (req.body as Form) : null;
    const invalidRequest = (reply: FastifyReply) =>
      reply.code(400).send({ error: "invalid_request", error_description: "Send the parameters form-encoded (application/x-www-form-urlencoded)." });

    scope.post("/oauth/device/code", async (req, reply) => {
      const body = form(req);
      if (!body) return invalidRequest(reply);
      try {
        return reply.send(await requestDeviceAuthorization(deps.db, { clientId: body["client_id"], scope: body["scope"] }, metaOf(req), verificationUri));
      } catch (error) {
        return sendOAuthError(reply, error);
      }
    });

    scope.post("/oauth/device/token", async (req, reply) => {
      const body = form(req);
      if (!body) return invalidRequest(reply);
      if (body["grant_type"] !== DEVICE_GRANT_TYPE) {
        return reply.code(400).send({ error: "unsupported_grant_type", error_description: `Use grant_type=${DEVICE_GRANT_TYPE}.` });
      }
      try {
        return reply.send(await pollDeviceToken(deps.db, { clientId: body["client_id"], deviceCode: body["device_code"] }, metaOf(req)));
      } catch (error) {
        return sendOAuthError(reply, error);
      }
    });
  });
}
