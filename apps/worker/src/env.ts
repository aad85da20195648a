import { resolve } from "node:path";
import { REPO_ROOT } from "@atrium/db/env";
import { ZStripeEnv } from "@atrium/core/billing";
import { z } from "zod";

const ZWorkerEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Turn off to run a worker that only processes jobs and registers no schedules. */
  ATRIUM_WORKER_SCHEDULES: z.stringbool().default(true),
  /** SMTP server for outgoing mail (smtp:// or smtps://). Unset: mail is written to files. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default("Atrium <no-reply@atrium.localhost>"),
  ATRIUM_DATA_DIR: z.string().min(1).default(".data"),
  /** Where users reach Atrium (links in billing e-mail). */
  ATRIUM_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The worker's /metrics and /healthz listener: a port (0: any free one), or "off". Default PORT + 1. */
  WORKER_METRICS_PORT: z.union([z.literal("off"), z.coerce.number().int().min(0).max(65535)]).optional(),
  /** Interface of the metrics listener, as the API's HOST (0.0.0.0 in a container). */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** When set, /metrics wants `Authorization: Bearer <token>` (as the API's /metrics does). */
  ATRIUM_METRICS_TOKEN: z.string().min(16).optional(),
  ...ZStripeEnv.pick({ STRIPE_PRICE_TEAM: true, STRIPE_PRICE_BUSINESS: true }).shape,
});

export type WorkerEnv = z.infer<typeof ZWorkerEnv> & { mailDir: string };

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = ZWorkerEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid worker configuration:\n${z.prettifyError(parsed.error)}`);
  if (parsed.data.NODE_ENV === "production" && !parsed.data.SMTP_URL) {
    throw new Error("Refusing to start in production:\n- SMTP_URL: set the SMTP server that delivers Atrium's e-mail.");
  }
  const base = source["ATRIUM_DATA_DIR"] ? (source["INIT_CWD"] ?? process.cwd()) : REPO_ROOT;
  return { ...parsed.data, mailDir: resolve(base, parsed.data.ATRIUM_DATA_DIR, "mail") };
}
