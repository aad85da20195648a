import { formatCompact, formatNumber } from "@atrium/format";
import { niceTicks } from "./nice-ticks.ts";

/** A Mantine charts series: its key in each row of data. */
interface Series {
  name: string;
}

export interface ChartDefaultsInput<Row> {
  data: readonly Row[];
  series: readonly Series[];
  /** Bars stacked on each other: the axis must reach each row's total. */
  stacked?: boolean;
  /** Whole things (people, events, tickets): whole-number ticks only. */
  integer?: boolean;
  /** A fixed scale, e.g. [0, 100] for a health score or [-100, 100] for NPS. */
  domain?: readonly [number, number];
  /** The full value in the tooltip; a grouped number (1,234,567) by default. */
  format?: (value: number) => string;
}

/** The props every chart of both consoles shares; spread onto a Mantine chart. */
export interface ChartDefaults {
  withLegend: boolean;
  legendProps: { verticalAlign: "bottom" };
  valueFormatter: (value: number) => string;
  yAxisProps: {
    domain: [number, number];
    ticks: number[];
    interval: 0;
    allowDecimals: boolean;
    tickFormatter: (value: number) => string;
  };
}

function valuesOf<Row>(row: Row, series: readonly Series[], stacked: boolean): number[] {
  const values = series.map((s) => Number((row as Record<string, unknown>)[s.name] ?? 0)).filter((v) => Number.isFinite(v));
  if (!stacked) return values;
  const up = values.filter((v) => v > 0).reduce((a, b) => a + b, 0);
  const down = values.filter((v) => v < 0).reduce((a, b) => a + b, 0);
  return [up, down];
}

/**
 * Chart defaults: nice ticks from zero (or the given domain), compact axis
 * labels (2.6M, never 34000000), the full number in the tooltip, and a legend
 * whenever there are two series or more — so no chart sets its own.
 */
export function chartDefaults<Row>(input: ChartDefaultsInput<Row>): ChartDefaults {
  const { data, series, stacked = false, integer = false, domain, format = formatNumber } = input;
  const values = data.flatMap((row) => valuesOf(row, series, stacked));
  const min = domain ? domain[0] : Math.min(0, ...values);
  const max = domain ? domain[1] : Math.max(0, ...values);
  const ticks = niceTicks(min, max, { integer });
  return {
    withLegend: series.length > 1,
    legendProps: { verticalAlign: "bottom" },
    valueFormatter: format,
    yAxisProps: {
      domain: [ticks[0]!, ticks[ticks.length - 1]!],
      ticks,
      interval: 0,
      allowDecimals: !integer,
      tickFormatter: (value) => formatCompact(value),
    },
  };
}
