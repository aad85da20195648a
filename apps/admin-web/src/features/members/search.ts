import { SYSTEM_ROLES } from "@atrium/rbac";
import { z } from "zod";

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

/** The members page's table state (filters, sort, page) and tab, kept in the URL. */
export const ZMemberSearch = z.object({
  tab: z.enum(["members", "invitations"]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  role: z.union([z.enum(SYSTEM_ROLES), z.uuid()]).optional().catch(undefined),
  status: z.enum(["active", "deactivated"]).optional().catch(undefined),
  sort: z.enum(["name", "email", "joined", "lastLogin"]).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.number().int().min(1).max(10_000).optional().catch(undefined),
  pageSize: z.literal(PAGE_SIZES).optional().catch(undefined),
  invitationStatus: z.enum(["pending", "expired", "accepted", "declined", "revoked"]).optional().catch(undefined),
});

export type TMemberSearch = z.infer<typeof ZMemberSearch>;
export type TMemberSort = NonNullable<TMemberSearch["sort"]>;
