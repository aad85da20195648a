/**
 * Where the API process's CPU went while the tRPC target was under load:
 * reads a `.cpuprofile` written by `BENCH_CPU_PROFILE_DIR=… npm run bench`
 * (node --cpu-prof on the server process), keeps the 200 ms slices in which
 * tRPC requests were being resolved (warm-up and measured rounds of the tRPC
 * target; the bare rounds run at other times), and puts each sample in the
 * first category its stack matches. With the tRPC target's req/s it also
 * prints milliseconds per request (requests ≈ req/s × the slices' length).
 *
 *   npx tsx src/profile-summary.ts /tmp/prof/CPU….cpuprofile 1059
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** First match wins; tested against the whole stack, leaf first, one frame per line. */
const CATEGORIES: [string, RegExp][] = [
  ["idle", /^\(idle\)@/],
  ["garbage collection", /^\(garbage collector\)@/],
  ["socket write: query to PostgreSQL", /^writev@[^\n]*\n(?:.*\n)*?submit@[^\n]*pg\/lib\/query/],
  ["socket write: HTTP response", /^writev@/],
  ["superjson", /superjson/],
  ["zod (input and output)", /node_modules\/zod\//],
  ["session and access lookup (cache, query, settle)", /sessionWithOrgAccess|settleSession|session-access/],
  ["organization read (org.get's own query)", /getOrganization/],
  ["Prisma client", /@prisma\/|wasm:\/\//],
  ["pg driver (protocol, rows, pool)", /node_modules\/pg(?:-protocol|-pool|-types)?\/|postgres-date/],
  ["tRPC adapter: Fetch Request/Response, AbortSignal", /undici|abort_controller|webstreams|incomingMessageToRequest/],
  ["tRPC: procedure chain, middlewares, response", /@trpc\/server/],
  ["RBAC decision", /packages\/rbac/],
  ["Atrium API and core code", /apps\/api|packages\/core|@fastify\/cookie|@oslojs/],
  ["Fastify (routing, hooks, reply)", /fastify|find-my-way/],
  ["Node.js HTTP, sockets, timers", /node:|^\(program\)@/],
];
const SLICE_US = 200_000;

const [file, rpsArg] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx src/profile-summary.ts <file.cpuprofile> [tRPC req/s]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const classified = new Map<number, { category: string; trpc: boolean }>();
function classify(id: number) {
  let known = classified.get(id);
  if (known) return known;
  const frames: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const { functionName, url } = byId.get(at)!.callFrame;
    frames.push(`${functionName}@${url}`);
  }
  const stack = frames.join("\n");
  known = { category: CATEGORIES.find(([, pattern]) => pattern.test(stack))?.[0] ?? "other", trpc: stack.includes("resolveResponse") };
  classified.set(id, known);
  return known;
}

let clock = profile.startTime;
const times = profile.timeDeltas.map((delta) => (clock += delta));
const trpcSamples = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (classify(id).trpc) trpcSamples.set(Math.floor(times[i]! / SLICE_US), (trpcSamples.get(Math.floor(times[i]! / SLICE_US)) ?? 0) + 1);
});
const slices = new Set([...trpcSamples].filter(([, count]) => count >= 3).map(([slice]) => slice));

const totals = new Map<string, number>();
let sampled = 0;
profile.samples.forEach((id, i) => {
  if (!slices.has(Math.floor(times[i]! / SLICE_US))) return;
  const delta = profile.timeDeltas[i]!;
  totals.set(classify(id).category, (totals.get(classify(id).category) ?? 0) + delta);
  sampled += delta;
});

const seconds = (slices.size * SLICE_US) / 1e6;
const requests = rpsArg ? Number(rpsArg) * seconds : undefined;
console.log(`tRPC under load for ${seconds.toFixed(1)} s; ${(sampled / 1000).toFixed(0)} ms sampled${requests ? `; ≈ ${Math.round(requests)} requests` : ""}`);
for (const [category, us] of [...totals].sort((a, b) => b[1] - a[1])) {
  const share = ((us / sampled) * 100).toFixed(1).padStart(5);
  const perRequest = requests ? `${(us / 1000 / requests).toFixed(3).padStart(7)} ms/request` : "";
  console.log(`${share} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${perRequest}  ${category}`);
}
