import { z } from "zod";

/** The workspaces page's tab and the workspace whose drawer is open, kept in the URL. */
export const ZWorkspacesSearch = z.object({
  tab: z.enum(["workspaces", "groups"]).optional().catch(undefined),
  workspace: z.uuid().optional().catch(undefined),
});

export type TWorkspacesSearch = z.infer<typeof ZWorkspacesSearch>;
