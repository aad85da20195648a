/**
 * `npm run bench:scim`: an Entra-style first sync through real HTTP against a
 * raw `pg` loop doing the same writes on the same database, in one run.
 *
 * SCIM target (the Atrium API in its own process, demo token of Acme):
 *   for each user  GET /Users?filter=userName eq "…"  then  POST /Users;
 *   for each group GET /Groups?filter=displayName eq "…" then POST /Groups, then
 *   PATCH add members in chunks of CHUNK (as Entra does).
 * Baseline (pg.Pool in this process, another organization): for each user the
 * same lookup (SELECT by user_name) then an upsert of the user, membership and
 * provisioned-user rows in one transaction; for each group the lookup, an
 * insert, and chunked member inserts. Both sides run CONCURRENCY requests at a
 * time. Then one PATCH adding 5,000 members to one group (target < 2 s).
 *
 * BENCH_SCIM_USERS / BENCH_SCIM_GROUPS shrink the run (defaults 10,000 / 200).
 * BENCH_CPU_PROFILE_DIR profiles the API process (`node --cpu-prof`) as `npm run bench` does.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { seedDemo, type DemoData } from "@atrium/core/seed";
import { createDb } from "@atrium/db";
import pg from "pg";
import { createBenchDatabase } from "./database.ts";
import { readBenchEnv } from "./env.ts";
import { postgresServerPid, processCpuMs, processTreeCpuMs } from "./process-cpu.ts";
import { startServers } from "./servers/start-servers.ts";

const USERS = Number(process.env["BENCH_SCIM_USERS"] ?? 10_000); // eslint-disable-line no-restricted-properties
const GROUPS = Number(process.env["BENCH_SCIM_GROUPS"] ?? 200); // eslint-disable-line no-restricted-properties
const CONCURRENCY = Number(process.env["BENCH_SCIM_CONCURRENCY"] ?? 4); // eslint-disable-line no-restricted-properties
const CHUNK = 50;
const BIG_GROUP = 5_000;
const TOKEN = "atrium_scim_demo_acme";
const log = (line: string) => console.error(`bench:scim: ${line}`);

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

class Timings {
  readonly all: number[] = [];
  readonly byKind = new Map<string, number[]>();
  async time<T>(kind: string, f: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await f();
    const ms = performance.now() - start;
    this.all.push(ms);
    (this.byKind.get(kind) ?? this.byKind.set(kind, []).get(kind)!).push(ms);
    return result;
  }
  summary(list = this.all) {
    const sorted = [...list].sort((a, b) => a - b);
    return { requests: sorted.length, p50: +percentile(sorted, 50).toFixed(2), p99: +percentile(sorted, 99).toFixed(2) };
  }
}

/** Runs f over items with `concurrency` in flight. */
async function pool<T>(items: T[], concurrency: number, f: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await f(items[i]!, i);
      }
    }),
  );
}

const userName = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, "0")}@bench.example`;
const groupMembers = (g: number) => Array.from({ length: Math.ceil(USERS / GROUPS) }, (_, k) => (g * Math.ceil(USERS / GROUPS) + k) % USERS);

/** PostgreSQL's CPU per user of a users' phase, from the readings around it (null when unknown). */
function perUser(start: number | null, end: number | null): number | null {
  return start !== null && end !== null ? (end - start) / USERS : null;
}

async function scimSide(api: string, timings: Timings, serverCpuMs: () => number | null, databaseCpuMs: () => number | null) {
  const agentHeaders = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };
  const call = async (kind: string, method: string, path: string, body?: unknown, expect = [200, 201]) =>
    timings.time(kind, async () => {
      const r = await fetch(`${api}/scim/v2${path}`, { method, headers: agentHeaders, ...(body ? { body: JSON.stringify(body) } : {}) });
      const json = (await r.json()) as { id?: string; totalResults?: number; detail?: string };
      if (!expect.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${json.detail ?? ""}`);
      return json;
    });
  const ids: string[] = new Array(USERS);
  const usersStart = performance.now();
  const cpuStart = serverCpuMs();
  const dbCpuStart = databaseCpuMs();
  await pool([...Array(USERS).keys()], CONCURRENCY, async (i) => {
    const name = userName("entra", i);
    const found = await call("GET filter", "GET", `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`);
    if (found.totalResults !== 0) throw new Error(`${name} already exists`);
    const created = await call("POST /Users", "POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      userName: name,
      externalId: `ext-${i}`,
      active: true,
      displayName: `Bench User ${i}`,
      name: { givenName: "Bench", familyName: `User ${i}` },
      emails: [{ value: name, type: "work", primary: true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: `Dept ${i % 20}`, employeeNumber: String(i) },
    });
    ids[i] = created.id!;
  });
  const usersSeconds = (performance.now() - usersStart) / 1000;
  const cpuEnd = serverCpuMs();
  const usersDbCpuMsPerUser = perUser(dbCpuStart, databaseCpuMs());
  // The API process's CPU (user + system) per request of the users' phase (a lookup and a creation per user).
  const usersCpuMsPerRequest = cpuStart !== null && cpuEnd !== null ? (cpuEnd - cpuStart) / (2 * USERS) : null;
  const groupsStart = performance.now();
  let groupRequests = 0;
  await pool([...Array(GROUPS).keys()], CONCURRENCY, async (g) => {
    groupRequests += 2 + Math.ceil(groupMembers(g).length / CHUNK);
    const displayName = `Bench group ${g}`;
    await call("GET filter", "GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}&excludedAttributes=members`);
    const group = await call("POST /Groups", "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName, externalId: `g-${g}` });
    const members = groupMembers(g);
    for (let k = 0; k < members.length; k += CHUNK) {
      const chunk = members.slice(k, k + CHUNK).map((i) => ({ value: ids[i] }));
      await call("PATCH /Groups members", "PATCH", `/Groups/${group.id}?excludedAttributes=members`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "Add", path: "members", value: chunk }],
      });
    }
  });
  const groupsSeconds = (performance.now() - groupsStart) / 1000;
  const groupsCpuEnd = serverCpuMs();
  const groupsCpuMsPerRequest = cpuEnd !== null && groupsCpuEnd !== null ? (groupsCpuEnd - cpuEnd) / groupRequests : null;
  // One PATCH adding 5,000 members to one group.
  const big = await call("POST /Groups", "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "All staff" });
  const bigStart = performance.now();
  await call("PATCH 5,000 members", "PATCH", `/Groups/${big.id}?excludedAttributes=members`, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "Add", path: "members", value: ids.slice(0, Math.min(BIG_GROUP, USERS)).map((value) => ({ value })) }],
  });
  const bigMs = performance.now() - bigStart;
  return { usersSeconds, groupsSeconds, bigMs, usersCpuMsPerRequest, groupsCpuMsPerRequest, usersDbCpuMsPerUser };
}

async function rawSide(databaseUrl: string, organizationId: string, timings: Timings, databaseCpuMs: () => number | null) {
  const db = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  try {
    const userIds: string[] = new Array(USERS);
    const usersStart = performance.now();
    const dbCpuStart = databaseCpuMs();
    await pool([...Array(USERS).keys()], CONCURRENCY, async (i) => {
      const name = userName("raw", i);
      await timings.time("lookup", () => db.query("SELECT id FROM scim_users WHERE organization_id = $1 AND user_name = $2", [organizationId, name]));
      await timings.time("upsert", async () => {
        const client = await db.connect();
        try {
          await client.query("BEGIN");
          const u = await client.query<{ id: string }>(
            "INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = excluded.name RETURNING id",
            [name, `Bench User ${i}`],
          );
          const userId = u.rows[0]!.id;
          await client.query(
            `INSERT INTO memberships (organization_id, user_id, role, attributes) VALUES ($1, $2, 'member', $3)
             ON CONFLICT (organization_id, user_id) DO UPDATE SET attributes = excluded.attributes`,
            [organizationId, userId, JSON.stringify({ department: `Dept ${i % 20}`, employeeNumber: String(i) })],
          );
          await client.query(
            `INSERT INTO scim_users (organization_id, user_id, user_name, external_id, resource) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (organization_id, user_name) DO UPDATE SET resource = excluded.resource`,
            [organizationId, userId, name, `ext-${i}`, JSON.stringify({ name: { givenName: "Bench" } })],
          );
          await client.query("COMMIT");
          userIds[i] = userId;
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        } finally {
          client.release();
        }
      });
    });
    const usersSeconds = (performance.now() - usersStart) / 1000;
    const usersDbCpuMsPerUser = perUser(dbCpuStart, databaseCpuMs());
    const groupsStart = performance.now();
    await pool([...Array(GROUPS).keys()], CONCURRENCY, async (g) => {
      const name = `Raw group ${g}`;
      await timings.time("lookup", () => db.query("SELECT id FROM groups WHERE organization_id = $1 AND name = $2", [organizationId, name]));
      const group = await timings.time("upsert", () =>
        db.query<{ id: string }>("INSERT INTO groups (organization_id, name, source) VALUES ($1, $2, 'scim') RETURNING id", [organizationId, name]),
      );
      const members = groupMembers(g);
      for (let k = 0; k < members.length; k += CHUNK) {
        const chunk = members.slice(k, k + CHUNK).map((i) => userIds[i]!);
        await timings.time("members", () =>
          db.query("INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING", [group.rows[0]!.id, chunk]),
        );
      }
    });
    const groupsSeconds = (performance.now() - groupsStart) / 1000;
    return { usersSeconds, groupsSeconds, usersDbCpuMsPerUser };
  } finally {
    await db.end();
  }
}

const ms = (value: number | null) => (value === null ? "–" : `${value.toFixed(2)} ms`);

async function main() {
  const env = readBenchEnv();
  const database = await createBenchDatabase(env.DATABASE_URL);
  let stopServers: (() => Promise<void>) | undefined;
  try {
    log(`migrated ${database.description}; ${USERS} users, ${GROUPS} groups, ${CONCURRENCY} requests in flight`);
    const seedDb = createDb(database.url, { maxConnections: 2 });
    let demo: DemoData;
    try {
      demo = await seedDemo(seedDb);
    } finally {
      await seedDb.$disconnect();
    }
    const servers = await startServers(database.url, 10, { cpuProfileDir: env.BENCH_CPU_PROFILE_DIR });
    const postmaster = await postgresServerPid(database.url);
    const databaseCpuMs = () => (postmaster === null ? null : processTreeCpuMs(postmaster));
    stopServers = servers.stop;
    const scimTimings = new Timings();
    const rawTimings = new Timings();
    log("baseline: raw pg loop");
    const raw = await rawSide(database.url, demo.organizations["globex"]!, rawTimings, databaseCpuMs);
    log("SCIM over HTTP");
    const scim = await scimSide(servers.trpc, scimTimings, () => processCpuMs(servers.pid), databaseCpuMs);

    const scimUsersPerSecond = USERS / scim.usersSeconds;
    const rawUsersPerSecond = USERS / raw.usersSeconds;
    const scimSummary = scimTimings.summary();
    const rawSummary = rawTimings.summary();
    const objectsPerMinute = ((USERS + GROUPS) / (scim.usersSeconds + scim.groupsSeconds)) * 60;
    const lines = [
      `target    users/s   users+groups s   requests   p50 ms   p99 ms`,
      `raw pg    ${rawUsersPerSecond.toFixed(0).padStart(7)}   ${(raw.usersSeconds + raw.groupsSeconds).toFixed(1).padStart(14)}   ${String(rawSummary.requests).padStart(8)}   ${String(rawSummary.p50).padStart(6)}   ${String(rawSummary.p99).padStart(6)}`,
      `SCIM      ${scimUsersPerSecond.toFixed(0).padStart(7)}   ${(scim.usersSeconds + scim.groupsSeconds).toFixed(1).padStart(14)}   ${String(scimSummary.requests).padStart(8)}   ${String(scimSummary.p50).padStart(6)}   ${String(scimSummary.p99).padStart(6)}`,
      "",
      ...[...scimTimings.byKind].map(([kind, list]) => {
        const s = scimTimings.summary(list);
        return `  SCIM ${kind.padEnd(22)} ${String(s.requests).padStart(6)} requests  p50 ${s.p50} ms  p99 ${s.p99} ms`;
      }),
      "",
      `API process CPU per request: users' phase ${scim.usersCpuMsPerRequest === null ? "–" : `${scim.usersCpuMsPerRequest.toFixed(2)} ms`}, groups' phase ${scim.groupsCpuMsPerRequest === null ? "–" : `${scim.groupsCpuMsPerRequest.toFixed(2)} ms`}`,
      `PostgreSQL CPU per user of the users' phase: raw ${ms(raw.usersDbCpuMsPerUser)}, SCIM ${ms(scim.usersDbCpuMsPerUser)} (a lookup and a creation each)`,
      `SCIM/raw users/s ${(scimUsersPerSecond / rawUsersPerSecond).toFixed(2)}×, p99 ${(scimSummary.p99 / rawSummary.p99).toFixed(1)}×`,
      `pace: ${objectsPerMinute.toFixed(0)} objects/min = ${(objectsPerMinute / 100).toFixed(0)}× Entra's ~100 objects/min (target ≥ 30×); p99 per request ${scimSummary.p99} ms (target < 100 ms)`,
      `PATCH adding ${Math.min(BIG_GROUP, USERS)} members to one group: ${scim.bigMs.toFixed(0)} ms (target < 2000 ms)`,
    ];
    console.log(lines.join("\n"));
    await mkdir(new URL("../results/", import.meta.url), { recursive: true });
    await writeFile(
      new URL("../results/scim-latest.json", import.meta.url),
      JSON.stringify({ users: USERS, groups: GROUPS, concurrency: CONCURRENCY, chunk: CHUNK, raw: { ...raw, usersPerSecond: rawUsersPerSecond, ...rawSummary }, scim: { ...scim, usersPerSecond: scimUsersPerSecond, objectsPerMinute, ...scimSummary, byKind: Object.fromEntries([...scimTimings.byKind].map(([k, l]) => [k, scimTimings.summary(l)])) } }, null, 2),
    );
  } finally {
    await stopServers?.().catch(() => {});
    await database.drop().catch(() => {});
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? `bench:scim failed: ${error.message}` : error);
  process.exitCode = 1;
}
process.exit();
