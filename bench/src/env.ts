/**
 * The benchmark's configuration. DATABASE_URL, when set, names a PostgreSQL
 * server on which a throwaway database is created (and dropped afterwards);
 * otherwise an embedded server runs in a temporary directory.
 */
import { z } from "zod";

const ZBenchEnv = z.object({
  BENCH_DURATION_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Comma-separated scenario and measurement names to run (`org.get`); unset: all of them. */
  BENCH_ONLY: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((name) => name.trim()).filter(Boolean) : undefined)),
  /** When set, the server process runs under `node --cpu-prof` and writes its .cpuprofile there on exit. */
  BENCH_CPU_PROF_DIR: z.string().min(1).optional(),
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
