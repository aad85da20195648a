import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { trpc } from "../../lib/api.ts";

export interface ActionGroup {
  group: string;
  items: { value: string; label: string }[];
}

/**
 * The action catalog grouped by resource, each group starting with its
 * "resource.*" form that matches every action of that resource.
 */
export function useActionOptions(orgId: string): { groups: ActionGroup[]; descriptions: ReadonlyMap<string, string> } {
  const actions = useQuery(trpc.audit.events.actions.queryOptions({ orgId }, { staleTime: Infinity }));
  return useMemo(() => {
    const byResource = new Map<string, { value: string; label: string }[]>();
    const descriptions = new Map<string, string>();
    for (const { action, description } of actions.data ?? []) {
      const resource = action.slice(0, action.indexOf("."));
      if (!byResource.has(resource)) byResource.set(resource, [{ value: `${resource}.*`, label: `${resource}.*` }]);
      byResource.get(resource)!.push({ value: action, label: action });
      descriptions.set(action, description);
      descriptions.set(`${resource}.*`, `Every ${resource.replaceAll("_", " ")} event`);
    }
    const groups = [...byResource].map(([group, items]) => ({ group, items }));
    return { groups, descriptions };
  }, [actions.data]);
}
