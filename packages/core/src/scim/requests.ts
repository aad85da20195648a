/**
 * The SCIM request log an admin reads: method, path, status, duration,
 * scimType and a body excerpt with secrets redacted. Rows older than
 * SCIM_REQUEST_RETENTION_DAYS are deleted by the scim-sync reconciliation.
 */
import type { Db } from "@atrium/db";

const SECRET_KEYS = /pass(word)?|secret|token|credential|x509|certificate/i;
const EXCERPT_LENGTH = 600;

/** The body as JSON with secret-looking values replaced, cut to a short excerpt. */
export function redactedExcerpt(body: unknown): string | null {
  if (body === undefined || body === null || body === "") return null;
  const redact = (value: unknown, depth: number): unknown => {
    if (depth > 8) return "…";
    if (Array.isArray(value)) return value.slice(0, 20).map((v) => redact(v, depth + 1));
    if (value !== null && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : redact(v, depth + 1)]));
    return value;
  };
  const text = typeof body === "string" ? body : JSON.stringify(redact(body, 0));
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

export interface LoggedRequest {
  organizationId: string;
  tokenPrefix: string | null;
  method: string;
  path: string;
  status: number;
  scimType: string | null;
  durationMs: number;
  body: unknown;
}

export async function logScimRequest(db: Db, r: LoggedRequest): Promise<void> {
  await db.$executeRaw`
    INSERT INTO scim_requests (organization_id, token_prefix, method, path, status, scim_type, duration_ms, body_excerpt)
    VALUES (${r.organizationId}::uuid, ${r.tokenPrefix}, ${r.method}, ${r.path.slice(0, 1000)}, ${r.status}, ${r.scimType}, ${Math.round(r.durationMs)}, ${redactedExcerpt(r.body)})`;
}
