import { queryClient, trpc } from "../../lib/api.ts";

/** After a change to memberships: lists, role member counts, the caller's own access, org member counts. */
export const refreshMembers = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.roles.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.access.mine.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.org.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.org.hierarchy.queryKey() }),
  ]);
