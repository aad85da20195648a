/**
 * The organization a grant was given for. oidc-provider's Grant has no room
 * for it, so it is kept beside the grant in the same table, as its own model
 * (`AtriumGrantOrganization`, id = grant id, `grant_id` set): revoking the
 * grant (revokeByGrantId deletes by grant_id) removes it too, and it expires
 * with the grant.
 */
import type { DbOrTx } from "@atrium/db";
import { recordKey, takeRecord } from "./prefetch.ts";
import { GRANT_ORGANIZATION_MODEL as MODEL } from "./token-read-ahead.ts";

export interface GrantOrganization {
  id: string;
  slug: string;
}

export async function setGrantOrganization(db: DbOrTx, grantId: string, organization: GrantOrganization, expiresAt: Date): Promise<void> {
  const payload = JSON.stringify({ organizationId: organization.id, slug: organization.slug });
  await db.$executeRaw`
    INSERT INTO oidc_provider_records (model, id, payload, grant_id, expires_at)
    VALUES (${MODEL}, ${grantId}, ${payload}::jsonb, ${grantId}, ${expiresAt})
    ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, expires_at = EXCLUDED.expires_at`;
}

/** The grant's organization; read ahead with the token in the same request when it was (token-read-ahead.ts). */
export async function grantOrganization(db: DbOrTx, grantId: string): Promise<GrantOrganization | null> {
  const kept = takeRecord(recordKey(MODEL, "id", grantId)) as { organizationId?: unknown; slug?: unknown } | null | undefined;
  if (kept !== undefined) return kept && typeof kept.organizationId === "string" && typeof kept.slug === "string" ? { id: kept.organizationId, slug: kept.slug } : null;
  const [row] = await db.$queryRaw<{ organization_id: string; slug: string }[]>`
    SELECT payload->>'organizationId' AS organization_id, payload->>'slug' AS slug FROM oidc_provider_records
     WHERE model = ${MODEL} AND id = ${grantId} AND (expires_at IS NULL OR expires_at > now())`;
  return row ? { id: row.organization_id, slug: row.slug } : null;
}
