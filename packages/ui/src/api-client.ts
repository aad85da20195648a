import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";

/**
 * The SPA's connection to the API: same-origin `/trpc` (the session cookie
 * rides along), batched, superjson-encoded, with a query cache that does not
 * retry what cannot succeed (401/403/404).
 */
export function createApiClient<TRouter extends AnyTRPCRouter>() {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => failures < 2 && !isClientError(error),
      },
    },
  });
  // The link is built for any router (the transformer option's type depends on
  // the concrete router, which this factory does not know).
  const link = httpBatchLink<AnyTRPCRouter>({ url: "/trpc", transformer: superjson });
  const client = createTRPCClient<TRouter>({ links: [link] });
  const trpc = createTRPCOptionsProxy<TRouter>({ client, queryClient });
  return { queryClient, client, trpc };
}

export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof TRPCClientError ? (error.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
}

function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

/** A sentence for the user: the server's message for 4xx, a generic one otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const fieldErrors = (error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
    if (fieldErrors) return Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(", ")}`).join("; ");
    return error.message;
  }
  return "Something went wrong. Check your connection and try again.";
}

/**
 * For a route guard: the signed-in user's data, or — when the API answers 401 —
 * whatever `toLogin()` returns thrown (a router redirect to the sign-in page).
 */
export async function signedInOr<T>(load: () => Promise<T>, toLogin: () => unknown): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (httpStatusOf(error) === 401) throw toLogin();
    throw error;
  }
}
