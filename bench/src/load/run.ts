/**
 * `npm run bench:load`: a bounded soak of `npm start`'s setup on loopback.
 *
 * Brings up PostgreSQL, the API and the worker as separate processes
 * (stack.ts), signs in several demo admins, points an audit alert rule's
 * webhook and Acme's SIEM stream at a receiver in this process, then runs the
 * request mix (mix.ts) from BENCH_LOAD_USERS virtual users at about
 * BENCH_LOAD_RATE requests per second in total, for BENCH_LOAD_SECONDS or
 * until BENCH_LOAD_MAX_REQUESTS, whichever comes first. Every few seconds it
 * samples the API's, worker's and PostgreSQL's resident memory and the queue
 * lag the worker reports. Prints a table, writes bench/results/load.json and
 * the chart bench/results/load.svg (and load.png when Chromium is at hand),
 * stops everything and exits 1 if any request answered outside 2xx.
 */
import { createServer } from "node:http";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_SCIM_TOKEN } from "@atrium/core/scim";
import { DEMO_PASSWORD } from "@atrium/core/seed";
import { readLoadBenchEnv } from "../env.ts";
import { AdminClient, scimCall } from "./client.ts";
import { CLASS_WEIGHTS, CLASSES, pickClass, pickOperation, virtualUser, type RequestClass, type UserSetup, type VirtualUser } from "./mix.ts";
import { chartSvg, memoryTrend, p99Series, summarize, table, type ResourceSample, type Sample } from "./report.ts";
import { postgresSampler, queueLag, rssMb } from "./sampler.ts";
import { startStack, type Stack } from "./stack.ts";


const RESULTS = fileURLToPath(new URL("../../results/", import.meta.url));
const log = (line: string) => console.error(`bench:load: ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Interactive classes held to the p99 < 100 ms target. */
const INTERACTIVE: RequestClass[] = ["read", "write"];

/** The demo admins the virtual users act as, each in their own organization. */
const ADMINS = [
  { email: "admin@acme.example", org: "acme", domain: "acme.example", scim: true },
  { email: "it@globex.example", org: "globex", domain: "globex.example", scim: false },
  { email: "sam.patel@acme.example", org: "acme", domain: "acme.example", scim: true },
  { email: "security@umbrella.example", org: "umbrella", domain: "umbrella.example", scim: false },
  { email: "admin@tyrell.example", org: "tyrell", domain: "tyrell.example", scim: false },
  { email: "bill.lumbergh@initech.example", org: "initech", domain: "initech.example", scim: false },
];

/** Events in a SIEM batch: a JSON array, an object holding one, or NDJSON lines. */
function eventCount(body: string): number {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (Array.isArray(parsed)) return parsed.length;
    const list = Object.values(parsed as Record<string, unknown>).find(Array.isArray);
    return list ? list.length : 1;
  } catch {
    return body.split("\n").filter((l) => l.trim()).length;
  }
}

/** Receives the alert webhooks and SIEM stream batches the worker sends. */
async function startReceiver() {
  const received = { alert: 0, siem: 0, siemEvents: 0, other: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (req.url?.startsWith("/alert")) received.alert++;
      else if (req.url?.startsWith("/siem")) {
        received.siem++;
        received.siemEvents += eventCount(body);
      } else received.other++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function setUp(stack: Stack, receiverUrl: string, users: number) {
  const clients = new Map<string, AdminClient>();
  for (const admin of ADMINS) clients.set(admin.email, await AdminClient.signIn(stack.apiUrl, admin.email, DEMO_PASSWORD));
  const acme = stack.demo.organizations["acme"]!;
  const owner = clients.get("admin@acme.example")!;

  // Webhook deliveries: an alert on every membership/invitation change, and a generic SIEM stream.
  const rule = await owner.mutate("audit.alerts.create", {
    orgId: acme, name: "Load run: membership changes", actions: ["membership.*", "invitation.*"], threshold: 1, windowSeconds: 0, notifyAdmins: false, webhookUrl: `${receiverUrl}/alert`,
  });
  const stream = await owner.mutate("audit.streams.save", { orgId: acme, kind: "generic", url: `${receiverUrl}/siem`, enabled: true, batchSize: 500 });
  log(`alert rule: ${rule.status}, SIEM stream: ${stream.status}`);

  // Members whose role the users toggle: SCIM-provisioned ones in Acme, the seeded members and viewers elsewhere.
  const assigned = new Set<string>();
  const targetsFor = async (admin: (typeof ADMINS)[number], orgId: string, count: number): Promise<string[]> => {
    if (admin.scim) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const userName = `role-target-${admin.email.split("@")[0]}-${i}@${admin.domain}`;
        const reply = await scimCall(stack.apiUrl, DEMO_SCIM_TOKEN, "POST", "/Users", {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, name: { givenName: "Role", familyName: "Target" }, emails: [{ value: userName, primary: true }], active: true,
        });
        const id = (reply.body as { id?: string }).id;
        const member = await clients.get(admin.email)!.query("members.list", { orgId, q: userName, page: 1, pageSize: 5 });
        const row = (member.body as { rows?: { userId: string; email: string }[] }).rows?.find((r) => r.email === userName);
        if (reply.status === 201 && id && row) ids.push(row.userId);
      }
      return ids;
    }
    const list = await clients.get(admin.email)!.query("members.list", { orgId, page: 1, pageSize: 200 });
    const rows = (list.body as { rows?: { userId: string; email: string; role: { key: string }; status: string }[] }).rows ?? [];
    return rows
      .filter((r) => (r.role.key === "member" || r.role.key === "viewer") && r.status === "active" && !ADMINS.some((a) => a.email === r.email) && !assigned.has(r.userId))
      .slice(0, count)
      .map((r) => (assigned.add(r.userId), r.userId));
  };

  const vus: VirtualUser[] = [];
  const disabled: string[] = [];
  for (let index = 0; index < users; index++) {
    const admin = ADMINS[index % ADMINS.length]!;
    const orgId = stack.demo.organizations[admin.org]!;
    const client = clients.get(admin.email)!;
    const memberIds = await targetsFor(admin, orgId, 2);
    const setup: UserSetup = { client, orgId, domain: admin.domain, roleTargets: memberIds, groupMembers: memberIds.slice(0, 2), scimToken: admin.scim ? DEMO_SCIM_TOKEN : null, index };
    const vu = virtualUser(setup);
    // One call of each operation: an operation this organization's plan refuses is left out, and said so.
    for (const c of CLASSES) {
      const kept = [];
      for (const op of vu.ops[c]) {
        const reply = await op.run();
        if (reply.status >= 200 && reply.status < 300) kept.push(op);
        else disabled.push(`${vu.label} ${op.name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 160)}`);
      }
      vu.ops[c] = kept;
    }
    vus.push(vu);
  }
  return { vus, disabled, webhooks: { rule: rule.status, stream: stream.status } };
}

async function main() {
  const env = readLoadBenchEnv();
  const receiver = await startReceiver();
  const stack = await startStack({ databaseUrl: env.DATABASE_URL, log, keepLogsIn: RESULTS }).catch(async (error: unknown) => {
    await receiver.close();
    throw error;
  });
  let exitCode = 0;
  try {
    const { vus, disabled, webhooks } = await setUp(stack, receiver.url, env.BENCH_LOAD_USERS);
    for (const line of disabled) log(`left out: ${line}`);

    const samples: Sample[] = [];
    const resources: ResourceSample[] = [];
    const unexpected: { op: string; status: number; body: string }[] = [];
    const postgresRss = postgresSampler(stack.postgresPort);
    const warmupEnds = Date.now() + env.BENCH_LOAD_WARMUP_SECONDS * 1000;
    let started = 0;
    let deadline = 0;
    let sent = 0;
    const measuring = () => started > 0;
    const elapsed = () => (Date.now() - started) / 1000;
    const meanThinkMs = (1000 * env.BENCH_LOAD_USERS) / env.BENCH_LOAD_RATE;

    const runUser = async (vu: VirtualUser) => {
      for (;;) {
        if (measuring() && (Date.now() >= deadline || sent >= env.BENCH_LOAD_MAX_REQUESTS)) return;
        if (stack.crashed()) return;
        // Exponential think time: arrivals look random, about RATE per second in all.
        await sleep(-Math.log(1 - Math.random()) * meanThinkMs);
        const cls = pickClass(CLASS_WEIGHTS, (c) => vu.ops[c].length > 0);
        if (!cls) return;
        const op = pickOperation(vu, cls);
        const counted = measuring();
        if (counted) sent++;
        const t0 = performance.now();
        let status = 0;
        let body = "";
        try {
          const reply = await op.run();
          status = reply.status;
          if (status < 200 || status >= 300) body = JSON.stringify(reply.body).slice(0, 300);
        } catch (error) {
          body = (error as Error).message;
        }
        const ms = performance.now() - t0;
        if (!counted) continue;
        samples.push({ t: elapsed(), cls, op: op.name, ms, status });
        if (status < 200 || status >= 300) {
          unexpected.push({ op: op.name, status, body });
          if (unexpected.length <= 10) log(`unexpected ${status} from ${op.name}: ${body}`);
        }
      }
    };

    const sampleOnce = async () => {
      const [apiMb, workerMb, postgresMb, lag] = await Promise.all([rssMb(stack.pids.api), rssMb(stack.pids.worker), postgresRss(), queueLag(stack.workerMetricsUrl)]);
      resources.push({ t: elapsed(), apiMb, workerMb, postgresMb, lag: lag?.lag ?? null, waiting: lag?.waiting ?? null });
    };

    log(`${vus.length} users, about ${env.BENCH_LOAD_RATE} req/s, warm-up ${env.BENCH_LOAD_WARMUP_SECONDS} s, then ${env.BENCH_LOAD_SECONDS} s (at most ${env.BENCH_LOAD_MAX_REQUESTS} requests)`);
    const running = vus.map(runUser);
    await sleep(Math.max(0, warmupEnds - Date.now()));
    started = Date.now();
    deadline = started + env.BENCH_LOAD_SECONDS * 1000;
    await sampleOnce();
    const sampler = setInterval(() => void sampleOnce(), env.BENCH_LOAD_SAMPLE_SECONDS * 1000);
    const progress = setInterval(() => log(`${Math.round(elapsed())} s: ${samples.length} requests, ${unexpected.length} errors`), 30_000);
    await Promise.all(running);
    const seconds = elapsed();
    clearInterval(sampler);
    clearInterval(progress);
    await sampleOnce();
    // Let the worker drain what the run queued, then read the receiver's counts.
    await sleep(3000);
    const crash = stack.crashed();

    const byClass = Object.fromEntries(CLASSES.map((c) => [c, summarize(samples.filter((s) => s.cls === c), seconds)])) as Record<RequestClass, ReturnType<typeof summarize>>;
    const ops = [...new Set(samples.map((s) => s.op))].sort();
    const byOperation = Object.fromEntries(ops.map((op) => [op, summarize(samples.filter((s) => s.op === op), seconds)]));
    const total = summarize(samples, seconds);
    const memory = {
      api: memoryTrend(resources.map((r) => r.apiMb)),
      worker: memoryTrend(resources.map((r) => r.workerMb)),
      postgres: memoryTrend(resources.map((r) => r.postgresMb)),
    };
    const queues = [...new Set(resources.flatMap((r) => Object.keys(r.lag ?? {})))].sort();
    const queueLagMax = Object.fromEntries(queues.map((q) => [q, Math.max(0, ...resources.map((r) => r.lag?.[q] ?? 0))]));
    const p99 = p99Series(samples, seconds, 10);
    const targets = {
      zeroErrors: unexpected.length === 0 && !crash,
      interactiveP99Under100ms: INTERACTIVE.every((c) => byClass[c].p99 < 100),
      flatMemory: Object.values(memory).every((m) => m === null || m.flat),
    };
    const machine = { cpus: availableParallelism(), loadavgAtEnd: loadavg().map((x) => Number(x.toFixed(2))) };

    const rows = [["class", "requests", "req/s", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"]];
    for (const c of CLASSES) {
      const s = byClass[c];
      rows.push([c, String(s.requests), s.rps.toFixed(1), String(s.errors), s.p50.toFixed(1), s.p95.toFixed(1), s.p99.toFixed(1), s.max.toFixed(0)]);
    }
    rows.push(["all", String(total.requests), total.rps.toFixed(1), String(total.errors), total.p50.toFixed(1), total.p95.toFixed(1), total.p99.toFixed(1), total.max.toFixed(0)]);
    const memRows = [["process", "first MB", "last MB", "max MB", "growth MB", "flat"]];
    for (const [name, m] of Object.entries(memory)) memRows.push(m ? [name, m.firstMb.toFixed(0), m.lastMb.toFixed(0), m.maxMb.toFixed(0), m.growthMb.toFixed(0), m.flat ? "yes" : "NO"] : [name, "n/a", "n/a", "n/a", "n/a", "n/a"]);
    const lagRows = [["queue", "max lag s"], ...queues.filter((q) => queueLagMax[q]! > 0 || ["scim-sync", "audit-alerts", "audit-stream", "email-outbox"].includes(q)).map((q) => [q, queueLagMax[q]!.toFixed(1)])];

    console.log(`\nLoad run: ${seconds.toFixed(0)} s measured, ${vus.length} users, target ${env.BENCH_LOAD_RATE} req/s; machine ${machine.cpus} CPUs, load average ${machine.loadavgAtEnd.join(" ")}\n`);
    console.log(table(rows));
    console.log("");
    console.log(table(memRows));
    console.log("");
    console.log(table(lagRows));
    console.log(`\nwebhooks received: ${receiver.received.alert} alert deliveries, ${receiver.received.siem} SIEM batches (${receiver.received.siemEvents} events)`);
    console.log(`targets: zero errors ${targets.zeroErrors ? "met" : "MISSED"}; interactive p99 < 100 ms ${targets.interactiveP99Under100ms ? "met" : "MISSED"}; flat memory ${targets.flatMemory ? "met" : "MISSED"}`);
    if (crash) console.log(crash);

    await mkdir(RESULTS, { recursive: true });
    const title = `Atrium load run: ${seconds.toFixed(0)} s, ${total.requests} requests (${total.rps.toFixed(1)} req/s), ${total.errors} errors`;
    const svg = chartSvg({ title, seconds, resources, p99 });
    await writeFile(join(RESULTS, "load.svg"), svg);
    const png = await renderPng(svg, join(RESULTS, "load.png"));
    const result = {
      ranAt: new Date().toISOString(),
      settings: { seconds: env.BENCH_LOAD_SECONDS, measuredSeconds: Number(seconds.toFixed(1)), maxRequests: env.BENCH_LOAD_MAX_REQUESTS, users: vus.length, rate: env.BENCH_LOAD_RATE, warmupSeconds: env.BENCH_LOAD_WARMUP_SECONDS },
      machine,
      total,
      byClass,
      byOperation,
      unexpected: unexpected.slice(0, 100),
      leftOut: disabled,
      memory,
      queueLagMaxSeconds: queueLagMax,
      webhooks: { setup: webhooks, received: receiver.received },
      targets,
      series: { resources, p99 },
      chart: { svg: join(RESULTS, "load.svg"), png },
    };
    await writeFile(join(RESULTS, "load.json"), JSON.stringify(result, null, 2));
    log(`wrote ${join(RESULTS, "load.json")} and ${join(RESULTS, "load.svg")}${png ? ` and ${png}` : ""}`);
    if (!targets.zeroErrors) exitCode = 1;
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    await stack.stop();
    await receiver.close();
  }
  process.exit(exitCode);
}

/** The chart as PNG through the repository's Chromium (playwright-core); null when that is not at hand. */
async function renderPng(svg: string, path: string): Promise<string | null> {
  try {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    try {
      const page = await browser.newPage({ viewport: { width: 960, height: 720 } });
      await page.setContent(`<html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>/, "")}</body></html>`);
      await page.screenshot({ path, clip: { x: 0, y: 0, width: 960, height: 720 } });
      return path;
    } finally {
      await browser.close();
    }
  } catch (error) {
    log(`no PNG: ${(error as Error).message.split("\n")[0]}`);
    return null;
  }
}

await main();
