/**
 * Self-hosted licences (docs/LICENSING.md), one router in three parts:
 *   issued     the CSM portal: an organization's licences (portfolio:read),
 *              issue, renew, revoke (licenses:issue — finance, super admins)
 *   keys       the signing keys: list (with public JWKs to ship), rotate, retire (licenses:keys)
 *   installed  the admin console: the organization's licence status (billing:read)
 *              and installing one (billing:change_plan — owners)
 */
import { visibleCustomer } from "@atrium/core/staff";
import { installLicense, licenseStatus, listLicenseKeys, listLicenses, renewLicense, retireLicenseKey, revokeLicense, rotateLicenseKeys, issueLicense, ZLicenseTerms } from "@atrium/core/licensing";
import { z } from "zod";
import type { ApiEnv } from "../env.ts";
import { router } from "../trpc/init.ts";
import { permissionProcedure } from "../trpc/procedures.ts";
import { staffPermissionProcedure } from "../trpc/staff.ts";
import { ZPlan, ZOk, ok } from "./schemas.ts";

const ZState = z.enum(["valid", "grace", "expired", "invalid"]);
const ZReason = z.enum(["malformed", "unknown_kid", "wrong_key", "tampered", "revoked", "wrong_installation", "not_yet_valid"]);
const options = (env: ApiEnv) => ({ vendorKeys: env.ATRIUM_LICENSE_PUBLIC_KEYS });

/** A licence's terms as the CSM portal's rows and the admin console's status both show them. */
const ZLicenseShown = z.object({
  edition: z.string(),
  plan: ZPlan,
  features: z.array(z.string()),
  seats: z.number().int(),
  notBefore: z.date(),
  expiresAt: z.date(),
  installationId: z.string().nullable(),
});

/** An issued licence as staff see it: its terms, its token and where it stands. */
const ZLicenseRow = ZLicenseShown.extend({
  id: z.uuid(),
  organizationId: z.uuid(),
  graceDays: z.number().int(),
  keyId: z.string(),
  renewsId: z.uuid().nullable(),
  issuedAt: z.date(),
  issuedBy: z.string().nullable(),
  revokedAt: z.date().nullable(),
  revokeReason: z.string().nullable(),
  token: z.string(),
  state: ZState,
  reason: ZReason.nullable(),
  daysLeft: z.number().int().nullable(),
});

const issuedRouter = router({
  list: staffPermissionProcedure("portfolio:read")
    .input(z.object({ organizationId: z.uuid() }))
    .output(z.array(ZLicenseRow))
    .query(async ({ ctx, input }) => {
      await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
      return listLicenses(ctx.db, input.organizationId);
    }),

  issue: staffPermissionProcedure("licenses:issue")
    .input(z.object({ organizationId: z.uuid(), terms: ZLicenseTerms }))
    .output(z.object({ id: z.uuid(), token: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await visibleCustomer(ctx.db, ctx.staff, input.organizationId);
      return issueLicense(ctx.db, ctx.actor, input.organizationId, input.terms, ctx.env.ATRIUM_PUBLIC_URL);
    }),

  renew: staffPermissionProcedure("licenses:issue")
    .input(z.object({ licenseId: z.uuid(), terms: ZLicenseTerms }))
    .output(z.object({ id: z.uuid(), token: z.string() }))
    .mutation(({ ctx, input }) => renewLicense(ctx.db, ctx.actor, input.licenseId, input.terms, ctx.env.ATRIUM_PUBLIC_URL)),

  revoke: staffPermissionProcedure("licenses:issue")
    .input(z.object({ licenseId: z.uuid(), reason: z.string().trim().min(3, "Say why, in a few words.").max(500) }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(revokeLicense(ctx.db, ctx.actor, input.licenseId, input.reason))),
});

const keysRouter = router({
  list: staffPermissionProcedure("licenses:keys")
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          kid: z.string(),
          status: z.enum(["active", "verifying", "retired"]),
          createdAt: z.date(),
          activatedAt: z.date().nullable(),
          retiredAt: z.date().nullable(),
          publicJwk: z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() }),
        }),
      ),
    )
    .query(({ ctx }) => listLicenseKeys(ctx.db)),

  rotate: staffPermissionProcedure("licenses:keys")
    .output(z.object({ activeKid: z.string(), previousKid: z.string().nullable() }))
    .mutation(({ ctx }) => rotateLicenseKeys(ctx.db, ctx.actor)),

  retire: staffPermissionProcedure("licenses:keys")
    .input(z.object({ kid: z.string().min(8).max(128) }))
    .output(ZOk)
    .mutation(({ ctx, input }) => ok(retireLicenseKey(ctx.db, ctx.actor, input.kid))),
});

const ZStatus = z.object({
  installationId: z.uuid(),
  installed: z.boolean(),
  state: ZState.nullable(),
  reason: ZReason.nullable(),
  message: z.string().nullable(),
  plan: ZPlan.nullable(),
  communityFallback: z.boolean(),
  warningDays: z.union([z.literal(30), z.literal(14), z.literal(7)]).nullable(),
  daysLeft: z.number().int().nullable(),
  /** The installed licence's terms, as its token says (the customer's name, the end of its grace period). */
  license: ZLicenseShown.extend({ id: z.string(), customer: z.string(), graceEndsAt: z.date() }).nullable(),
  seatsUsed: z.number().int(),
  source: z.enum(["environment", "console"]).nullable(),
  installedAt: z.date().nullable(),
});

const installedRouter = router({
  status: permissionProcedure("billing:read")
    .output(ZStatus)
    .query(({ ctx }) => licenseStatus(ctx.db, ctx.access.organization.id, options(ctx.env))),

  install: permissionProcedure("billing:change_plan")
    .input(z.object({ token: z.string().trim().min(1, "Paste the licence key.").max(8000, "This is longer than any licence key.") }))
    .output(ZStatus)
    .mutation(async ({ ctx, input }) => {
      await installLicense(ctx.db, ctx.actor, ctx.access.organization.id, input.token, "console", options(ctx.env));
      return licenseStatus(ctx.db, ctx.access.organization.id, options(ctx.env));
    }),
});

export const licensingRouter = router({ issued: issuedRouter, keys: keysRouter, installed: installedRouter });
