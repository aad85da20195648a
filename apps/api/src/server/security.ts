import type { FastifyInstance, FastifyRequest } from "fastify";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * Cross-site POSTs by design: the IdP's browser form to the SAML ACS (no cookie is read there), and the
 * OpenID Provider's endpoints (relying parties' back ends and browsers post there; oidc-provider protects
 * its own forms). The provider's interaction pages are ours and keep the check.
 */
const CROSS_SITE_ENDPOINTS = /^\/(auth\/saml\/[^/?]+\/acs(\?|$)|oidc\/(?!interaction\/))/;

/**
 * CSRF protection for cookie-authenticated requests, as the Lucia guide
 * recommends: a state-changing request must come from Atrium's own origin.
 * A cross-site Origin is always refused; a missing Origin is refused when the
 * request carries the session cookie (browsers always send Origin on POST).
 */
export function registerCsrfProtection(app: FastifyInstance, publicUrl: string, cookieName: string) {
  const allowed = new URL(publicUrl).origin;
  const sameHost = (req: FastifyRequest, origin: string) => {
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  };
  app.addHook("onRequest", async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || CROSS_SITE_ENDPOINTS.test(req.url)) return;
    const origin = req.headers.origin;
    const hasSession = req.cookies[cookieName] !== undefined;
    if (origin ? origin !== allowed && !sameHost(req, origin) : hasSession) {
      return reply.code(403).send({ error: { code: "FORBIDDEN", message: "Cross-site request refused." } });
    }
  });
}

/**
 * The SPAs' Content-Security-Policy: scripts only from Atrium's own origin (the
 * Vite builds have no inline script), styles also inline (Mantine sets CSS
 * variables at run time), images also from https: and data: (tenant logos),
 * no plugins, no framing, no <base> tricks.
 */
export const SPA_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers every response carries; HSTS when Atrium is served over HTTPS. */
export function registerSecurityHeaders(app: FastifyInstance, publicUrl: string) {
  const https = publicUrl.startsWith("https://");
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "strict-origin-when-cross-origin");
    reply.header("x-frame-options", "DENY");
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (https) reply.header("strict-transport-security", "max-age=63072000; includeSubDomains");
  });
}
