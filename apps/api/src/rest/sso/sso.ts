/**
 * The SSO protocol endpoints (REST, as SAML and OIDC dictate):
 *
 *   GET  /auth/saml/:connectionId/login     → 302 to the IdP (AuthnRequest, HTTP-Redirect)
 *   POST /auth/saml/:connectionId/acs       ← the IdP's SAMLResponse (HTTP-POST); exempt from the CSRF origin check
 *   GET  /auth/saml/:connectionId/metadata  → our SP metadata XML
 *   GET  /auth/oidc/:connectionId/login     → 302 to the provider (code + PKCE, state cookie)
 *   GET  /auth/oidc/:connectionId/callback  ← code and state
 *
 * `?test=1` on a login URL starts an admin's test sign-in (sso:test in the
 * connection's organization): no session is created, and the browser lands on
 * the connection's page with the received attributes or the exact error.
 * Everyone else sees a generic error page; the reason is in the audit log.
 */
import { authorize } from "@atrium/core/access";
import {
  completeOidcLogin,
  consumeSamlResponse,
  getConnectionOrganization,
  samlMetadata,
  SsoLoginError,
  startOidcLogin,
  startSamlLogin,
  type SsoOutcome,
} from "@atrium/core/sso";
import { AppError } from "@atrium/core/errors";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { resolveOrgCaller } from "../../auth/caller.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { noteSsoOutcome } from "../../server/metrics-outcomes.ts";
import { sendError } from "../errors.ts";

export interface SsoHttpOptions {
  /** The clock id_tokens are checked against (tests move it to expire a token). */
  now?: () => Date;
}

const STATE_COOKIE = "atrium_sso_state";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Where a finished sign-in may land: our own SPAs, or an OpenID Provider interaction waiting for it. */
const SAFE_RETURN = /^(\/(admin|csm)(\/[A-Za-z0-9\-._~/?=&%]*)?|\/oidc\/interaction\/[A-Za-z0-9_-]{1,64})$/;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function errorPage(reply: FastifyReply, requestId: string, status = 401) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed · Atrium</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:10vh auto;padding:0 1rem;color:#1a1b1e}a{color:#4c6ef5}</style></head>
<body><h1>Sign-in failed</h1><p>We could not sign you in with your organization's single sign-on.
Try again, or contact your IT administrator and give them this reference: <code>${escapeHtml(requestId)}</code>.</p>
<p><a href="/admin/login">Back to sign-in</a></p></body></html>`;
  return reply.code(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(html);
}

/**
 * A login URL is opened by a person's browser: a refusal there is a page, never a JSON body.
 * Without a session (a test started from another address than the one signed in at, or after the
 * session ended) the page says to sign in and links back to this test.
 */
function refusalPage(reply: FastifyReply, req: FastifyRequest, error: unknown) {
  const status = error instanceof AppError && error.status < 500 ? error.status : 500;
  const signIn = `/admin/login?return_to=${encodeURIComponent(req.url)}`;
  const [title, text] =
    status === 401
      ? ["Sign in to test this connection", `Testing a single sign-on connection needs you signed in to the admin console at this address. <a href="${escapeHtml(signIn)}">Sign in</a>, then start the test again.`]
      : status === 403 || status === 404
        ? ["You cannot test this connection", "Testing it needs the permission to test single sign-on in its organization. Ask an owner or administrator."]
        : ["Something went wrong", `We could not start the sign-in. Try again in a moment; if it keeps failing, give your administrator this reference: <code>${escapeHtml(String(req.id))}</code>.`];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Atrium</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:10vh auto;padding:0 1rem;color:#1a1b1e}a{color:#364fc7}</style></head>
<body><h1>${title}</h1><p>${text}</p><p><a href="/admin/">Back to the admin console</a></p></body></html>`;
  return reply.code(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(html);
}

export function registerSso(app: FastifyInstance, deps: ApiDeps, options: SsoHttpOptions = {}) {
  const publicUrl = deps.env.ATRIUM_PUBLIC_URL;
  const secure = publicUrl.startsWith("https://");
  const metaOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers["user-agent"], requestId: String(req.id) });

  /** For `?test=1`: the admin running the test (sso:test in the connection's organization). */
  async function tester(req: FastifyRequest, reply: FastifyReply, connectionId: string): Promise<string | null> {
    if ((req.query as Record<string, string>)["test"] !== "1") return null;
    const organizationId = await getConnectionOrganization(deps.db, connectionId);
    const caller = await resolveOrgCaller({ ...deps, req, res: reply, meta: metaOf(req) }, organizationId, "sso.test");
    await authorize(deps.db, caller.actor, caller.access, "sso:test", { operation: "sso.test" });
    return caller.user?.id ?? null;
  }

  function finish(reply: FastifyReply, req: FastifyRequest, result: { outcome: SsoOutcome | null; error: SsoLoginError | null; testResultId: string | null; organizationId: string | null }, connectionId: string, returnTo: string | null) {
    noteSsoOutcome(req, result);
    if (result.testResultId && result.organizationId) {
      return reply.redirect(`/admin/orgs/${result.organizationId}/sso/${connectionId}?test=${result.testResultId}`, 303);
    }
    if (!result.outcome || result.outcome.kind !== "session") {
      req.log.info({ reason: result.error?.reason, connectionId }, "sso sign-in refused");
      return errorPage(reply, String(req.id), result.error?.reason === "unknown_connection" ? 404 : 401);
    }
    deps.cookies.set(reply, result.outcome.token, result.outcome.expiresAt);
    return reply.redirect(returnTo && SAFE_RETURN.test(returnTo) ? returnTo : `/admin/orgs/${result.outcome.organizationId}`, 303);
  }

  app.register(async (scope) => {
    // The IdP posts an HTML form; parse it here only.
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 512 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get<{ Params: { connectionId: string }; Querystring: { return_to?: string } }>("/auth/saml/:connectionId/login", async (req, reply) => {
      try {
        if (!UUID.test(req.params.connectionId)) return errorPage(reply, String(req.id), 404);
        const testByUserId = await tester(req, reply, req.params.connectionId);
        const returnTo = req.query.return_to;
        const url = await startSamlLogin(deps.db, req.params.connectionId, publicUrl, { testByUserId, relayState: returnTo && SAFE_RETURN.test(returnTo) ? returnTo : "" });
        return reply.redirect(url, 302);
      } catch (error) {
        if (error instanceof SsoLoginError) return errorPage(reply, String(req.id), 400);
        return refusalPage(reply, req, error);
      }
    });

    scope.post<{ Params: { connectionId: string }; Body: Record<string, unknown> | undefined }>("/auth/saml/:connectionId/acs", async (req, reply) => {
      const result = await consumeSamlResponse(deps.db, {
        connectionId: req.params.connectionId,
        samlResponse: req.body?.["SAMLResponse"],
        relayState: req.body?.["RelayState"],
        publicUrl,
        meta: metaOf(req),
      });
      return finish(reply, req, result, req.params.connectionId, result.relayState);
    });

    scope.get<{ Params: { connectionId: string } }>("/auth/saml/:connectionId/metadata", async (req, reply) => {
      try {
        const xml = await samlMetadata(deps.db, req.params.connectionId, publicUrl);
        return reply.header("content-type", "application/samlmetadata+xml; charset=utf-8").send(xml);
      } catch (error) {
        return sendError(reply, error);
      }
    });

    scope.get<{ Params: { connectionId: string } }>("/auth/oidc/:connectionId/login", async (req, reply) => {
      try {
        if (!UUID.test(req.params.connectionId)) return errorPage(reply, String(req.id), 404);
        const testByUserId = await tester(req, reply, req.params.connectionId);
        const { url, state } = await startOidcLogin(deps.db, req.params.connectionId, publicUrl, { testByUserId });
        reply.setCookie(STATE_COOKIE, state, { httpOnly: true, sameSite: "lax", secure, path: "/auth/oidc/", maxAge: 600 });
        return reply.redirect(url, 302);
      } catch (error) {
        if (error instanceof SsoLoginError) return errorPage(reply, String(req.id), 400);
        return refusalPage(reply, req, error);
      }
    });

    scope.get<{ Params: { connectionId: string }; Querystring: Record<string, unknown> }>("/auth/oidc/:connectionId/callback", async (req, reply) => {
      const cookieState = req.cookies[STATE_COOKIE];
      reply.setCookie(STATE_COOKIE, "", { httpOnly: true, sameSite: "lax", secure, path: "/auth/oidc/", maxAge: 0 });
      const result = await completeOidcLogin(deps.db, {
        connectionId: req.params.connectionId,
        query: req.query,
        cookieState,
        publicUrl,
        meta: metaOf(req),
        ...(options.now ? { now: options.now() } : {}),
      });
      return finish(reply, req, result, req.params.connectionId, null);
    });
  });
}
