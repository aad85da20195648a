import { Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

export interface StatCardProps {
  /** What the figure is ("Customers", "ARR at risk"); shown small above it. */
  label: string;
  /** The figure, already formatted through the format module. */
  value: ReactNode;
  /** A Mantine color for the figure when it needs attention ("red"). */
  tone?: string | undefined;
  /** One line under the figure ("$40,000 at risk"). */
  detail?: ReactNode;
  /** A color for the detail line; dimmed by default. */
  detailTone?: string | undefined;
  /** "lg" for a page's headline figures, "md" for a card's own grid of figures. */
  size?: "md" | "lg";
  /** Anything drawn below (a progress bar). */
  children?: ReactNode;
}

const VALUE_SIZE = { md: "xl", lg: 26 } as const;

/**
 * One figure in a bordered card: label, value, an optional detail line. Pages
 * lay several out in a SimpleGrid; the figure is formatted by the caller. The
 * card is a section named by its label, so a reader (or a test) finds the
 * figure by what it is.
 */
export function StatCard({ label, value, tone, detail, detailTone, size = "lg", children }: StatCardProps) {
  return (
    <Paper withBorder p={size === "lg" ? "md" : "sm"} component="section" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={VALUE_SIZE[size]} fw={700} c={tone}>{value}</Text>
      {detail !== undefined && <Text size="sm" c={detailTone ?? "dimmed"}>{detail}</Text>}
      {children}
    </Paper>
  );
}

/**
 * A label and its value inside a card or drawer, without a border of its own:
 * "LAST SUCCESS / Dec 7, 2026, 02:36 PM". Long values wrap instead of widening.
 */
export function LabeledValue({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" component="div" style={{ overflowWrap: "anywhere" }}>{children ?? "—"}</Text>
    </div>
  );
}
