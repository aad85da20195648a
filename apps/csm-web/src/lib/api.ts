import type { AppRouter } from "@atrium/api";
import { createApiClient } from "@atrium/ui";

export const { queryClient, client, trpc } = createApiClient<AppRouter>();
