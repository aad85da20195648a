/**
 * Axis ticks a person reads at a glance: evenly spaced steps of 1, 2 or 5 times
 * a power of ten (0, 20, 40, 60 — never 0, 5, 10, 20), starting at zero for
 * counts, and whole steps for things that only come whole (no 0.25 users).
 */

const STEPS = [1, 2, 5, 10];

export interface NiceTicksOptions {
  /** How many intervals to aim for; the result has about this many (at most twice as many). */
  count?: number;
  /** Whole steps only: for counts of people, events, tickets. */
  integer?: boolean;
}

/** The smallest "nice" step (1, 2 or 5 × 10^k) at least `rough`. */
function niceStep(rough: number, integer: boolean): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = (STEPS.find((s) => s * power >= rough - 1e-12) ?? 10) * power;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** Digits after the point that `step` needs, so 0.1 + 0.2 prints as 0.3. */
function decimalsOf(step: number): number {
  return step >= 1 ? 0 : Math.ceil(-Math.log10(step) - 1e-9);
}

/**
 * Ticks covering [min, max], ascending, first ≤ min and last ≥ max. A flat or
 * empty range still gets an axis (0 → 0 and 1; 7 → 6, 7, 8 when whole).
 */
export function niceTicks(min: number, max: number, options: NiceTicksOptions = {}): number[] {
  const { count = 5, integer = false } = options;
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) {
    if (lo === 0) hi = 1;
    else if (lo > 0) lo = 0;
    else hi = 0;
  }
  const step = niceStep((hi - lo) / count, integer);
  const decimals = decimalsOf(step);
  const first = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; ; i += 1) {
    const tick = Number((first + i * step).toFixed(decimals));
    ticks.push(tick);
    if (tick >= hi - 1e-9) break;
  }
  return ticks;
}
