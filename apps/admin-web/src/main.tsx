import "@atrium/ui/zod-config";
import "@atrium/ui/styles.css";
import { AtriumProvider } from "@atrium/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { queryClient } from "./lib/api.ts";
import { MutationError } from "./lib/mutation-error.tsx";
import { setOutsideNavigation } from "./lib/navigate-outside.ts";
import { router } from "./routes/router.tsx";

setOutsideNavigation((href) => void router.navigate({ href }));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AtriumProvider mutationError={(error) => <MutationError error={error} />}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </AtriumProvider>
  </StrictMode>,
);
