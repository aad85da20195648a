/** Test helpers for the SCIM surface: a token for an organization and a client speaking SCIM over real HTTP. */
import { createScimToken } from "@atrium/core/scim";
import { systemActor } from "@atrium/core/actor";
import type { Db } from "@atrium/db";

export interface ScimReply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export async function scimToken(db: Db, organizationId: string, name = "Test IdP") {
  return createScimToken(db, systemActor("test"), organizationId, { name, expiresAt: null });
}

/**
 * Verifies a domain for an organization: SCIM records link to accounts only by
 * an address in one of the organization's verified domains.
 */
export async function verifiedDomain(db: Db, organizationId: string, domain: string) {
  await db.ssoDomain.upsert({
    where: { organizationId_domain: { organizationId, domain } },
    create: { organizationId, domain, token: `test-${domain}`, verifiedAt: new Date() },
    update: { verifiedAt: new Date() },
    select: { id: true },
  });
}

/**
 * A SCIM client for an organization as its IdP holds one: a new token, and
 * (when named) a domain verified first so provisioned records link to accounts.
 */
export async function scimFor(api: { db: Db; url: string }, organizationId: string, verified?: string) {
  if (verified) await verifiedDomain(api.db, organizationId, verified);
  return scimClient(api.url, (await scimToken(api.db, organizationId)).token);
}

export function scimClient(baseUrl: string, token: string) {
  return async function scim(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimReply> {
    const response = await fetch(`${baseUrl}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/scim+json" } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  userName,
  name: { givenName: userName.split("@")[0], familyName: "Tester" },
  emails: [{ value: userName, type: "work", primary: true }],
  active: true,
  ...extra,
});

export const patch = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });
