import { z } from "zod";

/** The SCIM page's tab and table filters, kept in the URL. */
export const ZScimSearch = z.object({
  tab: z.enum(["setup", "status", "requests", "users", "groups"]).optional().catch(undefined),
  errors: z.boolean().optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  page: z.number().int().min(1).max(10_000).optional().catch(undefined),
  /** Provisioned users: only those not linked to an account. */
  link: z.literal("unlinked").optional().catch(undefined),
  guide: z.enum(["okta", "entra", "onelogin", "jumpcloud", "generic"]).optional().catch(undefined),
});

export type TScimSearch = z.infer<typeof ZScimSearch>;
