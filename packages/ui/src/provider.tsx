import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import type { ReactNode } from "react";
import { atriumTheme } from "./theme.ts";

export function AtriumProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={atriumTheme()} defaultColorScheme="light">
      <Notifications position="top-right" />
      {children}
    </MantineProvider>
  );
}
