import { createTheme, type DEFAULT_THEME, type MantineColorsTuple, type MantineThemeOverride } from "@mantine/core";

/** Atrium's indigo, as a ten-shade Mantine palette. */
const atrium: MantineColorsTuple = [
  "#eef0ff", "#dadeff", "#b2b9fb", "#8893f6", "#6571f2", "#4e5bf0", "#4150f0", "#3342d6", "#2b3ac0", "#1f31aa",
];

/**
 * The one theme both SPAs use. A tenant's brand colour (any of Mantine's
 * named palettes) recolours it without touching components.
 */
export function atriumTheme(brand?: keyof typeof DEFAULT_THEME.colors): MantineThemeOverride {
  return createTheme({
    colors: { atrium },
    primaryColor: brand ?? "atrium",
    defaultRadius: "md",
    fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    headings: { fontWeight: "650" },
  });
}
