/**
 * Platform staff manage the vendor's applications (CSM portal → Applications):
 * every staff role may read them (applications:read), only super admins
 * change them (applications:manage). Secrets are in the create-key response
 * only. Each mutation is audited on the platform log by core.
 */
import {
  archiveApplication,
  createApplication,
  createSecretKey,
  KEY_MODES,
  getApplication,
  listApplications,
  revokeSecretKey,
  updateApplication,
} from "@atrium/core/applications";
import { z } from "zod";
import { router } from "../../trpc/init.ts";
import { staffPermissionProcedure } from "../../trpc/staff.ts";
import { ZOk, ok } from "../schemas.ts";

const ZUri = z
  .url({ protocol: /^https?$/, error: "Enter a full http(s) URL" })
  .max(2000)
  .refine((u) => !u.includes("#"), "A redirect URI cannot have a fragment");

/** What staff edit; the slug (client id) is chosen once, at creation. */
const ZName = z.string().trim().min(1, "Enter a name").max(100);
const ZDescription = z.string().trim().max(1000);
const ZUris = z.array(ZUri).max(20);

const ZApplicationInput = z.object({
  name: ZName,
  description: ZDescription.default(""),
  redirectUris: ZUris.default([]),
  postLogoutRedirectUris: ZUris.default([]),
  backchannelLogoutUri: ZUri.nullable().default(null),
});

/** An update changes only the fields it names. */
const ZApplicationPatch = z.object({
  applicationId: z.uuid(),
  name: ZName.optional(),
  description: ZDescription.optional(),
  redirectUris: ZUris.optional(),
  postLogoutRedirectUris: ZUris.optional(),
  backchannelLogoutUri: ZUri.nullable().optional(),
});

const ZApplication = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  backchannelLogoutUri: z.string().nullable(),
  createdAt: z.date(),
  archivedAt: z.date().nullable(),
});

const ZKeyMode = z.enum(KEY_MODES);

const ZSecretKey = z.object({
  id: z.uuid(),
  prefix: z.string(),
  mode: ZKeyMode,
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});

const ZApplicationId = z.object({ applicationId: z.uuid() });

/** How long the previous keys keep working after a new key is created: not touched, at once, or after an overlap. */
export const ROTATION_OVERLAPS = { none: null, now: 0, "1h": 3600, "24h": 86_400, "7d": 604_800 } as const;

export const applicationsRouter = router({
  list: staffPermissionProcedure("applications:read")
    .output(z.array(ZApplication.extend({ activeKeys: z.number().int() })))
    .query(({ ctx }) => listApplications(ctx.db)),

  get: staffPermissionProcedure("applications:read")
    .input(ZApplicationId)
    .output(ZApplication.extend({ secretKeys: z.array(ZSecretKey) }))
    .query(({ ctx, input }) => getApplication(ctx.db, input.applicationId)),

  create: staffPermissionProcedure("applications:manage")
    .input(
      ZApplicationInput.extend({
        slug: z
          .string()
          .trim()
          .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "Use 2–63 lowercase letters, digits and dashes, starting with a letter or digit"),
      }),
    )
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createApplication(ctx.db, ctx.actor, input)),

  update: staffPermissionProcedure("applications:manage")
    .input(ZApplicationPatch)
    .output(ZOk)
    .mutation(async ({ ctx, input: { applicationId, ...input } }) => {
      await updateApplication(ctx.db, ctx.actor, applicationId, input);
      return { ok: true as const };
    }),

  archive: staffPermissionProcedure("applications:manage")
    .input(ZApplicationId)
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(archiveApplication(ctx.db, ctx.actor, input.applicationId))),

  keys: router({
    /** The secret is in this response only. `previousKeys` says when the application's other usable keys of the same mode stop working. */
    create: staffPermissionProcedure("applications:manage")
      .input(ZApplicationId.extend({ mode: ZKeyMode.default("live"), previousKeys: z.enum(Object.keys(ROTATION_OVERLAPS) as [keyof typeof ROTATION_OVERLAPS]).default("none") }))
      .output(z.object({ id: z.uuid(), token: z.string(), prefix: z.string(), mode: ZKeyMode }))
      .mutation(({ ctx, input }) =>
        createSecretKey(ctx.db, ctx.actor, input.applicationId, { mode: input.mode, expirePreviousInSeconds: ROTATION_OVERLAPS[input.previousKeys] }),
      ),

    revoke: staffPermissionProcedure("applications:manage")
      .input(ZApplicationId.extend({ keyId: z.uuid() }))
      .output(ZOk)
      .mutation(({ ctx, input }) => ok(revokeSecretKey(ctx.db, ctx.actor, input.applicationId, input.keyId))),
  }),
});
