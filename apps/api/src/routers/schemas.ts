/** Response shapes shared by several routers. */
import { z } from "zod";

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
