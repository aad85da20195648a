/**
 * `npm start` as a newcomer runs it: from an empty data directory it brings
 * up PostgreSQL, the demo data, the API with both SPAs, the worker and the
 * demo product Notes; Ctrl-C
 * (SIGINT to the whole process group, as a terminal sends it) stops
 * everything, and a second start reuses the data.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@atrium/db/embedded";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), "atrium-start-"));
await chmod(dataDir, 0o755); // the server may run as the postgres user, who must reach its directory
const pgPort = await freePort();
const port = await freePort();
const demoPort = await freePort();
const base = `http://127.0.0.1:${port}`;
afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
}

function start(): Promise<Started> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env, ATRIUM_DATA_DIR: dataDir, ATRIUM_PG_PORT: String(pgPort), PORT: String(port), PRODUCT_DEMO_PORT: String(demoPort), LOG_LEVEL: "warn" },
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 120 s:\n${output}`)), 120_000);
    const check = setInterval(() => {
      if (output.includes("Atrium is running")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    }, 100);
    child.on("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}):\n${output}`));
    });
  });
}

/** Ctrl-C: SIGINT to the launcher's process group; resolves when the launcher has exited. */
function interrupt({ child }: Started): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", (code) => resolve(code));
    process.kill(-child.pid!, "SIGINT");
  });
}

const portIsClosed = async (url: string) => fetch(url).then(() => false, () => true);

describe("npm start", () => {
  it("serves the API and both SPAs with the demo data, and prints the demo logins", async () => {
    const started = await start();
    try {
      expect(started.output()).toContain("admin@acme.example");
      expect(started.output()).toMatch(/loaded [\d,]+ demo product usage events for the analytics page/);
      expect(started.output()).toContain(`http://localhost:${port}/admin/`);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      for (const spa of ["/admin/", "/csm/"]) {
        const page = await fetch(`${base}${spa}`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="root"></div>');
      }
      const login = await fetch(`${base}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ json: { email: "csm@atrium.example", password: "atrium-demo" } }),
      });
      expect(login.status).toBe(200);

      expect(started.output()).toContain(`Demo product (Notes)  http://localhost:${demoPort}`);
      const notes = await fetch(`http://127.0.0.1:${demoPort}/`);
      expect(notes.status).toBe(200);
      expect(await notes.text()).toContain('<a href="/login">Sign in with Atrium</a>');
      // Notes found Atrium's OpenID Provider by discovery and sends people there.
      const signIn = await fetch(`http://127.0.0.1:${demoPort}/login`, { redirect: "manual" });
      expect(signIn.status).toBe(303);
      const authorize = new URL(signIn.headers.get("location")!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`http://localhost:${port}/oidc/auth`);
      expect(authorize.searchParams.get("client_id")).toBe("demo-product");
      expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    } finally {
      expect(await interrupt(started)).toBe(0);
    }
    expect(await portIsClosed(`${base}/healthz`)).toBe(true);
    expect(await portIsClosed(`http://127.0.0.1:${demoPort}/`)).toBe(true);
    expect(existsSync(join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
  });

  it("reuses the data on the next start and stops cleanly again", async () => {
    const started = await start();
    expect(started.output()).toContain("database schema is up to date");
    expect(started.output()).not.toContain("loaded demo data");
    expect(await interrupt(started)).toBe(0);
    expect(existsSync(join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
  });
});
