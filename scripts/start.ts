/**
 * `npm start` (and `npm run dev` with --dev): the whole of Atrium on one
 * machine. Starts PostgreSQL (embedded under .data/ unless DATABASE_URL is
 * set), applies migrations, loads the demo data into an empty database,
 * builds the SPAs if needed, then runs the API and the worker as child
 * processes, then (once the API answers) the demo product Notes, and prints
 * where to go. Ctrl-C stops the children first, then
 * PostgreSQL, and leaves nothing running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { DEMO_LOGINS, DEMO_PASSWORD, isSeeded, seedDemo } from "@atrium/core/seed";
import { seedDemoUsageAnalytics } from "@atrium/core/seed/analytics";
import { createDb } from "@atrium/db";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@atrium/db/embedded";
import { readDbEnv, REPO_ROOT } from "@atrium/db/env";
import { migrate } from "@atrium/db/migrate";
import { z } from "zod";
import { SANDBOX_OIDC_CLIENT } from "@atrium/sso-sandbox";
import { startAndWireSandbox } from "./sso-sandbox.ts";

const started = Date.now();
const dev = process.argv.includes("--dev");
const log = (message: string) => console.log(`[atrium] ${message}`);

const env = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    NODE_ENV: z.string().default("development"),
    /** The development sandbox IdP (default: PORT + 900); "off" to skip it. */
    ATRIUM_SANDBOX_IDP_PORT: z.string().optional(),
    /** The worker's metrics listener (default: PORT + 1); "off" for none. */
    WORKER_METRICS_PORT: z.string().optional(),
    /** The demo product Notes (default 3100, the port its seeded redirect URIs name); "off" to skip it. */
    PRODUCT_DEMO_PORT: z.union([z.literal("off"), z.coerce.number().int().min(1).max(65535)]).default(3100),
  })
  .parse(process.env);
const dbEnv = readDbEnv();

const children: ChildProcess[] = [];
let postgres: EmbeddedPostgres | undefined;
let stopping = false;
let closeSandbox: (() => Promise<void>) | undefined;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await Promise.all(children.map((child) => stopChild(child)));
  await closeSandbox?.().catch(() => undefined);
  if (postgres) {
    await postgres.stop().catch((error: Error) => log(`PostgreSQL did not stop cleanly: ${error.message}`));
    log("PostgreSQL stopped");
  }
  process.exit(code);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/**
 * Runs a child process. When an essential one exits, everything stops; the
 * demo product is not essential (e.g. its port is taken): Atrium keeps running.
 */
function run(name: string, command: string, args: readonly string[], extraEnv: Record<string, string> = {}, essential = true): ChildProcess {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...extraEnv },
  });
  child.on("exit", (code, signal) => {
    if (!stopping && !essential) {
      log(`${name} exited (${signal ?? code}); Atrium keeps running without it`);
    } else if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

/** Runs a command to completion (used for the SPA build). */
function runToEnd(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${code})`))));
  });
}

const tsx = (file: string) => [process.execPath, ["--import", "tsx", join(REPO_ROOT, file)]] as const;

async function waitUntilReady(url: string, gaveUp: () => boolean = () => false) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (stopping) return;
    if (gaveUp()) throw new Error(`${url} exited before it was ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready within a minute`);
}

try {
  let databaseUrl = dbEnv.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startEmbeddedPostgres({ dataDir: join(dbEnv.dataDir, "postgres"), port: dbEnv.ATRIUM_PG_PORT, log });
    databaseUrl = postgres.url;
  }
  const applied = await migrate(databaseUrl, { log });
  log(applied.length ? `applied ${applied.length} migrations` : "database schema is up to date");

  const db = createDb(databaseUrl, { maxConnections: 2 });
  if (!(await isSeeded(db))) {
    const demo = await seedDemo(db);
    log(`loaded demo data: ${Object.keys(demo.organizations).length} organizations, ${Object.keys(demo.users).length} users`);
    if (env.NODE_ENV !== "production") log(`loaded ${(await seedDemoUsageAnalytics(db)).toLocaleString("en-US")} demo product usage events for the analytics page`);
  }
  // The sandbox IdP: development only (it refuses production), wired to Globex.
  let sandboxLine = "";
  if (env.NODE_ENV !== "production" && env.ATRIUM_SANDBOX_IDP_PORT !== "off") {
    const sandboxPort = env.ATRIUM_SANDBOX_IDP_PORT ? Number(env.ATRIUM_SANDBOX_IDP_PORT) : Math.min(env.PORT + 900, 65535);
    const wired = await startAndWireSandbox(db, { port: sandboxPort, nodeEnv: env.NODE_ENV }).catch((error: Error) => {
      log(`sandbox IdP not started: ${error.message}`);
      return null;
    });
    if (wired) {
      closeSandbox = wired.sandbox.close;
      sandboxLine = `
  Sandbox IdP (development only) ${wired.sandbox.url}
    Globex's "Sandbox IdP (SAML)" connection waits in test mode: sign in as it@globex.example,
    Single sign-on → Sandbox IdP (SAML) → Test connection, then Go live; then sign in as
    nina.novak@globex.example (any @globex.example person the sandbox lists) with "Continue with SSO".
    OIDC: discovery ${wired.sandbox.oidcDiscoveryUrl}, client ${SANDBOX_OIDC_CLIENT.clientId} / ${SANDBOX_OIDC_CLIENT.clientSecret}
`;
    }
  }
  await db.$disconnect();

  if (!dev) {
    log("building the web apps (cached when unchanged)…");
    await runToEnd(join(REPO_ROOT, "node_modules", ".bin", "turbo"), [
      "run", "build", "--filter=@atrium/admin-web", "--filter=@atrium/csm-web", "--output-logs=errors-only",
    ]);
  }

  const shared = { DATABASE_URL: databaseUrl, PORT: String(env.PORT) };
  run("api", ...tsx("apps/api/src/main.ts"), shared);
  run("worker", ...tsx("apps/worker/src/main.ts"), shared);
  if (dev) {
    const vite = join(REPO_ROOT, "node_modules", ".bin", "vite");
    run("admin-web (vite)", vite, ["--config", join(REPO_ROOT, "apps/admin-web/vite.config.ts"), join(REPO_ROOT, "apps/admin-web")]);
    run("csm-web (vite)", vite, ["--config", join(REPO_ROOT, "apps/csm-web/vite.config.ts"), join(REPO_ROOT, "apps/csm-web")]);
  }
  await waitUntilReady(`http://127.0.0.1:${env.PORT}/readyz`);

  const base = `http://localhost:${env.PORT}`;
  // Notes, the demo product, once the API answers (it discovers the OpenID Provider on first use).
  // @atrium/sdk resolves to its TypeScript source through the `atrium-source` condition: no SDK build needed.
  let demoLine = "";
  if (env.NODE_ENV !== "production" && env.PRODUCT_DEMO_PORT !== "off") {
    const demoUrl = `http://localhost:${env.PRODUCT_DEMO_PORT}`;
    const demo = run("product-demo", process.execPath, ["--conditions=atrium-source", "--import", "tsx", join(REPO_ROOT, "examples/product-demo/src/main.ts")], { ATRIUM_URL: base, PRODUCT_DEMO_PORT: String(env.PRODUCT_DEMO_PORT), PRODUCT_DEMO_URL: demoUrl }, false);
    const ready = await waitUntilReady(`http://127.0.0.1:${env.PRODUCT_DEMO_PORT}/`, () => demo.exitCode !== null || demo.signalCode !== null).then(
      () => true,
      (error: Error) => (log(`demo product not started: ${error.message}`), false),
    );
    if (ready) demoLine = `    Demo product (Notes)  ${demoUrl}   (sign in with any demo login)\n`;
  }
  const admin = dev ? "http://localhost:5173/admin/" : `${base}/admin/`;
  const csm = dev ? "http://localhost:5174/csm/" : `${base}/csm/`;
  console.log(`
  Atrium is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

    Admin console      ${admin}
    CSM portal         ${csm}
    API health         ${base}/healthz   ${base}/readyz   ${base}/metrics
    Product API (/v1)  ${base}/docs/api   (demo product key: atrium_sk_demo_product)
    OpenID Provider    ${base}/oidc   (discovery ${base}/oidc/.well-known/openid-configuration; client demo-product / atrium_sk_demo_product)
${demoLine}${env.WORKER_METRICS_PORT === "off" ? "" : `    Worker metrics     http://localhost:${env.WORKER_METRICS_PORT ?? env.PORT + 1}/metrics\n`}    Development mail   ${base}/dev/mail
${sandboxLine}
  Demo logins (development only), password "${DEMO_PASSWORD}":
${DEMO_LOGINS.map((l) => `    ${l.email.padEnd(22)} ${l.role}`).join("\n")}

  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(`[atrium] could not start: ${(error as Error).message}`);
  await shutdown(1);
}
