import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import type { ReactNode } from "react";
import { accessibleColors } from "./contrast.ts";
import { MutationErrorContext, type MutationErrorView } from "./mutation-error.tsx";
import { atriumTheme } from "./theme.ts";

/** Theme, notifications and, when given, how the kit's dialogs show a refused change. */
export function AtriumProvider({ children, mutationError }: { children: ReactNode; mutationError?: MutationErrorView }) {
  const content = (
    <MantineProvider theme={atriumTheme()} defaultColorScheme="light" cssVariablesResolver={accessibleColors}>
      <Notifications position="top-right" />
      {children}
    </MantineProvider>
  );
  return mutationError ? <MutationErrorContext.Provider value={mutationError}>{content}</MutationErrorContext.Provider> : content;
}
