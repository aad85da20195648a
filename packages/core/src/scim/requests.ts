/**
 * The SCIM request log an admin reads: method, path, status, duration,
 * scimType and a body excerpt with secrets redacted. Rows older than
 * SCIM_REQUEST_RETENTION_DAYS are deleted by the scim-sync reconciliation.
 */
import { executeRaw, Prisma, type Db } from "@atrium/db";
import { storableJson } from "../security/text.ts";

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

/**
 * Writes logged requests in one INSERT. The rows travel as one JSON parameter:
 * node-postgres escapes an array parameter element by element in JavaScript,
 * which cost more than the INSERT for a batch of body excerpts.
 */
export async function logScimRequests(db: Db, rows: readonly LoggedRequest[]): Promise<void> {
  if (rows.length === 0) return;
  const json = storableJson(
    rows.map((r) => ({
      o: r.organizationId,
      t: r.tokenPrefix,
      m: r.method,
      p: r.path.slice(0, 1000),
      s: r.status,
      y: r.scimType,
      d: Math.round(r.durationMs),
      b: redactedExcerpt(r.body),
    })),
  );
  await executeRaw(
    db,
    Prisma.sql`
    INSERT INTO scim_requests (organization_id, token_prefix, method, path, status, scim_type, duration_ms, body_excerpt)
    SELECT r.o, r.t, r.m, r.p, r.s, r.y, r.d, r.b
      FROM jsonb_to_recordset(${json}::jsonb) AS r (o uuid, t text, m text, p text, s smallint, y text, d int, b text)`,
  );
}

/**
 * A request log that writes in batches (every `intervalMs`, or at `maxRows`):
 * one INSERT per batch instead of one per request keeps the log off the hot
 * path of a 10,000-user sync. `flush()` on shutdown writes what is pending.
 */
export function batchedScimRequestLog(db: Db, onError: (error: unknown) => void, intervalMs = 200, maxRows = 500) {
  let pending: LoggedRequest[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing = Promise.resolve();
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const rows = pending;
    pending = [];
    writing = writing.then(() => logScimRequests(db, rows)).catch(onError);
    return writing;
  };
  return {
    push(row: LoggedRequest) {
      pending.push(row);
      if (pending.length >= maxRows) void flush();
      else timer ??= setTimeout(() => void flush(), intervalMs);
    },
    flush,
  };
}
