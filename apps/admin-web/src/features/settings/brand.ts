import type { AppRouter } from "@atrium/api";
import type { MantineThemeOverride } from "@mantine/core";
import type { inferRouterInputs } from "@trpc/server";

export type BrandColor = NonNullable<inferRouterInputs<AppRouter>["org"]["updateBranding"]["brandColor"]>;

/** The palettes an organization can brand the console with (Mantine's named palettes and Atrium's own). */
export const BRAND_COLORS = [
  { value: "atrium", label: "Atrium indigo" },
  { value: "blue", label: "Blue" },
  { value: "cyan", label: "Cyan" },
  { value: "teal", label: "Teal" },
  { value: "green", label: "Green" },
  { value: "lime", label: "Lime" },
  { value: "yellow", label: "Yellow" },
  { value: "orange", label: "Orange" },
  { value: "red", label: "Red" },
  { value: "pink", label: "Pink" },
  { value: "grape", label: "Grape" },
  { value: "violet", label: "Violet" },
  { value: "indigo", label: "Indigo" },
  { value: "gray", label: "Gray" },
] as const satisfies readonly { value: BrandColor; label: string }[];

export const isBrandColor = (value: string | null | undefined): value is BrandColor => BRAND_COLORS.some((c) => c.value === value);

/** Palettes whose usual shade is too pale for text on white: a darker shade is used instead. */
const PALE = new Set<BrandColor>(["cyan", "lime", "yellow", "orange"]);

/**
 * The console in an organization's colour: its palette becomes the primary
 * colour, and text on filled surfaces switches to dark where white would not
 * be readable.
 */
export function brandTheme(color: BrandColor): MantineThemeOverride {
  return {
    primaryColor: color,
    autoContrast: true,
    primaryShade: PALE.has(color) ? { light: 8, dark: 7 } : { light: 6, dark: 8 },
  };
}
