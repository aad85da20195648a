/**
 * Demo data: Acme has SCIM enabled with the well-known development token
 * `atrium_scim_demo_acme`, so anyone running Atrium locally can curl
 * /scim/v2 or point a SCIM client at it. The API refuses this token in
 * production. Acme's domain `acme.example` is verified, so users provisioned
 * with an @acme.example address link to their accounts at once (as they would
 * for a customer who verified its domain); other addresses stay unlinked until
 * the admin links them on the SCIM page.
 */
import type { Tx } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { sha256Hex } from "../crypto.ts";

export const DEMO_SCIM_TOKEN = "atrium_scim_demo_acme";
export const DEMO_SCIM_DOMAIN = "acme.example";

export async function seedScimDemo(tx: Tx, organizationId: string): Promise<void> {
  const token = await tx.scimToken.create({
    data: { organizationId, name: "Demo token (development only)", prefix: "atrium_scim_demo", secretHash: sha256Hex(DEMO_SCIM_TOKEN) },
    select: { id: true },
  });
  await tx.scimConnection.create({ data: { organizationId }, select: { organizationId: true } });
  await tx.ssoDomain.create({ data: { organizationId, domain: DEMO_SCIM_DOMAIN, token: "demo", verifiedAt: new Date() }, select: { id: true } });
  await recordAudit(tx, systemActor("demo-seed"), {
    action: "scim.token_create",
    organizationId,
    resource: { type: "scim_token", id: token.id },
    details: { name: "Demo token (development only)", prefix: "atrium_scim_demo", expiresAt: null },
  });
}
