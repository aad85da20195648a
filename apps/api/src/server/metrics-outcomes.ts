/**
 * Domain outcome metrics next to the HTTP histogram (metrics.ts): SCIM
 * requests by operation and status, SSO sign-ins by protocol, result and
 * reason, audit events written by this process. Every label comes from a
 * fixed set (no organization ids, no e-mail addresses, no raw paths), so a
 * client cannot grow the series count.
 */
import { AUDIT_APPENDED_METRIC, countAuditAppends } from "@atrium/core/audit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter, type Registry } from "prom-client";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the SSO routes when a sign-in finishes (rest/sso/sso.ts). */
    ssoOutcome?: { result: "success" | "failure" | "test"; reason: string };
  }
}

/** Every reason SsoLoginError is thrown with (packages/core/src/sso); anything else counts as "other". */
export const SSO_FAILURE_REASONS: ReadonlySet<string> = new Set([
  "connection_in_test_mode", "email_domain_not_verified", "encrypted_assertion", "id_token_expired", "idp_error",
  "idp_initiated_not_allowed", "invalid_id_token", "invalid_response", "invalid_signature", "malformed_response",
  "membership_deactivated", "missing_email", "multiple_assertions", "nonce_mismatch", "not_configured", "platform_account",
  "replayed_assertion", "state_mismatch", "token_exchange_failed", "unknown_connection", "unknown_state", "user_deactivated",
  "wrong_audience", "wrong_destination", "wrong_issuer", "wrong_recipient", "xml_comment", "xml_doctype",
  "xml_processing_instruction", "id_token_not_yet_valid", "expired", "not_yet_valid", "in_response_to_mismatch",
  // SAML: algorithms, signature placement and structure (saml-checks.ts).
  "undecryptable_assertion", "weak_encryption_algorithm", "unsupported_encryption_algorithm", "weak_signature_algorithm",
  "assertion_not_signed", "missing_conditions",
  // Which account: OIDC e-mail verification, identity links, UserInfo.
  "email_not_verified", "identity_conflict", "userinfo_failed", "userinfo_sub_mismatch",
]);

const SCIM_RESOURCES: Record<string, string> = {
  users: "users", groups: "groups", serviceproviderconfig: "discovery", resourcetypes: "discovery", schemas: "discovery", bulk: "bulk", me: "me",
};

/** "users.create", "groups.patch", "users.list", "discovery.get", … from the method and the path under /scim/v2. */
export function scimOperation(method: string, url: string): string {
  const path = url.split("?", 1)[0]!.replace(/^\/scim\/v2\/?/, "");
  const [first, id] = path.split("/");
  const resource = SCIM_RESOURCES[(first ?? "").toLowerCase()];
  if (!resource) return "other";
  if (resource === "discovery") return "discovery.get";
  const verb = id
    ? ({ GET: "get", PUT: "replace", PATCH: "patch", DELETE: "delete" } as Record<string, string>)[method]
    : ({ GET: "list", POST: resource === "bulk" ? "post" : "create" } as Record<string, string>)[method];
  return verb ? `${resource}.${verb}` : `${resource}.other`;
}

const statusLabel = (status: number) => (status >= 100 && status < 600 ? String(status) : "other");

/** Records how an SSO sign-in ended, for the `atrium_sso_logins_total` counter. */
export function noteSsoOutcome(req: FastifyRequest, result: { outcome: { kind: string } | null; error: { reason: string } | null; testResultId: string | null }) {
  const reason = result.error ? (SSO_FAILURE_REASONS.has(result.error.reason) ? result.error.reason : "other") : "none";
  if (result.testResultId) req.ssoOutcome = { result: "test", reason };
  else if (result.outcome?.kind === "session") req.ssoOutcome = { result: "success", reason: "none" };
  else req.ssoOutcome = { result: "failure", reason: reason === "none" ? "other" : reason };
}

export function registerOutcomeMetrics(app: FastifyInstance, registry: Registry) {
  const scim = new Counter({
    name: "atrium_scim_requests_total",
    help: "SCIM requests by operation (resource.verb) and HTTP status",
    labelNames: ["operation", "status"] as const,
    registers: [registry],
  });
  const sso = new Counter({
    name: "atrium_sso_logins_total",
    help: "SSO sign-ins that reached the ACS or callback, by protocol, result (success, failure, test) and failure reason",
    labelNames: ["protocol", "result", "reason"] as const,
    registers: [registry],
  });
  const audit = new Counter({ ...AUDIT_APPENDED_METRIC, registers: [registry] });

  const stop = countAuditAppends((labels) => audit.inc(labels));
  app.addHook("onClose", async () => stop());

  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "";
    if (route.startsWith("/scim/v2")) {
      scim.inc({ operation: scimOperation(req.method, req.url), status: statusLabel(reply.statusCode) });
    } else if (req.ssoOutcome && route.startsWith("/auth/")) {
      const protocol = route.startsWith("/auth/saml/") ? "saml" : route.startsWith("/auth/oidc/") ? "oidc" : "other";
      sso.inc({ protocol, result: req.ssoOutcome.result, reason: req.ssoOutcome.reason });
    }
  });
}
