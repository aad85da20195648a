import { isPermission } from "@atrium/rbac";
import { z } from "zod";

/** The Access page's question lives in the URL, so an explanation can be shared. */
export const ZAccessSearch = z.object({
  userId: z.uuid().optional().catch(undefined),
  permission: z.string().refine(isPermission).optional().catch(undefined),
});
