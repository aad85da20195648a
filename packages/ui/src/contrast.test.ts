import { DEFAULT_THEME } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { accessibleColors, contrastRatio, readableOn } from "./contrast.ts";

describe("accessible colors", () => {
  it("measures contrast as WCAG does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#868e96", "#ffffff")).toBeCloseTo(3.32, 2);
  });

  it("darkens a color until it reaches 4.5:1, and keeps one that already does", () => {
    expect(contrastRatio(readableOn("#40c057", "#ffffff"), "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(readableOn("#495057", "#ffffff")).toBe("#495057");
  });

  it("gives every palette text and fills at AA in the light scheme", () => {
    const { light } = accessibleColors(DEFAULT_THEME);
    expect(light["--mantine-color-dimmed"]).toBe("#5c636a");
    for (const [name, shades] of Object.entries(DEFAULT_THEME.colors)) {
      expect(contrastRatio(light[`--mantine-color-${name}-light-color`]!, shades[1])).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(light[`--mantine-color-${name}-filled`]!, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    }
  });
});
