import { z } from "zod";

/** A workspace's name, description and visibility as both its forms check them (the server checks again). */
export const ZWorkspaceForm = z.object({
  name: z.string().trim().min(1, "Name the workspace.").max(200),
  description: z.string().trim().max(1000),
  visibility: z.enum(["organization", "private"]),
});
