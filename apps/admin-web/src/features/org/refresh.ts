import { queryClient, trpc } from "../../lib/api.ts";

/** After the hierarchy changes (create, move, archive, restore): trees, the switcher, and what the user may do where. */
export const refreshHierarchy = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.org.hierarchy.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.org.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.access.mine.queryKey() }),
  ]);
