import { convertCssVariables, defaultCssVariablesResolver, useMantineTheme } from "@mantine/core";
import { useMemo } from "react";

const isPrimary = (name: string) => name.startsWith("--mantine-primary-color") || name === "--mantine-color-anchor";

const pick = (variables: Record<string, string>) => Object.fromEntries(Object.entries(variables).filter(([name]) => isPrimary(name)));

/**
 * Components read the primary colour from CSS variables that MantineProvider
 * writes once for the whole page; this rewrites just those for the theme in
 * context (an organization's brand), so filled buttons, links, checkboxes and
 * the active navigation item follow it — in modals and menus too.
 */
export function PrimaryColorVariables() {
  const theme = useMantineTheme();
  const css = useMemo(() => {
    const all = defaultCssVariablesResolver(theme);
    return convertCssVariables({ variables: pick(all.variables), light: pick(all.light), dark: pick(all.dark) }, ":root");
  }, [theme]);
  return <style data-org-brand dangerouslySetInnerHTML={{ __html: css }} />;
}
