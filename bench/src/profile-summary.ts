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
 *
 * A third argument names another frame that marks the slices to keep, e.g.
 * `handleScim` for `npm run bench:scim`; a fourth, `span`, keeps every slice
 * from the first marked one to the last (the SCIM run is load throughout:
 * give its requests ÷ the SCIM side's seconds as req/s).
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
  // A corked socket writes with writev, an uncorked one (one simple-query message) with writeBuffer.
  ["socket write: query to PostgreSQL", /^(?:writev|writeBuffer|writeUtf8String)@[^\n]*\n(?:.*\n)*?submit@[^\n]*pg\/lib\/query/],
  ["socket write: HTTP response", /^(?:writev|writeBuffer|writeUtf8String)@/],
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

const [file, rpsArg, marker = "resolveResponse", span] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx src/profile-summary.ts <file.cpuprofile> [req/s] [marker frame, default resolveResponse] [span]");
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
  known = { category: CATEGORIES.find(([, pattern]) => pattern.test(stack))?.[0] ?? "other", trpc: stack.includes(marker) };
  classified.set(id, known);
  return known;
}

let clock = profile.startTime;
const times = profile.timeDeltas.map((delta) => (clock += delta));
const trpcSamples = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (classify(id).trpc) trpcSamples.set(Math.floor(times[i]! / SLICE_US), (trpcSamples.get(Math.floor(times[i]! / SLICE_US)) ?? 0) + 1);
});
const marked = [...trpcSamples].filter(([, count]) => count >= 3).map(([slice]) => slice);
// "span": every slice from the first marked one to the last (a run whose whole middle is load, e.g. bench:scim).
const slices = new Set(span === "span" ? Array.from({ length: Math.max(...marked) - Math.min(...marked) + 1 }, (_, i) => Math.min(...marked) + i) : marked);

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
console.log(`${marker} under load for ${seconds.toFixed(1)} s; ${(sampled / 1000).toFixed(0)} ms sampled${requests ? `; ≈ ${Math.round(requests)} requests` : ""}`);
for (const [category, us] of [...totals].sort((a, b) => b[1] - a[1])) {
  const share = ((us / sampled) * 100).toFixed(1).padStart(5);
  const perRequest = requests ? `${(us / 1000 / requests).toFixed(3).padStart(7)} ms/request` : "";
  console.log(`${share} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${perRequest}  ${category}`);
}
