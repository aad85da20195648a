import { CheckIcon, ColorSwatch, Group, Input, isLightColor, Tooltip, useMantineTheme } from "@mantine/core";
import { useRef, type KeyboardEvent } from "react";
import { BRAND_COLORS, type BrandColor } from "./brand.ts";

const NEXT: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * The palettes as swatches, behaving as a radio group: Tab reaches the chosen
 * one, arrow keys move the choice.
 */
export function BrandColorPicker({ value, disabled, onChange }: { value: BrandColor; disabled: boolean; onChange(next: BrandColor): void }) {
  const theme = useMantineTheme();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const index = BRAND_COLORS.findIndex((c) => c.value === value);

  function onKeyDown(event: KeyboardEvent) {
    const step = NEXT[event.key];
    if (step === undefined || disabled) return;
    event.preventDefault();
    const next = (index + step + BRAND_COLORS.length) % BRAND_COLORS.length;
    onChange(BRAND_COLORS[next]!.value);
    buttons.current[next]?.focus();
  }

  return (
    <Input.Wrapper
      label="Brand colour"
      id="brand-colour"
      labelElement="div"
      description="Buttons, links and highlights use it for everyone working in this organization."
    >
      <Group gap={8} mt={6} role="radiogroup" aria-labelledby="brand-colour-label" onKeyDown={onKeyDown}>
        {BRAND_COLORS.map((color, i) => {
          const checked = color.value === value;
          const shade = theme.colors[color.value]![6]!;
          return (
            <Tooltip key={color.value} label={color.label} withinPortal>
              <ColorSwatch
                component="button"
                type="button"
                role="radio"
                aria-checked={checked}
                aria-label={color.label}
                tabIndex={checked ? 0 : -1}
                disabled={disabled}
                ref={(el: HTMLButtonElement | null) => {
                  buttons.current[i] = el;
                }}
                color={shade}
                size={30}
                c={isLightColor(shade) ? "black" : "white"}
                style={{ cursor: disabled ? "not-allowed" : "pointer", outlineOffset: 2 }}
                onClick={() => onChange(color.value)}
              >
                {checked && <CheckIcon size={12} />}
              </ColorSwatch>
            </Tooltip>
          );
        })}
      </Group>
    </Input.Wrapper>
  );
}
