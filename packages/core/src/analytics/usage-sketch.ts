/**
 * The latency sketch of usage analytics: fixed log-scale buckets of a
 * duration in milliseconds, HDR/DDSketch-like, so that percentiles merge over
 * days and over an organization subtree by adding bucket counts.
 *
 * Contract (shared with the SQL functions of the migration
 * `create_usage_analytics_rollups`, which alone assign buckets):
 * - bucket 0 holds 0 ms; bucket k >= 1 holds [GAMMA^(k-1), GAMMA^k) ms;
 * - a sketch is the vector of bucket counts (here an array whose element k
 *   counts bucket k); a rollup row stores it sparse, as its non-empty buckets
 *   (`latency_buckets integer[]`, each once, in no particular order: building
 *   them unsorted lets the rollup aggregate by hash) and their counts at the
 *   same positions (`latency_counts bigint[]`), since a row fills few buckets;
 * - merging is element-wise sum of the vectors, i.e. adding the counts of
 *   equal buckets (commutative, associative, exact);
 * - the q-quantile is the nearest-rank sample (rank ceil(q·n), as
 *   `percentile_disc`), read as the bucket's representative value
 *   2·GAMMA^k/(GAMMA+1), which is within RELATIVE_ERROR of every value of the
 *   bucket. Against `percentile_cont` the error also includes the
 *   interpolation between neighbouring samples, negligible on dense data.
 */

export const GAMMA = 1.08;
/** (GAMMA − 1) / (GAMMA + 1) ≈ 3.85 %. */
export const RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

/** The value a bucket stands for: 0 for bucket 0, else the point within RELATIVE_ERROR of the bucket's whole range. */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1);
}

/** The bucket of a duration (the TypeScript twin of SQL `usage_sketch_bucket`, for tests and tools). */
export function bucketOf(durationMs: number): number {
  return durationMs < 1 ? 0 : 1 + Math.floor(Math.log(durationMs) / Math.log(GAMMA));
}

/** Element-wise sum of sketches. */
export function mergeSketches(sketches: Iterable<readonly (number | bigint)[]>): number[] {
  const out: number[] = [];
  for (const sketch of sketches) {
    sketch.forEach((n, k) => {
      out[k] = (out[k] ?? 0) + Number(n);
    });
  }
  for (let k = 0; k < out.length; k++) out[k] ??= 0;
  return out;
}

/** The nearest-rank q-quantile (0 < q ≤ 1) of a sketch, rounded to 0.1 ms; null for an empty sketch. */
export function sketchQuantile(sketch: readonly number[], q: number): number | null {
  const total = sketch.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let k = 0; k < sketch.length; k++) {
    seen += sketch[k]!;
    if (seen >= rank) return Math.round(bucketValue(k) * 10) / 10;
  }
  return Math.round(bucketValue(sketch.length - 1) * 10) / 10;
}

/** A sketch from (bucket, count) pairs, as merged by SQL (`unnest … WITH ORDINALITY`, grouped by bucket). */
export function sketchFromPairs(pairs: Iterable<{ bucket: number; count: number | bigint }>): number[] {
  const out: number[] = [];
  for (const { bucket, count } of pairs) out[bucket] = (out[bucket] ?? 0) + Number(count);
  for (let k = 0; k < out.length; k++) out[k] ??= 0;
  return out;
}
