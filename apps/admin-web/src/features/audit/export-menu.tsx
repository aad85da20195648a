import { Button, Menu } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { trpc } from "../../lib/api.ts";
import { notifyError } from "../../lib/notify-error.tsx";
import { exportHref, toApiFilter, type TAuditSearch } from "./search.ts";

/** Download the current filter now, or have it built in the background (listed under "Recent exports"). */
export function ExportMenu({ orgId, search }: { orgId: string; search: TAuditSearch }) {
  const queryClient = useQueryClient();
  const start = useMutation(
    trpc.audit.events.startExport.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.audit.events.pathKey() }),
      onError: (error) => notifyError(error, orgId),
    }),
  );
  const startExport = (format: "csv" | "ndjson") => start.mutate({ orgId, format, ...toApiFilter(search) });

  return (
    <Menu position="bottom-end" width={260}>
      <Menu.Target>
        <Button variant="default" loading={start.isPending}>Export</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Download now</Menu.Label>
        <Menu.Item component="a" href={exportHref(orgId, search, "csv")} download>
          Download CSV (current filter)
        </Menu.Item>
        <Menu.Item component="a" href={exportHref(orgId, search, "ndjson")} download>
          Download NDJSON
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>Large exports</Menu.Label>
        <Menu.Item onClick={() => startExport("csv")}>Export in background (CSV)</Menu.Item>
        <Menu.Item onClick={() => startExport("ndjson")}>Export in background (NDJSON)</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
