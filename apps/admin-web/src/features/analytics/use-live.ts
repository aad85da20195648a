/**
 * Live updates (Enterprise): listens to the page's SSE stream and, when usage of the
 * organization (or its subtree) was recorded, refetches the analytics queries — at most once
 * every `THROTTLE_MS`, so a busy organization does not turn the page into a query loop.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

const THROTTLE_MS = 5_000;
export type LiveState = "off" | "connecting" | "live" | "reconnecting" | "ended";

export function useLiveAnalytics(orgId: string, subtree: boolean, enabled: boolean): { state: LiveState; updatedAt: Date | null } {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>(enabled ? "connecting" : "off");
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!enabled) return setState("off");
    setState("connecting");
    const refetch = () => {
      timer.current = undefined;
      last.current = Date.now();
      setUpdatedAt(new Date());
      // tRPC query keys start with the procedure's path: every analytics figure, not the layout.
      void queryClient.invalidateQueries({ predicate: ({ queryKey: [path] }) => Array.isArray(path) && path[0] === "analytics" && path[1] !== "layout" });
    };
    const source = new EventSource(`/api/orgs/${orgId}/analytics/live${subtree ? "?subtree=true" : ""}`);
    source.addEventListener("ready", () => setState("live"));
    source.addEventListener("usage", () => {
      if (timer.current) return;
      timer.current = setTimeout(refetch, Math.max(0, last.current + THROTTLE_MS - Date.now()));
    });
    source.addEventListener("end", () => {
      setState("ended");
      source.close();
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "ended" : "reconnecting");
    return () => {
      source.close();
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [orgId, subtree, enabled, queryClient]);

  return { state, updatedAt };
}
