/**
 * The benchmark's configuration. DATABASE_URL, when set, names a PostgreSQL
 * server on which a throwaway database is created (and dropped afterwards);
 * otherwise an embedded server runs in a temporary directory.
 */
import { z } from "zod";

const ZBenchEnv = z.object({
  BENCH_DURATION_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  /** When set, the server process runs under `node --cpu-prof` and writes its profile here on exit. */
  BENCH_CPU_PROFILE_DIR: z.string().min(1).optional(),
  /** Comma-separated scenario and measurement names to run (e.g. `v1.authorize,oidc.introspection`); all when unset. */
  BENCH_ONLY: z
    .string()
    .optional()
    .transform((v) => (v ? new Set(v.split(",").map((s) => s.trim()).filter(Boolean)) : null)),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
});

export type TBenchEnv = z.infer<typeof ZBenchEnv>;

export function readBenchEnv(source: Record<string, string | undefined> = process.env): TBenchEnv {
  const parsed = ZBenchEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid benchmark configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const ZAuditBenchEnv = z.object({
  BENCH_AUDIT_SECONDS: z.coerce.number().min(1).max(600).default(5),
  BENCH_AUDIT_ROWS: z.coerce.number().int().min(10_000).default(10_000_000),
  BENCH_AUDIT_EXPORT: z.coerce.number().int().min(1000).default(1_000_000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
});

/** The audit benchmarks' settings (src/audit/run.ts). */
export function readAuditBenchEnv(source: Record<string, string | undefined> = process.env): z.infer<typeof ZAuditBenchEnv> {
  const parsed = ZAuditBenchEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid audit benchmark configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const ZLoadBenchEnv = z.object({
  BENCH_LOAD_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(600),
  BENCH_LOAD_MAX_REQUESTS: z.coerce.number().int().min(100).default(1_000_000),
  BENCH_LOAD_USERS: z.coerce.number().int().min(1).max(200).default(8),
  BENCH_LOAD_RATE: z.coerce.number().min(1).max(10_000).default(40),
  BENCH_LOAD_WARMUP_SECONDS: z.coerce.number().int().min(0).max(600).default(15),
  BENCH_LOAD_SAMPLE_SECONDS: z.coerce.number().min(1).max(60).default(5),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
});

/** The load run's settings (src/load/run.ts). */
export function readLoadBenchEnv(source: Record<string, string | undefined> = process.env): z.infer<typeof ZLoadBenchEnv> {
  const parsed = ZLoadBenchEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid load benchmark configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const ZAnalyticsBenchEnv = z.object({
  /** Usage events generated over the year (10 million by default; fewer for a quick run). */
  BENCH_ANALYTICS_EVENTS: z.coerce.number().int().min(10_000).default(10_000_000),
  /** Timed calls of each query (and of its SQL baseline) per range. */
  BENCH_ANALYTICS_ITERATIONS: z.coerce.number().int().min(10).default(100),
  /** Rounds of the rollup comparison (baseline and job alternate). */
  BENCH_ANALYTICS_ROUNDS: z.coerce.number().int().min(1).max(10).default(2),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
});

/** The usage analytics benchmark's settings (src/usage-analytics.ts). */
export function readAnalyticsBenchEnv(source: Record<string, string | undefined> = process.env): z.infer<typeof ZAnalyticsBenchEnv> {
  const parsed = ZAnalyticsBenchEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid analytics benchmark configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
