import { Alert, Button, Center, Group, Loader, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { errorMessage } from "./api-client.ts";

/** The part of a TanStack Query result QueryView reads (useQuery's result fits). */
export type QueryLike<T> = {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isError: boolean;
  refetch(): unknown;
};

/** A failed load, said in a sentence, with a button to try again. */
export function LoadError({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" role="alert" title={title}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}

/**
 * Renders a query's three other states so pages only write the loaded one: a labelled spinner
 * while pending, the error with "Try again" (refetch) when it failed, `empty` when `isEmpty`
 * says the data has nothing to show (arrays: when they are empty), and `children(data)` otherwise.
 */
export function QueryView<T>({
  query,
  label,
  empty,
  isEmpty,
  children,
}: {
  query: QueryLike<T>;
  /** What is loading, for the spinner's label and the error's title ("members"). */
  label: string;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children(data: T): ReactNode;
}) {
  if (query.isPending) {
    return (
      <Center py="lg">
        <Loader size="sm" aria-label={`Loading ${label}`} />
      </Center>
    );
  }
  if (query.isError || query.data === undefined) {
    return <LoadError title={`Could not load ${label}`} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const nothing = isEmpty ? isEmpty(query.data) : Array.isArray(query.data) && query.data.length === 0;
  if (nothing && empty !== undefined) {
    return typeof empty === "string" ? <Text c="dimmed" size="sm" ta="center" py="lg">{empty}</Text> : <>{empty}</>;
  }
  return <>{children(query.data)}</>;
}
