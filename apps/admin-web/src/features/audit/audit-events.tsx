import { errorMessage, formatCount } from "@atrium/ui";
import { Alert, Button, Center, Loader, Paper, Stack, Text } from "@mantine/core";
import { useIntersection } from "@mantine/hooks";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { trpc } from "../../lib/api.ts";
import { AuditTable } from "./audit-table.tsx";
import { toApiFilter, type TAuditSearch } from "./search.ts";
import type { AuditEvent } from "./types.ts";

const PAGE_SIZE = 50;

/** The matching events, newest first; older pages load as the end comes into view, or by the button. */
export function AuditEvents({ orgId, search, onOpen }: { orgId: string; search: TAuditSearch; onOpen(event: AuditEvent): void }) {
  const events = useInfiniteQuery({
    ...trpc.audit.events.search.infiniteQueryOptions(
      { orgId, ...toApiFilter(search), limit: PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor },
    ),
    placeholderData: keepPreviousData,
  });
  const { ref, entry } = useIntersection<HTMLDivElement>({ rootMargin: "200px" });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;
  const endInView = entry?.isIntersecting ?? false;

  useEffect(() => {
    if (endInView && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [endInView, hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (events.isPending) return <Loader aria-label="Loading audit events" />;
  if (events.isError) return <Alert color="red" role="alert" title="Could not load audit events">{errorMessage(events.error)}</Alert>;

  const rows = events.data.pages.flatMap((p) => p.rows);
  return (
    <Stack gap="sm">
      <Paper withBorder>
        <AuditTable rows={rows} onOpen={onOpen} />
      </Paper>
      <div ref={ref} />
      <Center>
        {hasNextPage ? (
          <Button variant="default" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            Load older events
          </Button>
        ) : (
          rows.length > 0 && <Text size="sm" c="dimmed" aria-live="polite">{formatCount(rows.length, "event")}, the oldest reached.</Text>
        )}
      </Center>
    </Stack>
  );
}
