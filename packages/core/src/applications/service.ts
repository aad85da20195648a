/**
 * Applications: the vendor's product (or one of its back ends), registered by
 * platform staff. An application is platform-level — not owned by a tenant —
 * and serves every customer organization: it reads them through /v1 with one
 * of its secret keys. Its slug will be its OIDC client id, and its redirect,
 * post-logout and back-channel logout URIs are stored now for the OpenID
 * Provider of a later slice.
 *
 * Every change is audited on the platform log (organization null) in the
 * transaction that makes it. Who may call these is decided by the caller's
 * staff permissions (applications:read, applications:manage) at the edge.
 */
import type { Db, Prisma } from "@atrium/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/writer.ts";
import { AppError, notFound } from "../errors.ts";
import { newSecretKey, type KeyMode } from "./keys.ts";

export interface ApplicationInput {
  name: string;
  description: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
}

const APPLICATION = {
  id: true,
  slug: true,
  name: true,
  description: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  backchannelLogoutUri: true,
  createdAt: true,
  archivedAt: true,
} as const;

const KEY = { id: true, prefix: true, mode: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true } as const;

const createdById = (actor: Actor) => (actor.type === "user" || actor.type === "staff" ? actor.userId : null);

export async function listApplications(db: Db) {
  const rows = await db.application.findMany({
    orderBy: [{ archivedAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
    select: { ...APPLICATION, secretKeys: { where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }, select: { id: true } } },
  });
  return rows.map(({ secretKeys, ...app }) => ({ ...app, activeKeys: secretKeys.length }));
}

/** One application with all its keys (newest first; revoked and expired ones too, for the record). */
export async function getApplication(db: Db, applicationId: string) {
  const app = await db.application.findUnique({
    where: { id: applicationId },
    select: { ...APPLICATION, secretKeys: { orderBy: { createdAt: "desc" }, select: KEY } },
  });
  if (!app) throw notFound("The application");
  return { ...app, secretKeys: app.secretKeys.map((k) => ({ ...k, mode: k.mode as KeyMode })) };
}

export async function createApplication(db: Db, actor: Actor, input: ApplicationInput & { slug: string }): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const taken = await tx.application.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", { userMessage: `An application with the client id "${input.slug}" already exists.` });
    const app = await tx.application.create({ data: input, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "application.create",
      organizationId: null,
      resource: { type: "application", id: app.id },
      details: { ...input },
    });
    return app;
  });
}

/** Changes the fields given (the others stay); the audit event lists each change with its before and after. */
export async function updateApplication(db: Db, actor: Actor, applicationId: string, patch: Partial<ApplicationInput>): Promise<void> {
  const input = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<ApplicationInput>;
  await db.$transaction(async (tx) => {
    const before = await tx.application.findUnique({ where: { id: applicationId }, select: { ...APPLICATION } });
    if (!before) throw notFound("The application");
    if (before.archivedAt) throw new AppError("CONFLICT", { userMessage: "This application is archived." });
    await tx.application.update({ where: { id: applicationId }, data: input, select: { id: true } });
    const changed = Object.fromEntries(
      (Object.keys(input) as (keyof ApplicationInput)[])
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]))
        .map((k) => [k, { before: before[k], after: input[k] }]),
    ) as Prisma.InputJsonObject;
    await recordAudit(tx, actor, { action: "application.update", organizationId: null, resource: { type: "application", id: applicationId }, details: { changed } });
  });
}

/** Archives an application: its keys stop working at once (authentication ignores archived applications). */
export async function archiveApplication(db: Db, actor: Actor, applicationId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({ where: { id: applicationId }, select: { slug: true, archivedAt: true } });
    if (!app) throw notFound("The application");
    if (app.archivedAt) throw new AppError("CONFLICT", { userMessage: "This application is already archived." });
    await tx.application.update({ where: { id: applicationId }, data: { archivedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, { action: "application.archive", organizationId: null, resource: { type: "application", id: applicationId }, details: { slug: app.slug } });
  });
}

/**
 * Creates a secret key of a mode (test or live), returned once. With
 * `expirePreviousInSeconds`, the application's other usable keys of the same
 * mode stop working after that many seconds (0: at once, as a revocation) —
 * rotation with overlap, so running back ends can switch to the new key
 * before the old one ends. Without it they stay.
 */
export async function createSecretKey(
  db: Db,
  actor: Actor,
  applicationId: string,
  input: { mode?: KeyMode; expirePreviousInSeconds: number | null },
): Promise<{ id: string; token: string; prefix: string; mode: KeyMode }> {
  const mode = input.mode ?? "live";
  return db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({ where: { id: applicationId }, select: { archivedAt: true } });
    if (!app) throw notFound("The application");
    if (app.archivedAt) throw new AppError("CONFLICT", { userMessage: "This application is archived." });
    const now = new Date();
    const live = { applicationId, mode, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    const previous = input.expirePreviousInSeconds === null ? [] : await tx.applicationSecretKey.findMany({ where: live, select: { id: true, prefix: true, expiresAt: true } });
    const until = input.expirePreviousInSeconds ? new Date(now.getTime() + input.expirePreviousInSeconds * 1000) : null;
    for (const key of previous) {
      if (until === null) {
        await tx.applicationSecretKey.update({ where: { id: key.id }, data: { revokedAt: now }, select: { id: true } });
      } else if (!key.expiresAt || key.expiresAt > until) {
        await tx.applicationSecretKey.update({ where: { id: key.id }, data: { expiresAt: until }, select: { id: true } });
      }
    }
    const { token, prefix, secretHash } = newSecretKey(mode);
    const key = await tx.applicationSecretKey.create({ data: { applicationId, prefix, mode, secretHash, createdById: createdById(actor) }, select: { id: true } });
    await recordAudit(tx, actor, {
      action: "application.key_create",
      organizationId: null,
      resource: { type: "application", id: applicationId },
      details: {
        keyId: key.id,
        prefix,
        mode,
        previous: previous.map((k) => k.prefix),
        previousEnd: input.expirePreviousInSeconds === null ? "kept" : until ? until.toISOString() : "revoked",
      },
    });
    return { id: key.id, token, prefix, mode };
  });
}

export async function revokeSecretKey(db: Db, actor: Actor, applicationId: string, keyId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = await tx.applicationSecretKey.findFirst({ where: { id: keyId, applicationId, revokedAt: null }, select: { prefix: true } });
    if (!key) throw notFound("The secret key");
    await tx.applicationSecretKey.update({ where: { id: keyId }, data: { revokedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, actor, { action: "application.key_revoke", organizationId: null, resource: { type: "application", id: applicationId }, details: { keyId, prefix: key.prefix } });
  });
}
