/**
 * Development demo data: the "Notes" product registered as application
 * `demo-product`, with the well-known secret key `atrium_sk_demo_product`
 * (hashed like any other key). Its redirect URIs point at the demo product's
 * port (3100). Never seeded in production: the seed refuses to run there.
 */
import type { Db } from "@atrium/db";
import { systemActor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { sha256Hex } from "../crypto.ts";
import { putCatalog, type CatalogDocument } from "../applications/catalog.ts";
import { visiblePrefix } from "../applications/keys.ts";

export const DEMO_APPLICATION = {
  slug: "demo-product",
  name: "Notes",
  description: "The demo product (examples/product-demo): notes that sign in through Atrium.",
  secretKey: "atrium_sk_demo_product",
  redirectUris: ["http://localhost:3100/callback"],
  postLogoutRedirectUris: ["http://localhost:3100/"],
  backchannelLogoutUri: "http://localhost:3100/backchannel-logout",
} as const;

/** What Notes declares of itself, as it would with PUT /v1/catalog. */
export const DEMO_CATALOG: CatalogDocument = {
  permissions: [
    { name: "demo-product/notes:read", description: "Read the organization's notes", category: "Notes", minimumRole: "viewer" },
    { name: "demo-product/notes:write", description: "Write and edit notes", category: "Notes", minimumRole: "member" },
    { name: "demo-product/notes:share", description: "Share notes outside the organization", category: "Sharing", minimumRole: "admin" },
  ],
  resourceTypes: [{ type: "demo-product/note", description: "A note" }],
  auditActions: [
    { action: "demo-product/note.create", description: "A note was written" },
    { action: "demo-product/note.share", description: "A note was shared outside the organization" },
  ],
};

export async function seedDemoApplication(db: Db): Promise<string> {
  const id = await seedDemoApplicationRow(db);
  await putCatalog(db, systemActor("demo-seed"), { id, slug: DEMO_APPLICATION.slug }, DEMO_CATALOG);
  return id;
}

async function seedDemoApplicationRow(db: Db): Promise<string> {
  const { secretKey, redirectUris, postLogoutRedirectUris, ...app } = DEMO_APPLICATION;
  const actor = systemActor("demo-seed");
  return db.$transaction(async (tx) => {
    const created = await tx.application.create({
      data: { ...app, redirectUris: [...redirectUris], postLogoutRedirectUris: [...postLogoutRedirectUris] },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "application.create", organizationId: null, resource: { type: "application", id: created.id }, details: { slug: app.slug } });
    const prefix = visiblePrefix(secretKey);
    const key = await tx.applicationSecretKey.create({ data: { applicationId: created.id, prefix, secretHash: sha256Hex(secretKey) }, select: { id: true } });
    await recordAudit(tx, actor, { action: "application.key_create", organizationId: null, resource: { type: "application", id: created.id }, details: { keyId: key.id, prefix } });
    return created.id;
  }, { maxWait: 60_000, timeout: 60_000 });
}
