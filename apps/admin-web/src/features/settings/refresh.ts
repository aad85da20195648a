import { queryClient, trpc } from "../../lib/api.ts";

/** After a change to the organization itself: its settings, its name in lists and trees, and who reaches it. */
export const refreshOrganization = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.org.settings.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.org.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.org.hierarchy.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.access.mine.queryKey() }),
  ]);
