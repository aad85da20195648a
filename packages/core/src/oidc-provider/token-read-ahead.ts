/**
 * A token record as the adapter reads it ahead (prefetch.ts): with the grant
 * and the session it names, which oidc-provider looks up right after the
 * token, in the same statement. Shared by the adapter (a token found by id)
 * and the client lookup of introspection and revocation (clients.ts), which
 * reads the token the request names together with the client.
 */
import { Prisma } from "@atrium/db";
import type { AdapterPayload } from "oidc-provider";
import { keepRecord, recordKey } from "./prefetch.ts";

export interface RecordRow {
  payload: AdapterPayload;
  consumed: boolean;
}

export interface TokenRow extends RecordRow {
  grant: RecordRow | null;
  session: RecordRow | null;
}

/** Models whose records name a grant (`grantId`) and a session (`sessionUid`) the library looks up after them. */
export const TOKEN_MODELS = new Set(["AccessToken", "RefreshToken", "AuthorizationCode"]);

export const LIVE = (alias: string) => Prisma.raw(`(${alias}.expires_at IS NULL OR ${alias}.expires_at > now())`);

/** A live record of `model` as a RecordRow-shaped jsonb, or NULL; `where` names it (alias r). */
const relatedRecord = (model: string, where: Prisma.Sql) => Prisma.sql`
  (SELECT jsonb_build_object('payload', r.payload, 'consumed', r.consumed_at IS NOT NULL) FROM oidc_provider_records r
    WHERE r.model = ${model} AND ${where} AND ${LIVE("r")} LIMIT 1)`;

/** The model beside a grant naming the organization it was given for (grant-organization.ts). */
export const GRANT_ORGANIZATION_MODEL = "AtriumGrantOrganization";

/**
 * The live token of `model` whose id is `id`, with its grant and session, as a TokenRow-shaped jsonb (NULL when
 * there is none): a scalar subquery. With `organization`, also the grant's organization (an AccessTokenReadAhead).
 */
export const tokenJson = (model: string, id: string | Prisma.Sql, { organization = false } = {}) => Prisma.sql`
  (SELECT jsonb_build_object('payload', t.payload, 'consumed', t.consumed_at IS NOT NULL,
          'grant', ${relatedRecord("Grant", Prisma.sql`r.id = t.payload->>'grantId'`)},
          'session', ${relatedRecord("Session", Prisma.sql`r.uid = t.payload->>'sessionUid'`)}
          ${organization ? Prisma.sql`, 'organization', (SELECT r.payload FROM oidc_provider_records r WHERE r.model = ${GRANT_ORGANIZATION_MODEL} AND r.id = t.payload->>'grantId' AND ${LIVE("r")})` : Prisma.empty})
     FROM oidc_provider_records t
    WHERE t.model = ${model} AND t.id = ${id} AND ${LIVE("t")})`;

/** An access token read ahead for /v1/authorize: a TokenRow with its grant's organization record's payload. */
export interface AccessTokenReadAhead extends TokenRow {
  organization: AdapterPayload | null;
}

export const payloadOf = (row: RecordRow | null | undefined): AdapterPayload | undefined => {
  if (!row) return undefined;
  return row.consumed ? { ...row.payload, consumed: true } : row.payload;
};

/** Keeps the grant and the session a token names, as read with it (null: none live), for the library's next lookups. */
export function keepRelated(row: TokenRow): void {
  const { grantId, sessionUid } = row.payload as { grantId?: unknown; sessionUid?: unknown };
  if (typeof grantId === "string") keepRecord(recordKey("Grant", "id", grantId), payloadOf(row.grant) ?? null);
  if (typeof sessionUid === "string") keepRecord(recordKey("Session", "uid", sessionUid), payloadOf(row.session) ?? null);
}

/** Keeps a token read ahead — or its absence — with its grant and session. */
export function keepToken(model: string, id: string, row: TokenRow | null): void {
  keepRecord(recordKey(model, "id", id), payloadOf(row) ?? null);
  if (row) keepRelated(row);
}

/** Keeps an access token read ahead by admitSecretKey — or its absence — with its grant, session and grant organization. */
export function keepAccessToken(id: string, row: AccessTokenReadAhead | null): void {
  keepToken("AccessToken", id, row);
  const grantId = (row?.payload as { grantId?: unknown } | undefined)?.grantId;
  if (row && typeof grantId === "string") keepRecord(recordKey(GRANT_ORGANIZATION_MODEL, "id", grantId), row.organization);
}
