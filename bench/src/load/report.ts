/** Summaries, the stdout table and the SVG chart of a load run. */
import { CLASSES, type RequestClass } from "./mix.ts";

export interface Sample {
  /** Seconds since the measured run began. */
  t: number;
  cls: RequestClass;
  op: string;
  ms: number;
  status: number;
}

export interface ResourceSample {
  t: number;
  apiMb: number | null;
  workerMb: number | null;
  postgresMb: number | null;
  /** Queue lag in seconds per queue (worker /metrics), jobs waiting per queue. */
  lag: Record<string, number> | null;
  waiting: Record<string, number> | null;
}

export interface ClassSummary {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export function summarize(samples: Sample[], seconds: number): ClassSummary {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    errors: samples.filter((s) => s.status < 200 || s.status >= 300).length,
    rps: round(samples.length / seconds, 2),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** p99 per class over consecutive windows of `windowSeconds`. */
export function p99Series(samples: Sample[], seconds: number, windowSeconds: number): { t: number; p99: Partial<Record<RequestClass, number>> }[] {
  const out: { t: number; p99: Partial<Record<RequestClass, number>> }[] = [];
  // A tail shorter than half a window has too few requests for a p99: it is left out.
  for (let start = 0; start + windowSeconds / 2 <= seconds; start += windowSeconds) {
    const inWindow = samples.filter((s) => s.t >= start && s.t < start + windowSeconds);
    const p99: Partial<Record<RequestClass, number>> = {};
    for (const c of CLASSES) {
      const sorted = inWindow.filter((s) => s.cls === c).map((s) => s.ms).sort((a, b) => a - b);
      if (sorted.length) p99[c] = round(percentile(sorted, 99));
    }
    out.push({ t: Math.min(start + windowSeconds, seconds), p99 });
  }
  return out;
}

/**
 * Memory trend of one series: first and last thirds' medians and their
 * growth. "Flat" means the last third's median is within 10 % (or 20 MB) of
 * the first third's after warm-up.
 */
export function memoryTrend(values: (number | null)[]) {
  const v = values.filter((x): x is number => x !== null);
  if (v.length < 3) return null;
  const third = Math.max(1, Math.floor(v.length / 3));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const first = median(v.slice(0, third));
  const last = median(v.slice(-third));
  const growth = last - first;
  return { firstMb: round(first), lastMb: round(last), maxMb: round(Math.max(...v)), growthMb: round(growth), flat: growth <= Math.max(20, first * 0.1) };
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")).join("\n");
}

const COLORS = ["#1c7ed6", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00", "#c92a2a"];

interface Line {
  label: string;
  points: [number, number][];
}

function plot(x0: number, y0: number, w: number, h: number, title: string, unit: string, xMax: number, lines: Line[], threshold?: { value: number; label: string }): string {
  const yMaxRaw = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p[1])), threshold?.value ?? 0);
  const step = niceStep(yMaxRaw / 5);
  const yMax = Math.ceil(yMaxRaw / step) * step;
  const sx = (t: number) => x0 + (t / Math.max(1, xMax)) * w;
  const sy = (v: number) => y0 + h - (v / yMax) * h;
  const parts: string[] = [`<text x="${x0}" y="${y0 - 12}" font-size="14" font-weight="600">${title}</text>`];
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    parts.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(v)}" y2="${sy(v)}" stroke="#e9ecef"/>`);
    parts.push(`<text x="${x0 - 6}" y="${sy(v) + 4}" font-size="11" text-anchor="end" fill="#495057">${round(v, 1)}</text>`);
  }
  const xStep = niceStep(xMax / 6);
  for (let t = 0; t <= xMax + 1e-9; t += xStep) {
    parts.push(`<text x="${sx(t)}" y="${y0 + h + 16}" font-size="11" text-anchor="middle" fill="#495057">${Math.round(t)}</text>`);
  }
  parts.push(`<text x="${x0 + w / 2}" y="${y0 + h + 32}" font-size="11" text-anchor="middle" fill="#495057">seconds</text>`);
  parts.push(`<text x="${x0 - 44}" y="${y0 + h / 2}" font-size="11" fill="#495057" transform="rotate(-90 ${x0 - 44} ${y0 + h / 2})" text-anchor="middle">${unit}</text>`);
  parts.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#adb5bd"/>`);
  if (threshold) {
    parts.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(threshold.value)}" y2="${sy(threshold.value)}" stroke="#c92a2a" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${x0 + w - 4}" y="${sy(threshold.value) - 4}" font-size="11" text-anchor="end" fill="#c92a2a">${threshold.label}</text>`);
  }
  lines.forEach((line, i) => {
    const color = COLORS[i % COLORS.length]!;
    if (line.points.length) {
      const d = line.points.map(([t, v], j) => `${j ? "L" : "M"}${sx(t).toFixed(1)},${sy(v).toFixed(1)}`).join(" ");
      parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    parts.push(`<rect x="${x0 + w + 16}" y="${y0 + 8 + i * 18}" width="12" height="4" fill="${color}"/>`);
    parts.push(`<text x="${x0 + w + 34}" y="${y0 + 13 + i * 18}" font-size="12">${line.label}</text>`);
  });
  return parts.join("\n");
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const n = raw / power;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power;
}

export function chartSvg(options: { title: string; seconds: number; resources: ResourceSample[]; p99: ReturnType<typeof p99Series> }): string {
  const width = 960;
  const memory: Line[] = [
    { label: "API", points: options.resources.filter((r) => r.apiMb !== null).map((r) => [r.t, r.apiMb!]) },
    { label: "worker", points: options.resources.filter((r) => r.workerMb !== null).map((r) => [r.t, r.workerMb!]) },
    { label: "PostgreSQL (sum)", points: options.resources.filter((r) => r.postgresMb !== null).map((r) => [r.t, r.postgresMb!]) },
  ];
  const latency: Line[] = CLASSES.map((c) => ({ label: `p99 ${c}`, points: options.p99.filter((w) => w.p99[c] !== undefined).map((w) => [w.t, w.p99[c]!] as [number, number]) }));
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="720" viewBox="0 0 ${width} 720" font-family="system-ui, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="24" y="30" font-size="16" font-weight="700">${options.title}</text>
${plot(80, 80, 680, 250, "Resident memory (VmRSS)", "MB", options.seconds, memory)}
${plot(80, 420, 680, 250, "p99 latency per request class (10 s windows)", "ms", options.seconds, latency, { value: 100, label: "100 ms target" })}
</svg>
`;
}
