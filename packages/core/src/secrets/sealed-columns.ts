/**
 * Every database column that holds SecretBox ciphertext, in one list. The
 * rotation command (rotate.ts) re-encrypts exactly these, and a test fails
 * when the database holds a `v1.<key id>.` value in a column not listed here —
 * so a new sealed column is added to this list, with the context its service
 * binds the ciphertext to.
 */

export interface SealedColumn {
  table: string;
  /** A unique, non-null column identifying the row; rows are visited in its order. */
  idColumn: string;
  /** The column holding `v1.<kid>.<iv>.<data>` (nullable columns are fine). */
  column: string;
  /** A column beside it that stores the key id of the ciphertext, kept in step. */
  keyIdColumn?: string;
  /** The additional data the owning service binds each ciphertext to, from the row's id column. */
  context: (id: string) => string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    // packages/core/src/mfa/factor.ts
    table: "user_totp",
    idColumn: "user_id",
    column: "secret_sealed",
    context: (userId) => `user_totp.secret:${userId}`,
  },
  {
    // packages/core/src/audit/alerts.ts
    table: "audit_alert_rules",
    idColumn: "id",
    column: "webhook_secret",
    context: (ruleId) => `audit_alert_rules.webhook_secret:${ruleId}`,
  },
  {
    // packages/core/src/audit/streaming.ts (one destination per organization)
    table: "audit_stream_destinations",
    idColumn: "organization_id",
    column: "credential",
    keyIdColumn: "credential_key_id",
    context: (organizationId) => `audit_stream_destinations.credential:${organizationId}`,
  },
  {
    // packages/core/src/licensing/keys.ts
    table: "license_signing_keys",
    idColumn: "id",
    column: "private_jwk",
    context: (keyId) => `license_signing_keys.private_jwk:${keyId}`,
  },
  {
    // packages/core/src/sso/connections.ts
    table: "sso_connections",
    idColumn: "id",
    column: "oidc_client_secret",
    context: (connectionId) => `sso_connections.oidc_client_secret:${connectionId}`,
  },
  {
    // packages/core/src/sso/sp-certificates.ts (spKeyContext)
    table: "sso_sp_certificates",
    idColumn: "id",
    column: "private_key",
    context: (certificateId) => `sso_sp_certificates.private_key:${certificateId}`,
  },
  {
    // packages/core/src/events/endpoints.ts
    table: "webhook_endpoints",
    idColumn: "id",
    column: "secret",
    context: (endpointId) => `webhook_endpoints.secret:${endpointId}`,
  },
  {
    // packages/core/src/events/endpoints.ts (the previous secret, during a rotation's overlap)
    table: "webhook_endpoints",
    idColumn: "id",
    column: "previous_secret",
    context: (endpointId) => `webhook_endpoints.previous_secret:${endpointId}`,
  },
  {
    // packages/core/src/oidc-provider/signing-keys.ts (signingKeyContext)
    table: "oidc_signing_keys",
    idColumn: "id",
    column: "private_jwk",
    context: (keyId) => `oidc_signing_keys.private_jwk:${keyId}`,
  },
];

/** `table.column`, the name reports use. */
export const sealedColumnName = (c: Pick<SealedColumn, "table" | "column">) => `${c.table}.${c.column}`;

/** The shape of a SecretBox ciphertext, for scanning a database for sealed values. */
export const SEALED_VALUE = /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
