/**
 * Charts drawn straight into a PDF (pdfkit vector paths): a value axis with
 * nice ticks (d3-array: 0, 500K, 1M… never 0.25 of a user or 34000000) and
 * compact labels, light grid lines, a category axis, and a legend whenever
 * there are two series or more. Bars or lines; a null value leaves a gap.
 */
import { formatCompact } from "@atrium/format";
import { nice, ticks } from "d3-array";
import { FONT } from "./fonts.ts";

export interface ChartSeries {
  label: string;
  color: string;
  values: readonly (number | null)[];
}

export interface ChartOptions {
  kind: "bar" | "line";
  /** One label per point, under the category axis. */
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** Fixed value range (a score is 0–100); default: 0 to the largest value, made nice. */
  domain?: readonly [number, number];
  /** Tick label; default compact numbers (2.6M). */
  format?: (value: number) => string;
  /** How many ticks to aim for on the value axis. */
  tickCount?: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const AXIS = "#6b7280";
const GRID = "#e5e7eb";
const LABEL_SIZE = 7.5;

/** Nice ticks for a range: the domain extended to round numbers and the ticks inside it. */
export function niceTicks(lo: number, hi: number, count = 5): { domain: [number, number]; ticks: number[] } {
  const [a, b] = hi > lo ? nice(lo, hi, count) : [lo, lo + 1];
  return { domain: [a, b], ticks: ticks(a, b, count) };
}

/** Draws the chart inside `box` (axes and labels included); returns the y under it. */
export function drawChart(doc: PDFKit.PDFDocument, box: Box, options: ChartOptions): number {
  const format = options.format ?? ((v: number) => formatCompact(v));
  const values = options.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const scale = options.domain ? { domain: [...options.domain] as [number, number], ticks: ticks(options.domain[0], options.domain[1], options.tickCount ?? 5) } : niceTicks(0, Math.max(0, ...values), options.tickCount ?? 5);
  const [lo, hi] = scale.domain;

  doc.save();
  doc.font(FONT.regular).fontSize(LABEL_SIZE);
  const legendHeight = options.series.length > 1 ? 14 : 0;
  const labelWidth = Math.max(...scale.ticks.map((t) => doc.widthOfString(format(t)))) + 6;
  const plot = { x: box.x + labelWidth, y: box.y + legendHeight + 4, width: box.width - labelWidth, height: box.height - legendHeight - 4 - 16 };
  const yOf = (v: number) => plot.y + plot.height - ((v - lo) / (hi - lo)) * plot.height;

  if (legendHeight) {
    let lx = plot.x;
    for (const s of options.series) {
      doc.rect(lx, box.y + 3, 8, 8).fill(s.color);
      doc.fillColor("#111").text(s.label, lx + 11, box.y + 3, { lineBreak: false });
      lx += 11 + doc.widthOfString(s.label) + 14;
    }
  }

  for (const t of scale.ticks) {
    const y = yOf(t);
    doc.moveTo(plot.x, y).lineTo(plot.x + plot.width, y).lineWidth(0.5).strokeColor(t === lo ? AXIS : GRID).stroke();
    doc.fillColor(AXIS).text(format(t), box.x, y - LABEL_SIZE / 2 - 1, { width: labelWidth - 6, align: "right", lineBreak: false });
  }
  doc.moveTo(plot.x, plot.y).lineTo(plot.x, plot.y + plot.height).lineWidth(0.75).strokeColor(AXIS).stroke();

  const n = Math.max(1, options.categories.length);
  const step = plot.width / n;
  const center = (i: number) => plot.x + step * i + step / 2;
  // Label every category when they fit, else every k-th.
  const widest = Math.max(...options.categories.map((c) => doc.widthOfString(c)), 1);
  const every = Math.max(1, Math.ceil((widest + 6) / step));
  options.categories.forEach((c, i) => {
    if (i % every === 0) doc.fillColor(AXIS).text(c, center(i) - step * every / 2, plot.y + plot.height + 4, { width: step * every, align: "center", lineBreak: false });
  });

  if (options.kind === "bar") {
    const groupWidth = step * 0.7;
    const barWidth = groupWidth / options.series.length;
    options.series.forEach((s, k) => {
      s.values.forEach((v, i) => {
        if (v === null) return;
        const top = yOf(Math.min(hi, v));
        doc.rect(center(i) - groupWidth / 2 + k * barWidth, top, barWidth, yOf(lo) - top).fill(s.color);
      });
    });
  } else {
    for (const s of options.series) {
      let drawing = false;
      s.values.forEach((v, i) => {
        if (v === null) {
          drawing = false;
          return;
        }
        if (drawing) doc.lineTo(center(i), yOf(v));
        else doc.moveTo(center(i), yOf(v));
        drawing = true;
      });
      doc.lineWidth(1.5).strokeColor(s.color).stroke();
      s.values.forEach((v, i) => {
        if (v !== null) doc.circle(center(i), yOf(v), 1.8).fill(s.color);
      });
    }
  }
  doc.restore();
  doc.fillColor("#000");
  return box.y + box.height;
}
