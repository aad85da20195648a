/** Response shapes shared by several routers. */
import { isPermission, isProductPermissionName, type AnyPermission, type Permission } from "@atrium/rbac";
import { z } from "zod";

/** What a mutation that returns nothing else answers: `{ ok: true }`. */
export const ZOk = z.object({ ok: z.literal(true) });

/** Waits for the change a mutation makes, then answers ZOk: `.mutation(({ ctx, input }) => ok(change(…)))`. */
export async function ok(change: PromiseLike<unknown>): Promise<{ ok: true }> {
  await change;
  return { ok: true };
}

export const ZPlan = z.enum(["free", "team", "business", "enterprise"]);
export const ZRegion = z.enum(["us", "eu", "uk", "ca", "au", "jp"]);
export const ZOrgStatus = z.enum(["active", "suspended", "archived"]);
export const ZSystemRole = z.enum(["owner", "admin", "member", "viewer"]);
export const ZPlatformRole = z.enum(["super_admin", "csm", "support", "finance", "sales"]);

export const ZOrganization = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  slug: z.string(),
  plan: ZPlan,
  region: ZRegion,
  status: ZOrgStatus,
  isEnterprise: z.boolean(),
  depth: z.number().int(),
  createdAt: z.date(),
});

export const ZRoleRef = z.object({ key: z.string(), name: z.string(), custom: z.boolean() });

/** A role to give: a system role's name or a custom role's id. */
export const ZRoleKey = z.union([ZSystemRole, z.uuid()], { error: "Choose a system role or a custom role" });

const ZHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM");

export const ZCondition = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ip_allowlist") }),
  z.object({ type: z.literal("mfa") }),
  z.object({
    type: z.literal("attribute"),
    attribute: z.string().regex(/^[a-zA-Z][\w.]{0,63}$/),
    oneOf: z.array(z.string().min(1).max(200)).min(1).max(50).readonly(),
  }),
  z.object({
    type: z.literal("time_window"),
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "Unknown time zone"),
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7).readonly(),
    from: ZHhMm,
    to: ZHhMm,
  }),
]);

export const ZBrandColor = z.enum(["atrium", "blue", "cyan", "teal", "green", "lime", "yellow", "orange", "red", "pink", "grape", "violet", "indigo", "gray"]);

export const ZPlanSummary = z.object({
  plan: ZPlan,
  features: z.array(z.object({ feature: z.string(), enabled: z.boolean(), includedFrom: ZPlan, reason: z.string() })),
  quotas: z.array(
    z.object({
      quota: z.string(),
      used: z.number().int(),
      limit: z.number().int().nullable(),
      softLimit: z.number().int().nullable(),
      status: z.enum(["ok", "warn", "full"]),
    }),
  ),
});

export const ZPermissionName = z
  .string()
  .refine((p) => isPermission(p), "Unknown permission")
  .transform((p) => p as Permission);

/**
 * A permission a custom role may list: Atrium's, or a product permission
 * (`<application>/<resource>:<action>`) — whether that one is declared is
 * checked against the product catalog by the roles service.
 */
export const ZRolePermissionName = z
  .string()
  .refine((p) => isPermission(p) || isProductPermissionName(p), "Unknown permission")
  .transform((p) => p as AnyPermission);

export const ZAuditFilter = z.object({
  actor: z.string().trim().max(320).optional(),
  // Atrium's actions (`role.*`) and products' own (`demo-product/note.share`, `demo-product/*`).
  actions: z.array(z.string().regex(/^[a-z0-9_.*/-]+$/).max(200)).max(50).optional(),
  resourceType: z.string().regex(/^[a-z0-9_/-]+$/).max(120).optional(),
  resourceId: z.string().max(200).optional(),
  status: z.enum(["success", "denied", "error"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  ip: z.string().max(64).optional(),
  q: z.string().trim().max(200).optional(),
});

/**
 * A secret credential as it is listed (an API key, a SCIM token): known by its visible prefix,
 * never by the secret, which is stored only as a hash; when and from where it was last used.
 */
export const ZCredentialListing = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

/** A credential's secret, in the one response that creates or rotates it, with the prefix it is listed by. */
export const ZIssuedSecret = z.object({ token: z.string(), prefix: z.string() });

/** Longest name a person, role or other named thing may have: it must fit a table cell and a select. */
export const MAX_NAME_LENGTH = 100;
/** RFC 5321 §4.5.3.1: a local part holds at most 64 octets, a forward path 256 (254 for the address itself). */
export const MAX_EMAIL_LOCAL_PART = 64;
export const MAX_EMAIL_LENGTH = 254;

/** A name typed by a person (display name, role name), trimmed, 1–100 characters, refused with a sentence. */
export const ZName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(MAX_NAME_LENGTH, `${what[0]!.toUpperCase()}${what.slice(1)} can be at most ${MAX_NAME_LENGTH} characters.`);

/**
 * An e-mail address that can be delivered to: well formed, and within RFC 5321's lengths
 * (local part ≤ 64, whole ≤ 254), so nothing stored here is an address no mail server accepts.
 */
export const ZEmailAddress = z
  .string()
  .trim()
  .max(MAX_EMAIL_LENGTH, `An e-mail address can be at most ${MAX_EMAIL_LENGTH} characters.`)
  .pipe(z.email("Enter a valid e-mail address, like name@company.com."))
  .refine((email) => email.slice(0, email.lastIndexOf("@")).length <= MAX_EMAIL_LOCAL_PART, {
    message: `The part before the @ can be at most ${MAX_EMAIL_LOCAL_PART} characters.`,
  });
