import { darken, type CSSVariablesResolver } from "@mantine/core";

/**
 * Colors that pass WCAG AA (4.5:1) for text. Several of Mantine's palettes are
 * too light for text (green 6 under white text is 2.4:1, a green badge 3.9:1),
 * so in the light scheme each palette's text, outline and light-variant color
 * and its filled background are darkened until they reach the ratio. Palettes
 * that already pass keep their own shades.
 */

const AA = 4.5;

function channels(color: string): [number, number, number] {
  if (color.startsWith("#")) return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return [r, g, b];
}

function luminance(color: string): number {
  const [r, g, b] = channels(color).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two opaque colors (#rrggbb or rgb[a]()). */
export function contrastRatio(a: string, b: string): number {
  const [dark, light] = [luminance(a), luminance(b)].sort((x, y) => x - y) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `color`, darkened in 5 % steps until it reaches 4.5:1 against `against`. */
export function readableOn(color: string, against: string): string {
  let result = color;
  for (let step = 1; contrastRatio(result, against) < AA && step <= 20; step += 1) result = darken(color, step * 0.05);
  return result;
}

/** Light-scheme CSS variables: dimmed text and every palette's text and fills at AA. */
export const accessibleColors: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = { "--mantine-color-dimmed": "#5c636a" };
  for (const [name, shades] of Object.entries(theme.colors)) {
    const text = readableOn(shades[7], shades[1]);
    const filled = readableOn(shades[6], "#ffffff");
    light[`--mantine-color-${name}-text`] = text;
    light[`--mantine-color-${name}-light-color`] = text;
    light[`--mantine-color-${name}-outline`] = text;
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
  }
  return { variables: {}, light, dark: {} };
};
