/**
 * The stored SSO connection as the protocol code reads it (SAML, OIDC,
 * certificates), apart from the admin-facing service in connections.ts so
 * that the services connections.ts calls (SP certificates) can load a
 * connection without importing it back.
 */
import type { DbOrTx, Prisma } from "@atrium/db";
import { notFound } from "../errors.ts";
import { secrets } from "../secrets/box.ts";

/** Binds a sealed OIDC client secret to its row: a secret copied to another row does not decrypt. */
export const secretContext = (connectionId: string) => `sso_connections.oidc_client_secret:${connectionId}`;

export const connectionSelect = {
  id: true, organizationId: true, name: true, provider: true, protocol: true, status: true, idpEntityId: true, idpSsoUrl: true,
  idpCertificates: true, allowIdpInitiated: true, oidcIssuer: true, oidcDiscoveryUrl: true, oidcAuthorizationUrl: true,
  oidcTokenUrl: true, oidcJwksUrl: true, oidcClientId: true, oidcClientSecret: true, oidcScopes: true, attributeMapping: true,
  defaultRole: true, defaultCustomRoleId: true, createdAt: true, lastLoginAt: true, signAuthnRequests: true,
  wantAssertionsSigned: true, allowSha1Signatures: true,
  oidcUserinfoUrl: true, trustUnverifiedEmail: true,
} satisfies Prisma.SsoConnectionSelect;

export type ConnectionRecord = Prisma.SsoConnectionGetPayload<{ select: typeof connectionSelect }>;

/** The full row, for the protocol code. Throws NOT_FOUND when it does not exist. */
export async function loadConnection(db: DbOrTx, connectionId: string): Promise<ConnectionRecord> {
  const row = /^[0-9a-f-]{36}$/.test(connectionId) ? await db.ssoConnection.findUnique({ where: { id: connectionId }, select: connectionSelect }) : null;
  if (!row) throw notFound("The SSO connection");
  return row;
}

export function clientSecretOf(row: ConnectionRecord): string | null {
  return row.oidcClientSecret ? secrets().decrypt(row.oidcClientSecret, secretContext(row.id)) : null;
}
