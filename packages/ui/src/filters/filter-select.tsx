import { Select, type ComboboxData } from "@mantine/core";

export interface FilterSelectProps<Value extends string> {
  /** Read out as the field's name: "Filter by role". */
  label: string;
  /** Shown while nothing is chosen, which means "all": "All roles". */
  placeholder: string;
  /** The chosen value, usually from the page's URL search; undefined for all. */
  value: Value | undefined;
  /** The choices, as `{ value: label }` (a labels map) or Mantine's list (grouped or not). */
  options: Readonly<Record<Value, string>> | ComboboxData;
  /** Called with the new value, or undefined when cleared. */
  onChange(value: Value | undefined): void;
  w?: number;
}

/**
 * One filter of a table: a clearable select whose empty state means "all". The value is the
 * URL search's (typed by the page), so a filtered table can be linked to and reloaded.
 */
export function FilterSelect<Value extends string>({ label, placeholder, value, options, onChange, w = 180 }: FilterSelectProps<Value>) {
  const data = Array.isArray(options) ? (options as ComboboxData) : Object.entries(options as Record<Value, string>).map(([v, l]) => ({ value: v, label: l as string }));
  return <Select aria-label={label} placeholder={placeholder} clearable w={w} value={value ?? null} data={data} onChange={(next) => onChange((next ?? undefined) as Value | undefined)} />;
}
