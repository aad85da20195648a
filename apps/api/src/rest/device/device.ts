/**
 * RFC 8628 endpoints for headless clients (form-encoded requests, JSON
 * answers, errors as RFC 6749 §5.2 `{ error, error_description }`):
 *   POST /oauth/device/code    device + user code for a client
 *   POST /oauth/device/token   poll with the device code → bearer token
 *   GET  /.well-known/oauth-authorization-server   metadata for the clients
 *   GET  /device               → the admin SPA's page where the user enters the code
 *
 * What RFC 6749 asks of every answer on the two POST endpoints, checked in
 * this order: another method gets 405 with `Allow: POST`; the body must be
 * form-encoded; no parameter may appear twice (§3.1, §3.2); a missing
 * grant_type is `invalid_request`, another one `unsupported_grant_type`.
 * Every answer, errors included, carries `Cache-Control: no-store` and
 * `Pragma: no-cache` (§5.1). Device clients are public: an unknown client_id
 * is `invalid_client` with 400, or 401 with `WWW-Authenticate` naming the
 * scheme the client used when it sent an Authorization header (§5.2).
 */
import { DeviceGrantError, formatUserCode, normalizeUserCode, pollDeviceToken, requestDeviceAuthorization } from "@atrium/core/device";
import { type RequestMeta } from "@atrium/core/actor";
import type { Db } from "@atrium/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";

export const DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";
const POST_ENDPOINTS = ["/oauth/device/code", "/oauth/device/token"] as const;

/** Unknown parameters are ignored (RFC 6749 §3.1); the known ones are single strings. */
const ZCodeForm = z.object({ client_id: z.string().optional(), scope: z.string().optional() });
const ZTokenForm = z.object({ grant_type: z.string().optional(), client_id: z.string().optional(), device_code: z.string().optional() });

const metaOf = (req: FastifyRequest): RequestMeta => ({ ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) });

const oauthError = (reply: FastifyReply, status: number, error: string, description: string) =>
  reply.code(status).send({ error, error_description: description });

/** The auth-scheme of the request's Authorization header (a token per RFC 9110 §11.1), if it has one. */
function authorizationScheme(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const scheme = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s|$)/.exec(header)?.[1];
  return scheme ?? "Basic";
}

function sendOAuthError(req: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof DeviceGrantError) {
    const scheme = error.error === "invalid_client" ? authorizationScheme(req) : null;
    if (scheme) {
      reply.header("www-authenticate", `${scheme} realm="atrium", error="invalid_client"`);
      return oauthError(reply, 401, error.error, error.description);
    }
    return oauthError(reply, error.status, error.error, error.description);
  }
  reply.log.error({ err: error }, "device grant failed");
  return oauthError(reply, 500, "server_error", "Something went wrong on our side.");
}

/**
 * The form's parameters, or the `invalid_request` description: the body
 * must be form-encoded and hold each parameter at most once.
 */
function readForm(req: FastifyRequest): { params: Record<string, string> } | { problem: string } {
  if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded") || !(req.body instanceof URLSearchParams)) {
    return { problem: "Send the parameters form-encoded (application/x-www-form-urlencoded)." };
  }
  const params: Record<string, string> = {};
  for (const [name, value] of req.body) {
    if (Object.hasOwn(params, name)) return { problem: `The parameter ${name} must not be sent more than once.` };
    params[name] = value;
  }
  return { params };
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
    // Parsed into a multimap, so a repeated parameter is seen (an object would keep only the last).
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
      done(null, new URLSearchParams(body as string));
    });
    scope.addHook("onSend", async (_req, reply) => {
      reply.header("cache-control", "no-store");
      reply.header("pragma", "no-cache");
    });

    for (const url of POST_ENDPOINTS) {
      scope.route({
        method: ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"],
        url,
        exposeHeadRoute: false,
        handler: async (req, reply) => {
          reply.header("allow", "POST");
          return oauthError(reply, 405, "invalid_request", `Use POST for ${url} (not ${req.method}).`);
        },
      });
    }

    scope.post("/oauth/device/code", async (req, reply) => {
      const form = readForm(req);
      if ("problem" in form) return oauthError(reply, 400, "invalid_request", form.problem);
      const body = ZCodeForm.parse(form.params);
      try {
        return reply.send(await requestDeviceAuthorization(deps.db, { clientId: body.client_id, scope: body.scope }, metaOf(req), verificationUri));
      } catch (error) {
        return sendOAuthError(req, reply, error);
      }
    });

    scope.post("/oauth/device/token", async (req, reply) => {
      const form = readForm(req);
      if ("problem" in form) return oauthError(reply, 400, "invalid_request", form.problem);
      const body = ZTokenForm.parse(form.params);
      if (body.grant_type === undefined) return oauthError(reply, 400, "invalid_request", "grant_type is required.");
      if (body.grant_type !== DEVICE_GRANT_TYPE) return oauthError(reply, 400, "unsupported_grant_type", `Use grant_type=${DEVICE_GRANT_TYPE}.`);
      try {
        return reply.send(await pollDeviceToken(deps.db, { clientId: body.client_id, deviceCode: body.device_code }, metaOf(req)));
      } catch (error) {
        return sendOAuthError(req, reply, error);
      }
    });
  });
}
