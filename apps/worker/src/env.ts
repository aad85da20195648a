import { z } from "zod";

const ZWorkerEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Turn off to run a worker that only processes jobs and registers no schedules. */
  ATRIUM_WORKER_SCHEDULES: z.stringbool().default(true),
});

export type WorkerEnv = z.infer<typeof ZWorkerEnv>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = ZWorkerEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid worker configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
