/**
 * The demo product's configuration, read from the environment once and
 * validated here (the only file that reads process.env). Defaults are the
 * development ones `npm start` uses: Atrium on :3000, Notes on :3100, the
 * seeded application `demo-product` with its development key.
 */
import { z } from "zod";

const DEMO_SECRET_KEY = "atrium_sk_demo_product";

const schema = z.object({
  NODE_ENV: z.string().default("development"),
  PRODUCT_DEMO_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** Where people reach Notes; its /callback must be a redirect URI registered for the application. */
  PRODUCT_DEMO_URL: z.url().optional(),
  ATRIUM_URL: z.url().default("http://localhost:3000"),
  ATRIUM_CLIENT_ID: z.string().min(1).default("demo-product"),
  ATRIUM_SECRET_KEY: z.string().startsWith("atrium_sk_").default(DEMO_SECRET_KEY),
  /** The `whsec_…` secret of a webhook endpoint registered for the application; webhooks are refused without it. */
  ATRIUM_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
});

export interface DemoConfig {
  port: number;
  publicUrl: string;
  atriumUrl: string;
  clientId: string;
  secretKey: string;
  webhookSecret?: string;
}

export function loadDemoEnv(source: Record<string, string | undefined> = process.env): DemoConfig {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new Error(`The demo product's settings are not valid: check ${fields}.`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && env.ATRIUM_SECRET_KEY === DEMO_SECRET_KEY) {
    throw new Error("The demo product's development key does not exist in production: set ATRIUM_SECRET_KEY to one of the application's secret keys.");
  }
  return {
    port: env.PRODUCT_DEMO_PORT,
    publicUrl: (env.PRODUCT_DEMO_URL ?? `http://localhost:${env.PRODUCT_DEMO_PORT}`).replace(/\/$/, ""),
    atriumUrl: env.ATRIUM_URL.replace(/\/$/, ""),
    clientId: env.ATRIUM_CLIENT_ID,
    secretKey: env.ATRIUM_SECRET_KEY,
    ...(env.ATRIUM_WEBHOOK_SECRET ? { webhookSecret: env.ATRIUM_WEBHOOK_SECRET } : {}),
  };
}
